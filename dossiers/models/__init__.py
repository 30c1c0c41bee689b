"""The dossiers room's models: the records (records.py: agencies, procedures, dossiers, calendar exceptions,
monthly summaries) and the procedures catalogue page (pages.py). Everything is importable from dossiers.models."""

from .pages import ProcedureIndexPage
from .records import (
    ABANDONED_STATUSES,
    FINISHED_STATUSES,
    Agency,
    CalendarOverride,
    Channel,
    Dossier,
    MonthlySummary,
    OnlineLevel,
    Procedure,
    Status,
)

__all__ = [
    "ABANDONED_STATUSES",
    "FINISHED_STATUSES",
    "Agency",
    "CalendarOverride",
    "Channel",
    "Dossier",
    "MonthlySummary",
    "OnlineLevel",
    "Procedure",
    "ProcedureIndexPage",
    "Status",
]
