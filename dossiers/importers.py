"""CSV imports from the provincial one-stop system: procedures and dossiers.

Both read UTF-8 with or without a BOM (Excel), need the header row, upsert by `code`, reject a bad row
with one line `line N <column>: <reason>`, keep every good row, and write all of them in one
transaction: an import is either fully written or not at all.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import aggregation
from .calendar import WorkingCalendar
from .models import FINISHED_STATUSES, Agency, Channel, Dossier, OnlineLevel, Procedure, Status

PROCEDURE_COLUMNS = ("code", "name", "sector", "agency", "processing_days", "online_level")
DOSSIER_COLUMNS = (
    "code",
    "procedure_code",
    "agency",
    "channel",
    "received_at",
    "due_date",
    "supplement_completed_at",
    "resolved_at",
    "status",
    "applicant_name",
    "applicant_phone",
)
LEVEL_ALIASES = {
    "toàn trình": "toan_trinh",
    "toan trinh": "toan_trinh",
    "một phần": "mot_phan",
    "mot phan": "mot_phan",
}


class RowError(Exception):
    def __init__(self, column, reason):
        super().__init__(reason)
        self.column, self.reason = column, reason


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list = field(default_factory=list)
    refreshed: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


def read_rows(path, columns, result):
    """[(line number, {column: stripped value})], or [] with errors when the file cannot be read."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    except UnicodeDecodeError:
        result.errors.append(f"line 1 file: {_('the file is not UTF-8 text')}")
        return []
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        result.errors.append(f"line 1 header: {_('the header row is missing')}")
        return []
    names = [name.strip().lower() for name in header]
    missing = [column for column in columns if column not in names]
    for column in missing:
        result.errors.append(f"line 1 {column}: {_('missing column')}")
    if missing:
        return []
    rows, line = [], reader.line_num
    for record in reader:
        start, line = line + 1, reader.line_num
        if not any(value.strip() for value in record):
            continue
        values = dict(zip(names, (value.strip() for value in record), strict=False))
        rows.append((start, {column: values.get(column, "") for column in columns}))
    return rows


def required(row, column):
    if not row[column]:
        raise RowError(column, _("required"))
    return row[column]


def max_length(row, column, limit):
    if len(row[column]) > limit:
        raise RowError(column, _("longer than %(limit)s characters") % {"limit": limit})
    return row[column]


def parse_datetime(row, column):
    """ISO 8601; without an offset the time is local (Asia/Ho_Chi_Minh); a bare date is its midnight."""
    value = row[column]
    if not value:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise RowError(column, _("not an ISO 8601 date and time: %(value)s") % {"value": value}) from None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def parse_date(row, column):
    value = row[column]
    if not value:
        return None
    try:
        if len(value) != 10:
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise RowError(column, _("not a date YYYY-MM-DD: %(value)s") % {"value": value}) from None


def choice(row, column, choices, aliases=None):
    value = row[column].strip().lower()
    value = (aliases or {}).get(value, value)
    if not value:
        raise RowError(column, _("required"))
    if value not in choices:
        raise RowError(column, _("unknown value %(value)s") % {"value": row[column]})
    return value


def check_duplicate(row, line, seen):
    code = required(row, "code")
    if code in seen:
        raise RowError("code", _("duplicate code, already on line %(line)s") % {"line": seen[code]})
    seen[code] = line
    return code


class AgencyBook:
    """Agencies by name, created on first mention inside the import's transaction."""

    def __init__(self):
        self.by_name = {agency.name: agency for agency in Agency.objects.all()}
        self.new = set()

    def name(self, row, column, default=None):
        name = max_length(row, column, 160)
        if not name:
            if default is None:
                raise RowError(column, _("required"))
            return default
        if name not in self.by_name:
            self.new.add(name)
        return name

    def create_missing(self):
        for name in sorted(self.new):
            self.by_name[name] = Agency.objects.create(name=name)

    def get(self, name):
        return self.by_name[name]


def _report(result, line, error):
    result.errors.append(f"line {line} {error.column}: {error.reason}")


