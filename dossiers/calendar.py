"""Working days: Monday to Friday, minus Vietnam's public holidays, plus announced make-up days.

The `holidays` package (country VN) knows the fixed holidays, the lunar ones (Tết, Giỗ Tổ Hùng Vương),
the days off moved when a holiday falls on a weekend, and the swaps announced for some years: the day
off appears as a holiday ("Day off (substituted from 26/04/2025)") and the Saturday worked in exchange
is in its `weekend_workdays`. Swaps announced after the installed release are not known to it, so
the admin-editable CalendarOverride table adds extra days off and extra working days, and wins.
"""

import datetime
from functools import lru_cache

import holidays
from django.apps import apps

# Enough to count ahead from any receipt date: no processing time is longer than a year.
_SEARCH_LIMIT = 1000


@lru_cache(maxsize=64)
def _package_year(year):
    """(public holidays, make-up working days) known to the holidays package for one year."""
    calendar = holidays.country_holidays("VN", years=year, language="vi")
    days_off = {day for day in calendar if day.year == year}
    working = {day for day in calendar.weekend_workdays if day.year == year}
    return days_off, working


def package_holidays(year):
    """{date: name} of the package's public holidays of one year (for the admin calendar)."""
    return dict(sorted(holidays.country_holidays("VN", years=year, language="vi").items()))


class WorkingCalendar:
    """Answers 'is this a working day?' for any date; reads the override table once."""

    def __init__(self, overrides=None):
        if overrides is None:
            # Looked up by name, not imported: the dossier model computes its due date with this calendar.
            overrides = dict(apps.get_model("dossiers", "CalendarOverride").objects.values_list("date", "kind"))
        self.overrides = overrides

    def is_working_day(self, day):
        kind = self.overrides.get(day)
        if kind == "day_off":
            return False
        if kind == "working_day":
            return True
        days_off, working = _package_year(day.year)
        if day in working:
            return True
        return day.weekday() < 5 and day not in days_off

    def add_working_days(self, start, count):
        """The count-th working day after `start` (start itself not counted); count 0 gives start."""
        if count <= 0:
            return start
        day = start
        for _step in range(count * 7 + _SEARCH_LIMIT):
            day += datetime.timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
                if count == 0:
                    return day
        raise ValueError("no working day found")  # pragma: no cover - would need a year without one
