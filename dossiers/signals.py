"""Keep the stored summaries in step with editors' changes (imports refresh once, at their end)."""

import datetime

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.models import PortalSettings

from . import aggregation
from .calendar import WorkingCalendar
from .models import CalendarOverride, Dossier, MonthlySummary

# How far back a calendar change can move a computed due date: the longest processing time.
_CALENDAR_REACH = datetime.timedelta(days=400)


def _refresh_later(first_day):
    transaction.on_commit(lambda: aggregation.refresh_since(first_day))


@receiver(post_save, sender=Dossier)
@receiver(post_delete, sender=Dossier)
def dossier_changed(sender, instance, **kwargs):
    days = [instance.received_on, getattr(instance, "_loaded_received_on", None)]
    _refresh_later(min(day for day in days if day))


@receiver(post_save, sender=CalendarOverride)
@receiver(post_delete, sender=CalendarOverride)
def calendar_changed(sender, instance, **kwargs):
    """Recompute the due dates the change can move, then the summaries from there."""
    calendar = WorkingCalendar()
    since = instance.date - _CALENDAR_REACH
    changed = []
    queryset = Dossier.objects.filter(
        due_date_given=False, received_on__gte=since, received_on__lte=instance.date
    )
    for dossier in queryset.select_related("procedure").iterator(chunk_size=2000):
        before = dossier.due_date
        dossier.fill_derived(calendar)
        if dossier.due_date != before:
            changed.append(dossier)
    Dossier.objects.bulk_update(changed, ["due_date"], batch_size=1000)
    if changed:
        _refresh_later(min(dossier.received_on for dossier in changed))


@receiver(post_save, sender=PortalSettings)
def unit_renamed(sender, instance, **kwargs):
    MonthlySummary.objects.filter(agency__isnull=True).update(agency_name=instance.authority)
