"""What every file import shares: the row error, the result, dates, the CSV reader and the command.

An import reads a file row by row. A bad row raises `RowError(column, reason)`; it is reported as
`line N <column>: <reason>` and the other rows go on. `Result.run_row` runs one row (in its own
transaction when asked): a `RowError`, or any other exception, rolls the row back and is recorded, never
shown as a traceback. `ImportCommand` applies the one exit rule: status 1 when anything was rejected, else 0.
"""

import csv
import datetime
import io
import logging
import sys
from abc import ABCMeta, abstractmethod
from dataclasses import dataclass, field

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

ISO = "iso"  # a date format for `parse_date`: exactly YYYY-MM-DD (Python's date.fromisoformat on 10 characters)
DATE_REASON = "not a date YYYY-MM-DD: %(value)s"
DATETIME_REASON = "not an ISO 8601 date and time: %(value)s"


class RowError(Exception):
    """One rejected row: `line N <column>: <reason>` (the line is filled in by whoever knows it)."""

    def __init__(self, column, reason, line=None):
        super().__init__(column, reason, line)
        self.column, self.reason, self.line = column, reason, line

    def __str__(self):
        if self.line is None:
            return f"{self.column}: {self.reason}"
        return f"line {self.line} {self.column}: {self.reason}"


class HeaderError(Exception):
    """The file as a whole cannot be imported: nothing is. `missing`: the required columns the header lacks
    (all of them when there is no header row)."""

    def __init__(self, message="", missing=(), no_header=False):
        super().__init__(message)
        self.missing, self.no_header = list(missing), no_header


def unexpected(error):
    """The reason recorded for an exception that is not a RowError: one line, no traceback."""
    text = " ".join(str(error).split())
    return f"unexpected error ({type(error).__name__}{': ' + text if text else ''})"


@dataclass
class Result:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # RowError, in the order met

    @property
    def rejected(self):
        """The report lines of the rejected rows, `line N <column>: <reason>`; len() is their number."""
        return [str(error) for error in self.errors]

    @property
    def total(self):
        return self.created + self.updated + self.unchanged + len(self.errors)

    def add(self, outcome):
        """Count one row as "created", "updated" or "unchanged"."""
        setattr(self, outcome, getattr(self, outcome) + 1)

    def reject(self, error, line=None):
        if line is not None and error.line is None:
            error.line = line
        self.errors.append(error)
        return error

    def run_row(self, line, func, *args, atomic=True, **kwargs):
        """`func(*args, **kwargs)` for the row at `line`: (its value, None), or (None, the recorded RowError)
        when it raised. With `atomic`, in a transaction of its own: a failed row leaves nothing written."""
        try:
            if atomic:
                with transaction.atomic():
                    return func(*args, **kwargs), None
            return func(*args, **kwargs), None
        except RowError as error:
            return None, self.reject(error, line)
        except Exception as error:  # noqa: BLE001 - a bad row is reported, the others go on
            logger.info("line %s: unexpected error", line, exc_info=True)
            return None, self.reject(RowError("row", unexpected(error)), line)


def parse_date(value, column, formats=(ISO,), reason=DATE_REASON):
    """A date in one of `formats` (ISO, or strptime patterns such as "%d/%m/%Y"); None when empty.
    Anything else raises RowError(column, reason % {"value": value})."""
    text = (value or "").strip()
    if not text:
        return None
    for pattern in formats:
        try:
            if pattern == ISO:
                if len(text) == 10:
                    return datetime.date.fromisoformat(text)
            else:
                return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise RowError(column, reason % {"value": value})


def parse_datetime(value, column, reason=DATETIME_REASON):
    """An aware datetime from ISO 8601; without an offset it is local time (settings.TIME_ZONE,
    Asia/Ho_Chi_Minh); a bare date is its midnight. None when empty; anything else raises RowError."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise RowError(column, reason % {"value": value}) from None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, timezone.get_default_timezone())
    return parsed


def read_text(path):
    """The whole file as text: UTF-8 with or without a BOM, line ends kept as written.
    Raises OSError or UnicodeDecodeError before anything is imported."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return handle.read()


def read_csv(path, columns, required=None, result=None):
    """Read and check a CSV file now; return an iterator of (line number, {column: stripped value}).

    UTF-8 with or without a BOM; `,` or `;` separated (whichever the first line has more of); header names
    are matched ignoring case and spaces, a column the header lacks gives "". Blank rows are skipped; a row
    the CSV module cannot read or holding a NUL character is recorded in `result` as `line N row: …` and
    skipped. The line number is the row's first line (a quoted value may span lines).
    Raises OSError, UnicodeDecodeError or HeaderError (a `required` column, default all, missing)."""
    text = read_text(path)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, None)
    required = columns if required is None else required
    if not header:
        raise HeaderError("the header row is missing", missing=required, no_header=True)
    names = [name.strip().lower() for name in header]
    missing = [column for column in required if column not in names]
    if missing:
        raise HeaderError(f"missing columns: {', '.join(missing)}", missing=missing)
    return _rows(reader, names, columns, result)


def _rows(reader, names, columns, result):
    line = reader.line_num
    while True:
        start = line + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            line = reader.line_num
            if result is not None:
                result.reject(RowError("row", f"malformed CSV: {error}"), start)
            continue
        line = reader.line_num
        if not any(value.strip() for value in record):
            continue
        if any("\x00" in value for value in record):
            if result is not None:
                result.reject(RowError("row", "malformed CSV: a NUL character"), start)
            continue
        values = dict(zip(names, (value.strip() for value in record), strict=False))
        yield start, {column: values.get(column, "") for column in columns}


class ImportCommand(BaseCommand, metaclass=ABCMeta):
    """`manage.py <command> FILE`: `import_file` imports and prints the report, then the one exit rule:
    status 1 when anything was rejected, 0 otherwise. In-process (call_command) a rejection raises
    CommandError(returncode=1); from the shell, the process exits with 1 after `rejected_message` (if any)
    as `CommandError: <message>` on stderr."""

    file_help = "the file to import"

    def add_arguments(self, parser):
        parser.add_argument("file", help=self.file_help)

    def handle(self, *args, **options):
        self.exit_for(self.import_file(options["file"]))

    @abstractmethod
    def import_file(self, path):
        """Import the file, print the report, return the Result (CommandError when the file is refused)."""

    def rejected_message(self, result):
        """The closing line for stderr when rows were rejected, or None for none."""
        return None

    def exit_for(self, result):
        if not result.errors:
            return
        message = self.rejected_message(result)
        if message is None and getattr(self, "_called_from_command_line", False):
            sys.exit(1)
        raise CommandError(message or f"{len(result.errors)} rejected", returncode=1)
