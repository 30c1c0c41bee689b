"""CSV imports from the provincial one-stop system: procedures and dossiers.

Both read UTF-8 with or without a BOM (Excel), need the header row, upsert by `code`, reject a bad row
with one line `line N <column>: <reason>`, keep every good row, and write all of them in one
transaction: an import is either fully written or not at all. Reading, row errors, the result and
the date parsers are `core.importing`'s.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.importing import HeaderError, Result, RowError, read_csv
from core.importing import parse_date as core_parse_date
from core.importing import parse_datetime as core_parse_datetime

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


@dataclass
class ImportResult(Result):
    refreshed: list = field(default_factory=list)  # the months whose summaries were recomputed


def read_rows(path, columns, result):
    """(line number, {column: stripped value}) pairs; none, with errors at line 1, when the file cannot be
    read or its header lacks a column."""
    try:
        return read_csv(path, columns, result=result)
    except UnicodeDecodeError:
        result.reject(RowError("file", _("the file is not UTF-8 text")), 1)
    except OSError as error:
        result.reject(RowError("file", _("cannot read the file: %(reason)s") % {"reason": error.strerror}), 1)
    except HeaderError as error:
        if error.no_header:
            result.reject(RowError("header", _("the header row is missing")), 1)
        for column in () if error.no_header else error.missing:
            result.reject(RowError(column, _("missing column")), 1)
    return []


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
    return core_parse_datetime(row[column], column, reason=_("not an ISO 8601 date and time: %(value)s"))


def parse_date(row, column):
    """YYYY-MM-DD."""
    return core_parse_date(row[column], column, reason=_("not a date YYYY-MM-DD: %(value)s"))


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
    """Agencies by name; those the good rows name and that do not exist yet are created inside the import's
    transaction (a rejected row creates none)."""

    def __init__(self):
        self.by_name = {agency.name: agency for agency in Agency.objects.all()}

    def name(self, row, column, default=None):
        name = max_length(row, column, 160)
        if not name:
            if default is None:
                raise RowError(column, _("required"))
            return default
        return name

    def create_missing(self, good):
        for name in sorted({values["agency"] for _code, values in good} - set(self.by_name)):
            self.by_name[name] = Agency.objects.create(name=name)

    def get(self, name):
        return self.by_name[name]


def import_procedures(path):
    result = ImportResult()
    rows = read_rows(path, PROCEDURE_COLUMNS, result)
    agencies, seen, good = AgencyBook(), {}, []
    for line, row in rows:
        checked, error = result.run_row(line, _procedure_values, row, line, seen, agencies, atomic=False)
        if error is None:
            good.append(checked)
    if good:
        with transaction.atomic():
            agencies.create_missing(good)
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


def _procedure_values(row, line, seen, agencies):
    code = check_duplicate(row, line, seen)
    max_length(row, "code", 40)
    return code, {
        "name": max_length(row, "name", 500) or required(row, "name"),
        "sector": max_length(row, "sector", 160),
        "agency": agencies.name(row, "agency"),
        "processing_days": _processing_days(row),
        "online_level": choice(row, "online_level", OnlineLevel.values, LEVEL_ALIASES),
    }


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


def _dossier_row(row, line, seen, procedures, agencies):
    code = check_duplicate(row, line, seen)
    max_length(row, "code", 60)
    return code, _dossier_values(row, procedures, agencies)


def import_dossiers(path):
    result = ImportResult()
    rows = read_rows(path, DOSSIER_COLUMNS, result)
    procedures = {p.code: p for p in Procedure.objects.select_related("agency")}
    agencies, seen, good = AgencyBook(), {}, []
    for line, row in rows:
        checked, error = result.run_row(line, _dossier_row, row, line, seen, procedures, agencies, atomic=False)
        if error is None:
            good.append(checked)
    first_day = None
    if good:
        calendar = WorkingCalendar()
        with transaction.atomic():
            agencies.create_missing(good)
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
