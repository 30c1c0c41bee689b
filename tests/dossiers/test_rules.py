"""Rules 1-3, 5 and 6 and the working-day calendar (weekends, holidays, swaps, overrides)."""

import datetime

import pytest

from dossiers import rules
from dossiers.calendar import WorkingCalendar
from dossiers.models import CalendarOverride
from tests import factories

D = datetime.date


@pytest.fixture
def calendar():
    return WorkingCalendar(overrides={})


def due(calendar, received, days, supplement=None):
    return rules.due_date(received, days, calendar, supplement)


class TestWorkingDays:
    def test_weekend_is_skipped(self, calendar):
        assert due(calendar, D(2024, 3, 1), 1) == D(2024, 3, 4)  # Friday -> Monday
        assert due(calendar, D(2024, 3, 4), 5) == D(2024, 3, 11)

    def test_fixed_holiday(self, calendar):
        # 2 and 3 September 2024 (National Day) are days off.
        assert due(calendar, D(2024, 8, 30), 1) == D(2024, 9, 4)
        assert not calendar.is_working_day(D(2025, 1, 1))
        assert not calendar.is_working_day(D(2024, 4, 30)) and not calendar.is_working_day(D(2024, 5, 1))

    def test_lunar_holidays(self, calendar):
        # Tết Ất Tỵ: 27 January to 31 January 2025 off (1 February is a Saturday).
        assert due(calendar, D(2025, 1, 24), 1) == D(2025, 2, 3)
        # Giỗ Tổ Hùng Vương, 10th day of the 3rd lunar month: Monday 7 April 2025.
        assert due(calendar, D(2025, 4, 4), 1) == D(2025, 4, 8)

    def test_official_make_up_saturday(self, calendar):
        # 2025: Friday 2 May off, worked on Saturday 26 April instead.
        assert calendar.is_working_day(D(2025, 4, 26))
        assert not calendar.is_working_day(D(2025, 5, 2))
        assert due(calendar, D(2025, 4, 25), 1) == D(2025, 4, 26)
        assert due(calendar, D(2025, 4, 29), 1) == D(2025, 5, 5)  # 30/4, 1/5, 2/5, weekend

    def test_receipt_on_a_holiday(self, calendar):
        assert due(calendar, D(2025, 1, 1), 1) == D(2025, 1, 2)
        assert due(calendar, D(2024, 3, 2), 1) == D(2024, 3, 4)  # received on a Saturday

    def test_zero_days_is_the_day_of_receipt(self, calendar):
        assert due(calendar, D(2024, 3, 4), 0) == D(2024, 3, 4)
        assert due(calendar, D(2025, 1, 1), 0) == D(2025, 1, 1)

    def test_supplement_restarts_the_clock(self, calendar):
        assert due(calendar, D(2024, 3, 1), 3) == D(2024, 3, 6)
        assert due(calendar, D(2024, 3, 1), 3, supplement=D(2024, 3, 6)) == D(2024, 3, 11)

    def test_overrides_win(self):
        calendar = WorkingCalendar(
            overrides={
                D(2024, 3, 4): "day_off",
                D(2024, 3, 9): "working_day",
                D(2024, 9, 2): "working_day",
                D(2025, 4, 26): "day_off",
            }
        )
        assert due(calendar, D(2024, 3, 1), 1) == D(2024, 3, 5)
        assert due(calendar, D(2024, 3, 8), 1) == D(2024, 3, 9)
        assert calendar.is_working_day(D(2024, 9, 2))
        assert not calendar.is_working_day(D(2025, 4, 26))

    @pytest.mark.django_db
    def test_overrides_are_read_from_the_table(self):
        CalendarOverride.objects.create(date=D(2024, 3, 4), kind="day_off", note="Thông báo thử")
        assert WorkingCalendar().add_working_days(D(2024, 3, 1), 1) == D(2024, 3, 5)


