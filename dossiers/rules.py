"""The regulation's rules as pure functions, to be read beside the text (see the README, "Dossiers").

Nothing here touches the database: the calendar is passed in, the counts come from aggregation.py.
"""

import datetime
from dataclasses import dataclass, fields

from core.formatting import vi_percent

CALENDAR_PERIOD = "calendar"
# The official reporting period of month M: the 15th of M-1 to the 14th of M.
OFFICIAL_PERIOD = "official"
PERIOD_MODES = (CALENDAR_PERIOD, OFFICIAL_PERIOD)

BEFORE, ON_DUE, OVERDUE, WITHIN = "before", "on_due", "overdue", "within"


# Rule 1 ---------------------------------------------------------------------------------------
def due_date(received_on, processing_days, calendar, supplement_completed_on=None):
    """The N-th working day after the day of receipt (not counted); N = 0 is the day of receipt.

    A completed supplement restarts the clock: the N-th working day after the day it was completed.
    """
    start = supplement_completed_on if supplement_completed_on else received_on
    return calendar.add_working_days(start, processing_days)


# Rule 2 ---------------------------------------------------------------------------------------
def classify_resolved(resolved_on, due):
    """trước hạn (before) / đúng hạn (on the due date) / quá hạn (after), by local day."""
    if resolved_on < due:
        return BEFORE
    if resolved_on == due:
        return ON_DUE
    return OVERDUE


# Rule 3 ---------------------------------------------------------------------------------------
def classify_in_progress(due, reference_date):
    """quá hạn once the due date has passed at the reference day (the period's last day, or today)."""
    return OVERDUE if due < reference_date else WITHIN


# Rule 4: the period -----------------------------------------------------------------------------
def month_start(day):
    return day.replace(day=1)


def add_months(month, count):
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def period_bounds(month, mode=CALENDAR_PERIOD):
    """(first day, last day) of reporting month `month` (any date in it)."""
    month = month_start(month)
    if mode == OFFICIAL_PERIOD:
        return add_months(month, -1).replace(day=15), month.replace(day=14)
    return month, add_months(month, 1) - datetime.timedelta(days=1)


def period_month(day, mode=CALENDAR_PERIOD):
    """The reporting month a day belongs to (in the official mode, the 15th starts the next one)."""
    if mode == OFFICIAL_PERIOD and day.day >= 15:
        return add_months(month_start(day), 1)
    return month_start(day)


def reference_date(period_end, today):
    """In-progress dossiers are counted at the period's end, or today while the period runs."""
    return min(period_end, today)


# Rule 5: the rates ------------------------------------------------------------------------------
def percent(numerator, denominator):
    """One decimal, Vietnamese format, trailing ',0' dropped; '—' when there is nothing to divide."""
    return vi_percent(numerator, denominator)


@dataclass
class Figures:
    """The counts of rule 4 for one period and the rates of rule 5 derived from them."""

    received: int = 0
    received_online: int = 0
    received_direct: int = 0
    received_postal: int = 0
    carried_over: int = 0
    resolved: int = 0
    resolved_before: int = 0
    resolved_on_due: int = 0
    resolved_overdue: int = 0
    in_progress: int = 0
    in_progress_overdue: int = 0
    returned: int = 0

    @classmethod
    def names(cls):
        return [field.name for field in fields(cls)]

    @classmethod
    def from_summary(cls, summary):
        return cls(**{name: getattr(summary, name) for name in cls.names()})

    def __add__(self, other):
        return Figures(**{name: getattr(self, name) + getattr(other, name) for name in self.names()})

    @property
    def ontime(self):
        """Trước & đúng hạn: resolved before or on the due date."""
        return self.resolved_before + self.resolved_on_due

    @property
    def in_progress_within(self):
        return self.in_progress - self.in_progress_overdue

    @property
    def ontime_pct(self):
        """(before + on time) ÷ resolved: the headline 'đã giải quyết X% hồ sơ đúng hạn'."""
        return percent(self.ontime, self.resolved)

    @property
    def overdue_pct(self):
        """resolved overdue ÷ resolved."""
        return percent(self.resolved_overdue, self.resolved)

    @property
    def rate_766(self):
        """(resolved on time + in progress within the deadline) ÷ (resolved + in progress)."""
        return percent(self.ontime + self.in_progress_within, self.resolved + self.in_progress)


# Rule 6: service levels -------------------------------------------------------------------------
LEVEL_ORDER = ("1", "2", "3", "4", "toan_trinh", "mot_phan")


def level_marker(level):
    """'2' -> 'level-2', 'toan_trinh' -> 'level-toan-trinh' (the widget's data-dossier names)."""
    return "level-" + level.replace("_", "-")


def ordered_levels(counts):
    """[(level, count)] in display order, levels without procedures left out."""
    return [(level, counts[level]) for level in LEVEL_ORDER if counts.get(level)]
