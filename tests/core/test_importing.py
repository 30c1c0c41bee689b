"""core.importing: dates, the row error and its line, the result, the CSV reader and the one exit rule."""

import datetime
import zoneinfo

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from core.importing import (
    ISO,
    HeaderError,
    ImportCommand,
    Result,
    RowError,
    parse_date,
    parse_datetime,
    read_csv,
)

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


class TestDates:
    def test_iso_date(self):
        assert parse_date("2024-03-05", "due_date") == datetime.date(2024, 3, 5)
        assert parse_date(" 2024-03-05 ", "due_date") == datetime.date(2024, 3, 5)
        assert parse_date("", "due_date") is None and parse_date(None, "due_date") is None

    def test_other_formats_when_asked(self):
        formats = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
        for text in ("05/03/2024", "2024-03-05", "05-03-2024", "05.03.2024", "5/3/2024"):
            assert parse_date(text, "issued_on", formats) == datetime.date(2024, 3, 5)
        with pytest.raises(RowError):
            parse_date("05/03/2024", "due_date", (ISO,))  # ISO only by default

    @pytest.mark.parametrize("text", ["2024-3-5", "31/02/2024", "hôm qua", "2024-02-30"])
    def test_garbage_date_is_a_row_error_naming_the_column(self, text):
        with pytest.raises(RowError) as raised:
            parse_date(text, "due_date")
        assert raised.value.column == "due_date"
        assert raised.value.reason == f"not a date YYYY-MM-DD: {text}"

    def test_naive_datetime_is_asia_ho_chi_minh(self):
        parsed = parse_datetime("2015-08-05T23:55:00", "published_at")
        assert parsed == datetime.datetime(2015, 8, 5, 23, 55, tzinfo=HANOI)
        assert parsed.utcoffset() == datetime.timedelta(hours=7)
        assert parsed.astimezone(datetime.UTC).isoformat() == "2015-08-05T16:55:00+00:00"
        assert parse_datetime("2015-08-05 23:55", "published_at") == parsed

    def test_bare_date_is_local_midnight(self):
        assert parse_datetime("2024-03-04", "received_at") == datetime.datetime(2024, 3, 4, tzinfo=HANOI)

    def test_offset_is_kept(self):
        parsed = parse_datetime("2024-03-20T02:00:00Z", "resolved_at")
        assert parsed.utcoffset() == datetime.timedelta(0)
        assert parsed.astimezone(HANOI).hour == 9
        assert parse_datetime("2024-03-01T09:00:00+07:00", "x") == datetime.datetime(2024, 3, 1, 9, tzinfo=HANOI)
        assert parse_datetime("", "resolved_at") is None

    @pytest.mark.parametrize("text", ["04/03/2024", "2024-13-01T09:00", "hôm qua"])
    def test_garbage_datetime_is_a_row_error_naming_the_column(self, text):
        with pytest.raises(RowError) as raised:
            parse_datetime(text, "received_at")
        assert (raised.value.column, raised.value.reason) == (
            "received_at",
            f"not an ISO 8601 date and time: {text}",
        )

    def test_reason_is_the_callers(self):
        with pytest.raises(RowError) as raised:
            parse_datetime(" 05/08/2015", "published_at", reason="not an ISO 8601 date-time: %(value)r")
        assert str(raised.value) == "published_at: not an ISO 8601 date-time: ' 05/08/2015'"


class TestRowErrorAndResult:
    def test_error_line_format(self):
        assert str(RowError("issued_on", "missing", line=4)) == "line 4 issued_on: missing"
        assert str(RowError("issued_on", "missing")) == "issued_on: missing"

    def test_result_counts_and_lines(self):
        result = Result()
        result.add("created")
        result.add("unchanged")
        result.reject(RowError("number", "missing"), 3)
        assert (result.created, result.updated, result.unchanged, result.total) == (1, 0, 1, 3)
        assert result.rejected == ["line 3 number: missing"]

    def test_run_row_records_row_errors_and_unexpected_ones_without_raising(self):
        result = Result()

        def bad(column):
            raise RowError(column, "required")

        def broken():
            raise ValueError("boom\nsecond line")

        assert result.run_row(2, lambda: "created", atomic=False) == ("created", None)
        value, error = result.run_row(3, bad, "name", atomic=False)
        assert value is None and str(error) == "line 3 name: required"
        result.run_row(4, broken, atomic=False)
        assert result.rejected == [
            "line 3 name: required",
            "line 4 row: unexpected error (ValueError: boom second line)",
        ]

    @pytest.mark.django_db
    def test_a_failed_row_leaves_nothing_written(self):
        result = Result()

        def write_then_fail(name, exception):
            Group.objects.create(name=name)
            raise exception

        result.run_row(2, Group.objects.create, name="kept")
        result.run_row(3, write_then_fail, "rolled back", RowError("name", "bad"))
        result.run_row(4, write_then_fail, "rolled back too", RuntimeError("disk full"))
        assert list(Group.objects.filter(name__in=["kept", "rolled back", "rolled back too"]).values_list(
            "name", flat=True)) == ["kept"]
        assert [error.line for error in result.errors] == [3, 4]


