"""`import_documents FILE.csv`: BOM or not, rejection lines, good rows kept, idempotence, files, exit status."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from publications.importer import import_documents
from publications.models import DocumentIndexPage, DocumentStatus, DocumentType, LegalDocumentPage
from publications.pdf import simple_pdf

pytestmark = pytest.mark.django_db

HEADER = "number,type,issuer,issued_on,effective_on,signer,field,summary,status,file\n"
GOOD = (
    '13-KH/HU,Kế hoạch,Huyện ủy Mường Tè,05/03/2024,05/03/2024,Lò Văn Minh,Xây dựng Đảng,'
    '"Kế hoạch học tập, quán triệt Nghị quyết",còn hiệu lực,\n'
    "45/QĐ-UBND,Quyết định,UBND huyện Mường Tè,2023-11-20,,Nguyễn Đức Thảo,Đất đai,"
    "Quyết định phê duyệt giá đất,hết hiệu lực,\n"
)
PDF = simple_pdf(["Ke hoach thu"])


def write(tmp_path, text, bom=False, name="van-ban.csv"):
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


@pytest.mark.parametrize("bom", [False, True])
def test_imports_good_rows_with_or_without_bom(home, tmp_path, bom):
    result = import_documents(write(tmp_path, HEADER + GOOD, bom=bom))
    assert (result.created, result.rejected) == (2, [])
    plan = LegalDocumentPage.objects.get(number="13-KH/HU")
    assert plan.live and plan.issuer == "Huyện ủy Mường Tè" and str(plan.issued_on) == "2024-03-05"
    assert plan.summary == "Kế hoạch học tập, quán triệt Nghị quyết"
    assert plan.document_type.name == "Kế hoạch"
    assert plan.status == DocumentStatus.IN_FORCE
    decision = LegalDocumentPage.objects.get(number="45/QĐ-UBND")
    assert decision.status == DocumentStatus.EXPIRED and decision.effective_on is None
    # The library was created where the menu expects it.
    index = DocumentIndexPage.objects.get()
    assert index.url == "/van-ban/" and plan.get_parent().pk == index.pk


def test_idempotent_by_number_and_issuer(home, tmp_path):
    path = write(tmp_path, HEADER + GOOD)
    import_documents(path)
    again = import_documents(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert LegalDocumentPage.objects.count() == 2
    changed = write(tmp_path, HEADER + GOOD.replace("giá đất", "bảng giá đất"), name="b.csv")
    result = import_documents(changed)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert LegalDocumentPage.objects.get(number="45/QĐ-UBND").summary == "Quyết định phê duyệt bảng giá đất"
    # Same number, another issuer: another document.
    other = write(tmp_path, HEADER + "13-KH/HU,Kế hoạch,UBND xã Ka Lăng,01/02/2024,,,,Kế hoạch khác,,\n", name="c.csv")
    assert import_documents(other).created == 1
    assert LegalDocumentPage.objects.filter(number="13-KH/HU").count() == 2


def test_type_matched_ignoring_accents_and_created_when_new(home, tmp_path):
    DocumentType.objects.create(name="Kế hoạch")
    text = HEADER + "1/KH,ke hoach,UBND,01/01/2024,,,,A,,\n2/HD,Hướng dẫn,UBND,01/01/2024,,,,B,,\n"
    import_documents(write(tmp_path, text))
    assert sorted(DocumentType.objects.values_list("name", flat=True)) == ["Hướng dẫn", "Kế hoạch"]


def test_rejected_rows_reported_good_rows_kept(home, tmp_path):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "kh.pdf").write_bytes(PDF)
    (tmp_path / "notes.txt").write_text("x")
    rows = [
        "1/KH,Kế hoạch,UBND,01/01/2024,,,,Tốt,,files/kh.pdf",  # line 2: good
        ",Kế hoạch,UBND,01/01/2024,,,,Thiếu số,,",  # 3 number missing
        "3/KH,Kế hoạch,UBND,31/02/2024,,,,Ngày sai,,",  # 4 issued_on
        "4/KH,Kế hoạch,UBND,01/03/2024,01/02/2024,,,Hiệu lực trước ban hành,,",  # 5 effective_on
        "5/KH,Kế hoạch,UBND,01/03/2024,,,,Trạng thái lạ,tạm dừng,",  # 6 status
        "6/KH,Kế hoạch,UBND,01/03/2024,,,,Thiếu tệp,,files/khong-co.pdf",  # 7 file
        "7/KH,Kế hoạch,UBND,01/03/2024,,,,Tệp không hợp lệ,,notes.txt",  # 8 file
        "8/KH,,UBND,01/03/2024,,,,Thiếu loại,,",  # 9 type
        "9/KH,Kế hoạch,,01/03/2024,,,,Thiếu cơ quan,,",  # 10 issuer
        "10/KH,Kế hoạch,UBND,01/03/2024,,,,,,",  # 11 summary
        '11/KH,Kế hoạch,UBND,01/03/2024,,,,"Trích yếu\nhai dòng",,',  # 12-13: good
        "12/KH,Kế hoạch,UBND,01/03/2024,,,,Cuối cùng,,",  # 14: good
    ]
    path = write(tmp_path, HEADER + "\n".join(rows) + "\n")
    with pytest.raises(CommandError) as raised:
        call_command("import_documents", str(path))
    assert raised.value.returncode == 1
    result = import_documents(path)
    columns = [message.split(":")[0] for message in result.rejected]
    assert columns == [
        "line 3 number", "line 4 issued_on", "line 5 effective_on", "line 6 status", "line 7 file",
        "line 8 file", "line 9 type", "line 10 issuer", "line 11 summary",
    ]
    assert sorted(LegalDocumentPage.objects.values_list("number", flat=True)) == ["1/KH", "11/KH", "12/KH"]
    attachments = LegalDocumentPage.objects.get(number="1/KH").attachments.all()
    assert len(attachments) == 1 and attachments[0].document.file_extension == "pdf"


def test_file_attached_once(home, tmp_path):
    (tmp_path / "kh.pdf").write_bytes(PDF)
    path = write(tmp_path, HEADER + "1/KH,Kế hoạch,UBND,01/01/2024,,,,Tốt,,kh.pdf\n")
    import_documents(path)
    import_documents(path)
    assert LegalDocumentPage.objects.get().attachments.count() == 1


def test_missing_columns_refused(home, tmp_path):
    path = write(tmp_path, "number,type\n1,Kế hoạch\n")
    with pytest.raises(CommandError, match="missing columns"):
        call_command("import_documents", str(path))


def test_exit_status_as_run_from_the_shell(home, tmp_path, capsys, monkeypatch):
    """What `manage.py import_documents` does: status 0 when all rows are good, 1 when any is rejected."""
    from django.db import connections

    from publications.management.commands.import_documents import Command

    # run_from_argv closes the connections when done; the test's transaction must outlive it.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    good = write(tmp_path, HEADER + GOOD)
    with pytest.raises(SystemExit) as raised:
        Command().run_from_argv(["manage.py", "import_documents", str(good)])
        raise SystemExit(0)
    assert raised.value.code == 0
    bad = write(tmp_path, HEADER + GOOD + ",Kế hoạch,UBND,01/01/2024,,,,x,,\n", name="bad.csv")
    with pytest.raises(SystemExit) as raised:
        Command().run_from_argv(["manage.py", "import_documents", str(bad)])
    assert raised.value.code == 1
    assert "line 4 number: missing" in capsys.readouterr().err