def import_procedures(path):
    result = ImportResult()
    rows = read_rows(path, PROCEDURE_COLUMNS, result)
    agencies, seen, good = AgencyBook(), {}, []
    for line, row in rows:
        try:
            code = check_duplicate(row, line, seen)
            max_length(row, "code", 40)
            values = {
                "name": max_length(row, "name", 500) or required(row, "name"),
                "sector": max_length(row, "sector", 160),
                "agency": agencies.name(row, "agency"),
                "processing_days": _processing_days(row),
                "online_level": choice(row, "online_level", OnlineLevel.values, LEVEL_ALIASES),
            }
        except RowError as error:
            _report(result, line, error)
            continue
        good.append((code, values))
    if good:
        with transaction.atomic():
            agencies.create_missing()
            existing = Procedure.objects.in_bulk([code for code, _values in good], field_name="code")
            new, changed = [], []
            for code, values in good:
                values["agency"] = agencies.get(values["agency"])
                procedure = existing.get(code) or Procedure(code=code)
                for name, value in values.items():
                    setattr(procedure, name, value)
                procedure.active = True
                procedure.fill_search_text()
                (changed if procedure.pk else new).append(procedure)
            Procedure.objects.bulk_create(new, batch_size=500)
            Procedure.objects.bulk_update(
                changed,
                ["name", "sector", "agency", "processing_days", "online_level", "active", "search_text"],
                batch_size=500,
            )
        result.created, result.updated = len(new), len(changed)
    result.refreshed = aggregation.refresh_since(timezone.localdate())
    return result


def _processing_days(row):
    value = required(row, "processing_days")
    if not value.isdigit() or int(value) > 3650:
        raise RowError("processing_days", _("not a whole number of days: %(value)s") % {"value": value})
    return int(value)


def _dossier_values(row, procedures, agencies):
    procedure = procedures.get(required(row, "procedure_code"))
    if procedure is None:
        raise RowError("procedure_code", _("unknown procedure %(value)s") % {"value": row["procedure_code"]})
    values = {
        "procedure": procedure,
        "agency": agencies.name(row, "agency", default=procedure.agency.name),
        "channel": choice(row, "channel", Channel.values),
        "received_at": parse_datetime(row, "received_at"),
        "due_date": parse_date(row, "due_date"),
        "supplement_completed_at": parse_datetime(row, "supplement_completed_at"),
        "resolved_at": parse_datetime(row, "resolved_at"),
        "status": choice(row, "status", Status.values),
        "applicant_name": max_length(row, "applicant_name", 200),
        "applicant_phone": max_length(row, "applicant_phone", 40),
    }
    received = values["received_at"]
    if received is None:
        raise RowError("received_at", _("required"))
    if values["due_date"] and values["due_date"] < timezone.localdate(received):
        raise RowError("due_date", _("before the day of receipt"))
    supplement = values["supplement_completed_at"]
    if supplement and supplement < received:
        raise RowError("supplement_completed_at", _("before the receipt"))
    resolved = values["resolved_at"]
    if resolved and resolved < received:
        raise RowError("resolved_at", _("before the receipt"))
    finished = values["status"] in FINISHED_STATUSES
    if finished and not resolved:
        raise RowError("resolved_at", _("required for status %(status)s") % {"status": values["status"]})
    if resolved and not finished:
        raise RowError("resolved_at", _("must be empty for status %(status)s") % {"status": values["status"]})
    return values


def import_dossiers(path):
    result = ImportResult()
    rows = read_rows(path, DOSSIER_COLUMNS, result)
    procedures = {p.code: p for p in Procedure.objects.select_related("agency")}
    agencies, seen, good = AgencyBook(), {}, []
    for line, row in rows:
        try:
            code = check_duplicate(row, line, seen)
            max_length(row, "code", 60)
            values = _dossier_values(row, procedures, agencies)
        except RowError as error:
            _report(result, line, error)
            continue
        good.append((code, values))
    first_day = None
    if good:
        calendar = WorkingCalendar()
        with transaction.atomic():
            agencies.create_missing()
            existing = {}
            codes = [code for code, _values in good]
            for index in range(0, len(codes), 500):
                existing.update(Dossier.objects.in_bulk(codes[index : index + 500], field_name="code"))
            new, changed, days, now = [], [], [], timezone.now()
            for code, values in good:
                values["agency"] = agencies.get(values["agency"])
                dossier = existing.get(code) or Dossier(code=code)
                if dossier.pk:
                    days.append(dossier.received_on)
                for name, value in values.items():
                    setattr(dossier, name, value)
                dossier.fill_derived(calendar, due_date_given=values["due_date"] is not None)
                dossier.updated_at = now  # bulk writes skip auto_now
                days.append(dossier.received_on)
                (changed if dossier.pk else new).append(dossier)
            Dossier.objects.bulk_create(new, batch_size=500)
            fields = [*DOSSIER_COLUMNS[1:], "received_on", "resolved_on", "due_date_given", "updated_at"]
            fields = ["procedure" if name == "procedure_code" else name for name in fields]
            Dossier.objects.bulk_update(changed, fields, batch_size=500)
            first_day = min(days)
        result.created, result.updated = len(new), len(changed)
    result.refreshed = aggregation.refresh_since(first_day or timezone.localdate())
    return result