@pytest.mark.django_db
class TestDossierDueDate:
    def test_computed_on_save_from_local_dates(self):
        procedure = factories.procedure(processing_days=1)
        # 00:30 on Saturday 2 March in Hanoi is still Friday in UTC: the local day counts.
        dossier = factories.dossier(procedure, received=(2024, 3, 2, 0, 30))
        assert dossier.received_on == D(2024, 3, 2)
        assert dossier.due_date == D(2024, 3, 4)
        assert dossier.due_date_given is False

    def test_given_due_date_is_kept(self):
        dossier = factories.dossier(factories.procedure(processing_days=1), due_date=D(2024, 3, 20))
        assert dossier.due_date == D(2024, 3, 20)
        assert dossier.due_date_given is True

    def test_supplement_restart_on_save(self):
        dossier = factories.dossier(
            factories.procedure(processing_days=3),
            received=(2024, 3, 1, 9),
            supplement_completed_at=(2024, 3, 6, 15),
            status="processing",
        )
        assert dossier.due_date == D(2024, 3, 11)


class TestClassification:
    def test_resolved(self):
        assert rules.classify_resolved(D(2024, 3, 7), D(2024, 3, 8)) == rules.BEFORE
        assert rules.classify_resolved(D(2024, 3, 8), D(2024, 3, 8)) == rules.ON_DUE
        assert rules.classify_resolved(D(2024, 3, 9), D(2024, 3, 8)) == rules.OVERDUE

    def test_in_progress(self):
        assert rules.classify_in_progress(D(2024, 3, 31), D(2024, 3, 31)) == rules.WITHIN
        assert rules.classify_in_progress(D(2024, 3, 30), D(2024, 3, 31)) == rules.OVERDUE


class TestPeriods:
    def test_calendar_month(self):
        assert rules.period_bounds(D(2024, 2, 10)) == (D(2024, 2, 1), D(2024, 2, 29))
        assert rules.period_bounds(D(2024, 12, 1)) == (D(2024, 12, 1), D(2024, 12, 31))

    def test_official_period(self):
        assert rules.period_bounds(D(2024, 3, 1), rules.OFFICIAL_PERIOD) == (D(2024, 2, 15), D(2024, 3, 14))
        assert rules.period_bounds(D(2024, 1, 1), rules.OFFICIAL_PERIOD) == (D(2023, 12, 15), D(2024, 1, 14))
        assert rules.period_month(D(2024, 3, 14), rules.OFFICIAL_PERIOD) == D(2024, 3, 1)
        assert rules.period_month(D(2024, 12, 15), rules.OFFICIAL_PERIOD) == D(2025, 1, 1)
        assert rules.period_month(D(2024, 3, 15)) == D(2024, 3, 1)

    def test_reference_date(self):
        assert rules.reference_date(D(2024, 3, 31), D(2024, 3, 12)) == D(2024, 3, 12)
        assert rules.reference_date(D(2024, 3, 31), D(2024, 5, 1)) == D(2024, 3, 31)


class TestRates:
    def test_formatting(self):
        assert rules.percent(50, 50) == "100%"
        assert rules.percent(0, 50) == "0%"
        assert rules.percent(25, 26) == "96,2%"
        assert rules.percent(1, 3) == "33,3%"
        assert rules.percent(0, 0) == "—"

    def test_figures(self):
        figures = rules.Figures(
            resolved=10,
            resolved_before=6,
            resolved_on_due=3,
            resolved_overdue=1,
            in_progress=5,
            in_progress_overdue=2,
        )
        assert figures.ontime == 9
        assert figures.ontime_pct == "90%"
        assert figures.overdue_pct == "10%"
        # (9 + 3) / (10 + 5)
        assert figures.rate_766 == "80%"

    def test_nothing_resolved(self):
        figures = rules.Figures(received=4, in_progress=4)
        assert figures.ontime_pct == "—" and figures.overdue_pct == "—"
        assert figures.rate_766 == "100%"
        assert rules.Figures().rate_766 == "—"

    def test_levels(self):
        assert rules.ordered_levels({"4": 65, "2": 188, "mot_phan": 0, "toan_trinh": 3}) == [
            ("2", 188),
            ("4", 65),
            ("toan_trinh", 3),
        ]
        assert rules.level_marker("toan_trinh") == "level-toan-trinh"
