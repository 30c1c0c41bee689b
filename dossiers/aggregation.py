"""Rule 4 in the database: one grouped query per period with conditional counts, no loop over dossiers.

Every condition compares the stored local dates (received_on, resolved_on, due_date), so SQLite and
PostgreSQL give the same figures.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from wagtail.models import Site

from core.models import PortalSettings
from core.signals import announce

from . import rules

# The records module itself, not the models package: the catalogue page (models/pages.py) computes with this one.
from .models.records import ABANDONED_STATUSES, Agency, Dossier, MonthlySummary, OnlineLevel, Procedure, Status


def period_mode():
    mode = settings.PORTAL_DOSSIER_PERIOD
    return mode if mode in rules.PERIOD_MODES else rules.CALENDAR_PERIOD


def conditions(start, end, ref):
    """The Q of each figure for the period [start, end], in-progress dossiers counted at `ref`."""
    received = Q(received_on__gte=start, received_on__lte=end)
    finished_in = Q(resolved_on__gte=start, resolved_on__lte=end)
    resolved = finished_in & Q(status=Status.RESOLVED)
    in_progress = Q(received_on__lte=ref) & (Q(resolved_on__isnull=True) | Q(resolved_on__gt=ref))
    return {
        "received": received,
        "received_online": received & Q(channel="truc_tuyen"),
        "received_direct": received & Q(channel="truc_tiep"),
        "received_postal": received & Q(channel="buu_chinh"),
        "carried_over": Q(received_on__lt=start) & (Q(resolved_on__isnull=True) | Q(resolved_on__gte=start)),
        "resolved": resolved,
        "resolved_before": resolved & Q(resolved_on__lt=F("due_date")),
        "resolved_on_due": resolved & Q(resolved_on=F("due_date")),
        "resolved_overdue": resolved & Q(resolved_on__gt=F("due_date")),
        "in_progress": in_progress,
        "in_progress_overdue": in_progress & Q(due_date__lt=ref),
        "returned": finished_in & Q(status__in=ABANDONED_STATUSES),
    }


def figures_by_agency(queryset, start, end, ref):
    """{agency_id: Figures} for the dossiers of `queryset`, in one query."""
    relevant = queryset.filter(
        Q(received_on__lte=end) & (Q(resolved_on__isnull=True) | Q(resolved_on__gte=start))
    )
    counts = {name: Count("pk", filter=condition) for name, condition in conditions(start, end, ref).items()}
    rows = relevant.order_by().values("agency_id").annotate(**counts)
    return {row.pop("agency_id"): rules.Figures(**row) for row in rows}


def compute(month, mode=None, today=None, queryset=None):
    """(period start, end, reference day, {agency_id: Figures}, total Figures) for reporting month `month`."""
    mode = mode or period_mode()
    today = today or timezone.localdate()
    start, end = rules.period_bounds(month, mode)
    ref = rules.reference_date(end, today)
    per_agency = figures_by_agency(
        queryset if queryset is not None else Dossier.objects.all(), start, end, ref
    )
    total = sum(per_agency.values(), rules.Figures())
    return start, end, ref, per_agency, total


def level_counts():
    """Active procedures per online level (rule 6)."""
    rows = Procedure.objects.filter(active=True).order_by().values("online_level").annotate(n=Count("pk"))
    counts = {row["online_level"]: row["n"] for row in rows}
    return {level: counts[level] for level in OnlineLevel.values if counts.get(level)}


def unit_name():
    """The unit's people's committee, from the default site's settings."""
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    found = PortalSettings.objects.filter(site=site).only("authority_name", "unit_level", "unit_name").first()
    return (found or PortalSettings()).authority


@transaction.atomic
def refresh(month, mode=None, today=None):
    """Compute and store the summary of one reporting month; returns the unit's row."""
    month = rules.month_start(month)
    start, end, ref, per_agency, total = compute(month, mode, today)
    now = timezone.now()
    names = dict(Agency.objects.filter(pk__in=per_agency).values_list("pk", "name"))
    MonthlySummary.objects.filter(month=month).delete()
    common = {
        "month": month,
        "period_start": start,
        "period_end": end,
        "reference_date": ref,
        "computed_at": now,
    }
    rows = [
        MonthlySummary(agency_id=agency_id, agency_name=names[agency_id], **common, **vars(figures))
        for agency_id, figures in per_agency.items()
    ]
    unit = MonthlySummary(
        agency=None, agency_name=unit_name(), levels=level_counts(), **common, **vars(total)
    )
    MonthlySummary.objects.bulk_create([*rows, unit])
    # The rows are written with bulk_create, which sends no post_save: tell the page cache the widget changed.
    announce(MonthlySummary, month=month)
    return unit


def months_to_refresh(today=None, mode=None, grace_days=5):
    """The current reporting month, and the previous one during the first days of a month."""
    mode = mode or period_mode()
    today = today or timezone.localdate()
    current = rules.period_month(today, mode)
    start, _end = rules.period_bounds(current, mode)
    months = [current]
    if (today - start).days < grace_days:
        months.insert(0, rules.add_months(current, -1))
    return months


def refresh_since(first_day, today=None, mode=None):
    """Refresh every reporting month from the one holding `first_day` to the current one."""
    mode = mode or period_mode()
    today = today or timezone.localdate()
    month = rules.period_month(first_day, mode)
    current = rules.period_month(today, mode)
    refreshed = []
    while month <= current:
        refresh(month, mode, today)
        refreshed.append(month)
        month = rules.add_months(month, 1)
    return refreshed

