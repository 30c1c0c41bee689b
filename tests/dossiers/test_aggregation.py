"""Rule 4 on the database: one scenario around March 2024 whose every figure is worked out by hand."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from dossiers import aggregation, rules
from dossiers.models import MonthlySummary
from tests import factories

D = datetime.date
MARCH = D(2024, 3, 1)
LATER = D(2024, 6, 1)  # "today" for the scenario: March is a closed month


@pytest.fixture
def scenario(db):
    district = factories.dossier_agency("UBND huyện Mường Tè")
    commune = factories.dossier_agency("UBND xã Bum Nưa")
    p1 = factories.procedure("P1", processing_days=3, agency=district)
    p2 = factories.procedure("P2", processing_days=3, agency=commune, online_level="toan_trinh")
    make = factories.dossier
    return {
        # Received in March and resolved in March: before, on the due date, after.
        "before": make(
            p1, (2024, 3, 4, 9), due_date=D(2024, 3, 8), resolved_at=(2024, 3, 7, 10), channel="truc_tuyen"
        ),
        "on_due": make(
            p1, (2024, 3, 4, 9), due_date=D(2024, 3, 8), resolved_at=(2024, 3, 8, 23, 0), channel="truc_tiep"
        ),
        "late": make(
            p2, (2024, 3, 4, 9), due_date=D(2024, 3, 6), resolved_at=(2024, 3, 7, 8), channel="buu_chinh"
        ),
        # Carried over from February, resolved late in March.
        "carried_resolved": make(p1, (2024, 2, 20, 9), due_date=D(2024, 2, 28), resolved_at=(2024, 3, 5, 9)),
        # Finished in February: not in March at all.
        "february": make(p1, (2024, 2, 25, 9), due_date=D(2024, 2, 29), resolved_at=(2024, 2, 29, 16)),
        # Carried over and still in progress at the end of March, within its deadline.
        "carried_open": make(p2, (2024, 2, 26, 9), due_date=D(2024, 4, 5), status="processing"),
        # Received in March, in progress at the end of March, past its due date.
        "open_late": make(
            p1, (2024, 3, 20, 9), due_date=D(2024, 3, 25), status="supplement", channel="truc_tuyen"
        ),
        # Returned in March: counted apart.
        "returned": make(
            p1, (2024, 3, 10, 9), due_date=D(2024, 3, 15), resolved_at=(2024, 3, 12, 9), status="returned"
        ),
        # Withdrawn in April: still in progress at the end of March, due on its last day (not passed).
        "withdrawn_later": make(
            p2, (2024, 3, 11, 9), due_date=D(2024, 3, 31), resolved_at=(2024, 4, 2, 9), status="withdrawn"
        ),
        # Received at 23:30 on 31 March (local): March. Resolved in April.
        "last_evening": make(p1, (2024, 3, 31, 23, 30), due_date=D(2024, 4, 3), resolved_at=(2024, 4, 1, 9)),
        # 00:30 on 1 April local time (still 31 March in UTC): April.
        "april": make(p1, (2024, 4, 1, 0, 30), status="received"),
    }


def march(**kwargs):
    return aggregation.compute(
        MARCH, mode=kwargs.pop("mode", rules.CALENDAR_PERIOD), today=kwargs.pop("today", LATER)
    )


def test_every_figure_of_the_month(scenario):
    start, end, ref, per_agency, total = march()
    assert (start, end, ref) == (D(2024, 3, 1), D(2024, 3, 31), D(2024, 3, 31))
    assert total == rules.Figures(
        received=7,
        received_online=2,
        received_direct=4,
        received_postal=1,
        carried_over=2,
        resolved=4,
        resolved_before=1,
        resolved_on_due=1,
        resolved_overdue=2,
        in_progress=4,
        in_progress_overdue=1,
        returned=1,
    )
    assert total.ontime_pct == "50%"
    assert total.overdue_pct == "50%"
    # (2 on time + 3 within) / (4 resolved + 4 in progress)
    assert total.rate_766 == "62,5%"


def test_per_agency(scenario):
    _start, _end, _ref, per_agency, total = march()
    district = per_agency[scenario["before"].agency_id]
    commune = per_agency[scenario["late"].agency_id]
    assert district.resolved == 3 and district.resolved_overdue == 1 and district.returned == 1
    assert commune.resolved == 1 and commune.resolved_overdue == 1 and commune.carried_over == 1
    assert district + commune == total


def test_a_running_month_counts_in_progress_at_today(scenario):
    _start, _end, ref, _per_agency, total = march(today=D(2024, 3, 21))
    assert ref == D(2024, 3, 21)
    # On 21 March: resolved ones so far, 'open_late' not yet overdue (due 25/3).
    assert total.resolved == 4
    assert total.in_progress_overdue == 0
    assert total.in_progress == 3  # carried_open, open_late, withdrawn_later


def test_official_period(scenario):
    _start, _end, _ref, _per_agency, total = march(mode=rules.OFFICIAL_PERIOD)
    # 15/2 to 14/3: received 20/2, 25/2, 26/2, 4/3 x3, 10/3, 11/3.
    assert total.received == 8
    assert total.carried_over == 0
    assert total.resolved == 5  # february (29/2) is now in the period too


def test_empty_month_divides_by_nothing(db):
    *_rest, total = aggregation.compute(D(2023, 1, 1), today=LATER)
    assert total == rules.Figures()
    assert total.ontime_pct == "—" and total.overdue_pct == "—" and total.rate_766 == "—"


def test_refresh_stores_one_row_per_agency_and_the_total(scenario):
    for _run in range(2):
        unit = aggregation.refresh(MARCH, rules.CALENDAR_PERIOD, today=LATER)
    rows = MonthlySummary.objects.filter(month=MARCH)
    assert rows.count() == 3
    assert unit.agency_id is None and unit.resolved == 4 and unit.received == 7
    assert unit.levels == {"2": 1, "toan_trinh": 1}
    assert unit.computed_at is not None
    assert unit.agency_name  # the unit's committee, from the site settings


def test_months_to_refresh():
    assert aggregation.months_to_refresh(D(2024, 3, 2), rules.CALENDAR_PERIOD) == [
        D(2024, 2, 1),
        D(2024, 3, 1),
    ]
    assert aggregation.months_to_refresh(D(2024, 3, 20), rules.CALENDAR_PERIOD) == [D(2024, 3, 1)]
    assert aggregation.months_to_refresh(D(2024, 3, 16), rules.OFFICIAL_PERIOD) == [
        D(2024, 3, 1),
        D(2024, 4, 1),
    ]


def test_command_with_month(scenario):
    out = StringIO()
    call_command("refresh_dossier_summary", "--month", "2024-03", stdout=out)
    unit = MonthlySummary.objects.get(month=MARCH, agency__isnull=True)
    assert unit.resolved == 4
    assert "03/2024" in out.getvalue()


def test_command_default_month(db, settings):
    call_command("refresh_dossier_summary", stdout=StringIO())
    assert MonthlySummary.objects.filter(agency__isnull=True).exists()


def test_editing_a_dossier_refreshes_the_summary(scenario, django_capture_on_commit_callbacks):
    aggregation.refresh(MARCH, rules.CALENDAR_PERIOD, today=LATER)
    dossier = scenario["open_late"]
    dossier.status = "resolved"
    dossier.resolved_at = factories.local_dt(2024, 3, 22, 9)
    with django_capture_on_commit_callbacks(execute=True):
        dossier.save()
    unit = MonthlySummary.objects.get(month=MARCH, agency__isnull=True)
    assert unit.resolved == 5 and unit.resolved_before == 2
