"""import_procedures and import_dossiers: formats, upserts, every rejection rule, all-or-nothing writes."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from dossiers.models import Agency, Dossier, MonthlySummary, Procedure
from tests import factories

D = datetime.date
PROC_HEADER = "code,name,sector,agency,processing_days,online_level\n"
DOSS_HEADER = (
    "code,procedure_code,agency,channel,received_at,due_date,supplement_completed_at,resolved_at,status,"
    "applicant_name,applicant_phone\n"
)


def write(tmp_path, text, bom=False, name="data.csv"):
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return str(path)


def run(command, path):
    out, err = StringIO(), StringIO()
    try:
        call_command(command, path, stdout=out, stderr=err)
        status = 0
    except CommandError as error:  # in-process, a rejection is CommandError(returncode=1); the shell gets 1
        status = error.returncode
    return status, out.getvalue(), [line for line in err.getvalue().splitlines() if line]


@pytest.fixture
def procedures(db, tmp_path):
    text = PROC_HEADER + (
        "1.001,Đăng ký khai sinh,Hộ tịch,UBND xã Bum Nưa,1,toan_trinh\n"
        "1.002,Cấp giấy phép xây dựng nhà ở riêng lẻ,Xây dựng,UBND huyện Mường Tè,15,3\n"
        '1.003,"Chứng thực bản sao, bản chính",Chứng thực,UBND huyện Mường Tè,0,2\n'
    )
    status, _out, errors = run("import_procedures", write(tmp_path, text, bom=True, name="p.csv"))
    assert (status, errors) == (0, [])


class TestProcedures:
    def test_import_with_bom_creates_agencies(self, procedures):
        assert Procedure.objects.count() == 3
        assert set(Agency.objects.values_list("name", flat=True)) == {
            "UBND xã Bum Nưa",
            "UBND huyện Mường Tè",
        }
        procedure = Procedure.objects.get(code="1.003")
        assert procedure.name == "Chứng thực bản sao, bản chính" and procedure.processing_days == 0
        assert MonthlySummary.objects.get(
            agency__isnull=True, month=timezone.localdate().replace(day=1)
        ).levels == {"2": 1, "3": 1, "toan_trinh": 1}

    def test_upsert_is_idempotent(self, procedures, tmp_path):
        text = PROC_HEADER + "1.002,Cấp giấy phép xây dựng (sửa),Xây dựng,UBND huyện Mường Tè,20,mot_phan\n"
        status, out, _errors = run("import_procedures", write(tmp_path, text))
        assert status == 0 and "0 procedures created, 1 updated" in out
        procedure = Procedure.objects.get(code="1.002")
        assert (procedure.processing_days, procedure.online_level) == (20, "mot_phan")
        assert Procedure.objects.count() == 3

    def test_rejections(self, db, tmp_path):
        text = PROC_HEADER + (
            "2.001,Đăng ký kết hôn,Hộ tịch,UBND xã Bum Nưa,3,2\n"
            "2.002,Đăng ký giám hộ,Hộ tịch,UBND xã Bum Nưa,ba ngày,2\n"
            "2.003,Đăng ký nhận cha mẹ con,Hộ tịch,UBND xã Bum Nưa,3,5\n"
            "2.001,Trùng mã,Hộ tịch,UBND xã Bum Nưa,3,2\n"
            "2.004,,Hộ tịch,UBND xã Bum Nưa,3,2\n"
        )
        status, _out, errors = run("import_procedures", write(tmp_path, text))
        assert status == 1
        assert errors[0].startswith("line 3 processing_days: ")
        assert errors[1].startswith("line 4 online_level: ")
        assert errors[2].startswith("line 5 code: ")
        assert errors[3].startswith("line 6 name: ")
        assert len(errors) == 4
        assert list(Procedure.objects.values_list("code", flat=True)) == ["2.001"]

    def test_missing_column_writes_nothing(self, db, tmp_path):
        text = "code,name,sector,agency,processing_days\n2.001,Đăng ký kết hôn,Hộ tịch,UBND xã Bum Nưa,3\n"
        status, _out, errors = run("import_procedures", write(tmp_path, text))
        assert status == 1 and errors == ["line 1 online_level: missing column"]
        assert not Procedure.objects.exists()


def dossier_line(
    code="HS-1",
    procedure="1.001",
    agency="",
    channel="truc_tuyen",
    received="2024-03-04T09:00:00",
    due="",
    supplement="",
    resolved="",
    status="processing",
    name="Lò Văn Pấng",
    phone="0912345678",
):
    values = (code, procedure, agency, channel, received, due, supplement, resolved, status, name, phone)
    return ",".join(values) + "\n"


class TestDossiers:
    def test_good_rows(self, procedures, tmp_path):
        text = (
            DOSS_HEADER
            + dossier_line()
            + dossier_line(
                "HS-2",
                "1.002",
                "UBND xã Bum Nưa",
                "truc_tiep",
                "2024-03-04 15:00",
                "2024-03-30",
                "",
                "2024-03-20T02:00:00Z",
                "resolved",
                "",
                "",
            )
            + dossier_line("HS-3", received="2024-03-01T09:00:00+07:00", supplement="2024-03-06T10:00:00")
        )
        status, out, errors = run("import_dossiers", write(tmp_path, text, bom=True))
        assert (status, errors) == (0, [])
        assert "3 dossiers created" in out
        first = Dossier.objects.get(code="HS-1")
        # No offset: Asia/Ho_Chi_Minh. Due date computed: 1 working day after Monday 4/3.
        assert timezone.localtime(first.received_at).hour == 9
        assert first.due_date == D(2024, 3, 5) and not first.due_date_given
        assert first.agency.name == "UBND xã Bum Nưa"  # the procedure's agency
        second = Dossier.objects.get(code="HS-2")
        assert second.due_date == D(2024, 3, 30) and second.due_date_given
        assert second.resolved_on == D(2024, 3, 20)  # 02:00 UTC is 09:00 in Hanoi
        third = Dossier.objects.get(code="HS-3")
        assert third.due_date == D(2024, 3, 7)  # supplement restart: 1 working day after 6/3
        summary = MonthlySummary.objects.get(month=D(2024, 3, 1), agency__isnull=True)
        assert summary.received == 3 and summary.resolved == 1

    def test_upsert_by_code(self, procedures, tmp_path):
        run("import_dossiers", write(tmp_path, DOSS_HEADER + dossier_line()))
        text = DOSS_HEADER + dossier_line(resolved="2024-03-05T10:00:00", status="resolved", name="")
        status, out, _errors = run("import_dossiers", write(tmp_path, text, name="again.csv"))
        assert status == 0 and "0 dossiers created, 1 updated" in out
        dossier = Dossier.objects.get(code="HS-1")
        assert (
            dossier.status == "resolved"
            and dossier.resolved_on == D(2024, 3, 5)
            and dossier.applicant_name == ""
        )

    @pytest.mark.parametrize(
        ("line", "column"),
        [
            (dossier_line(received="2024-13-01T09:00"), "received_at"),
            (dossier_line(received="04/03/2024"), "received_at"),
            (dossier_line(received=""), "received_at"),
            (dossier_line(due="2024-3-5"), "due_date"),
            (dossier_line(due="2024-03-01"), "due_date"),
            (dossier_line(supplement="hôm qua"), "supplement_completed_at"),
            (dossier_line(procedure="9.999"), "procedure_code"),
            (dossier_line(channel="fax"), "channel"),
            (dossier_line(status="done"), "status"),
            (dossier_line(resolved="2024-03-03T09:00", status="resolved"), "resolved_at"),
            (dossier_line(resolved="", status="resolved"), "resolved_at"),
            (dossier_line(resolved="2024-03-05T09:00", status="processing"), "resolved_at"),
        ],
    )
    def test_each_rejection(self, procedures, tmp_path, line, column):
        text = DOSS_HEADER + dossier_line("HS-OK") + line
        status, _out, errors = run("import_dossiers", write(tmp_path, text))
        assert status == 1
        assert len(errors) == 1 and errors[0].startswith(f"line 3 {column}: ")
        assert list(Dossier.objects.values_list("code", flat=True)) == ["HS-OK"]

    def test_duplicate_code_within_the_file(self, procedures, tmp_path):
        text = (
            DOSS_HEADER
            + dossier_line("HS-1")
            + dossier_line("HS-2")
            + dossier_line("HS-1", channel="truc_tiep")
        )
        status, _out, errors = run("import_dossiers", write(tmp_path, text))
        assert status == 1 and errors == ["line 4 code: duplicate code, already on line 2"]
        assert Dossier.objects.get(code="HS-1").channel == "truc_tuyen"
        assert Dossier.objects.count() == 2

    def test_nothing_half_written(self, procedures, tmp_path, monkeypatch):
        factories.dossier(Procedure.objects.get(code="1.001"), code="HS-1", status="received")

        def broken(*args, **kwargs):
            raise RuntimeError("disk full")

        monkeypatch.setattr(Dossier.objects, "bulk_update", broken)
        text = DOSS_HEADER + dossier_line("HS-NEW") + dossier_line("HS-1", agency="UBND xã Mới")
        with pytest.raises(RuntimeError):
            run("import_dossiers", write(tmp_path, text))
        assert not Dossier.objects.filter(code="HS-NEW").exists()
        assert not Agency.objects.filter(name="UBND xã Mới").exists()

    def test_not_utf8(self, db, tmp_path):
        path = tmp_path / "latin.csv"
        path.write_bytes(
            DOSS_HEADER.encode()
            + "HS-1,1.001,,truc_tuyen,2024-03-04,,,,received,Lò Văn Pấng,\n".encode(
                "cp1258", errors="replace"
            )
            + b"\xff\xfe"
        )
        status, _out, errors = run("import_dossiers", str(path))
        assert status == 1 and errors[0].startswith("line 1 file: ")