def write(tmp_path, data, name="data.csv"):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


class TestReadCsv:
    def test_bom_case_spaces_and_missing_optional_columns(self, tmp_path):
        path = write(tmp_path, b"\xef\xbb\xbf Code ,Name\r\n1.001, \xc4\x90\xc4\x83ng k\xc3\xbd \r\n")
        assert list(read_csv(path, ("code", "name", "note"), required=("code",))) == [
            (2, {"code": "1.001", "name": "Đăng ký", "note": ""})
        ]

    def test_semicolons_blank_rows_and_multi_line_values_keep_line_numbers(self, tmp_path):
        path = write(tmp_path, 'code;name\n1;a\n\n;\n2;"two\nlines"\n3;c\n')
        assert list(read_csv(path, ("code", "name"))) == [
            (2, {"code": "1", "name": "a"}),
            (5, {"code": "2", "name": "two\nlines"}),
            (7, {"code": "3", "name": "c"}),
        ]

    def test_malformed_rows_are_rejected_and_the_others_read(self, tmp_path):
        result = Result()
        huge = "x" * 200_000
        path = write(tmp_path, f"code,name\n1,a\n2,{huge}\n3,b\x00c\n4,d\n")
        rows = list(read_csv(path, ("code", "name"), result=result))
        assert [line for line, _row in rows] == [2, 5]
        assert [str(error).split(":")[0] for error in result.errors] == ["line 3 row", "line 4 row"]
        assert result.errors[0].reason.startswith("malformed CSV: field larger than field limit")

    def test_header_problems(self, tmp_path):
        with pytest.raises(HeaderError) as raised:
            read_csv(write(tmp_path, "code,other\n1,2\n"), ("code", "name", "sector"))
        assert raised.value.missing == ["name", "sector"] and not raised.value.no_header
        with pytest.raises(HeaderError) as raised:
            read_csv(write(tmp_path, ""), ("code",))
        assert raised.value.no_header and raised.value.missing == ["code"]

    def test_not_utf8_fails_before_any_row(self, tmp_path):
        with pytest.raises(UnicodeDecodeError):
            read_csv(write(tmp_path, b"code\n1\n\xff\xfe\n"), ("code",))


class FakeImport(ImportCommand):
    def __init__(self, rejected=0, message=None, **kwargs):
        super().__init__(**kwargs)
        self.rejected_count, self.message = rejected, message

    def import_file(self, path):
        result = Result(created=1)
        for line in range(self.rejected_count):
            self.stderr.write(str(result.reject(RowError("code", "required"), line + 2)))
        self.stdout.write(f"{path}: {result.created} created")
        return result

    def rejected_message(self, result):
        return self.message


class TestExitRule:
    def test_in_process(self):
        call_command(FakeImport(), "a.csv")  # nothing rejected: returns
        with pytest.raises(CommandError) as raised:
            call_command(FakeImport(rejected=2), "a.csv")
        assert raised.value.returncode == 1
        with pytest.raises(CommandError) as raised:
            call_command(FakeImport(rejected=1, message="1 row(s) rejected"), "a.csv")
        assert raised.value.returncode == 1 and str(raised.value) == "1 row(s) rejected"

    def test_from_the_shell(self, capsys):
        FakeImport().run_from_argv(["manage.py", "fake", "a.csv"])  # status 0: no SystemExit
        assert capsys.readouterr().out == "a.csv: 1 created\n"
        with pytest.raises(SystemExit) as raised:
            FakeImport(rejected=1, message="1 of 2 records rejected").run_from_argv(["manage.py", "fake", "a.csv"])
        assert raised.value.code == 1
        assert capsys.readouterr().err == "line 2 code: required\nCommandError: 1 of 2 records rejected\n"
        with pytest.raises(SystemExit) as raised:
            FakeImport(rejected=2).run_from_argv(["manage.py", "fake", "a.csv"])
        assert raised.value.code == 1
        assert capsys.readouterr().err == "line 2 code: required\nline 3 code: required\n"  # nothing else
