"""The sidebar widget "Tình hình giải quyết hồ sơ": one query, on the stored summary."""

from django import template
from django.utils import timezone

from dossiers import aggregation, rules
from dossiers.models import MonthlySummary, OnlineLevel

register = template.Library()


def level_rows(levels):
    labels = dict(OnlineLevel.choices)
    return [
        {"label": labels[level], "marker": rules.level_marker(level), "count": count}
        for level, count in rules.ordered_levels(levels)
    ]


def latest_unit_summary():
    """The unit's summary of the current reporting month, or of the latest month that has one."""
    current = rules.period_month(timezone.localdate(), aggregation.period_mode())
    return MonthlySummary.objects.filter(agency__isnull=True, month__lte=current).order_by("-month").first()


@register.inclusion_tag("dossiers/widget.html")
def dossier_widget():
    summary = latest_unit_summary()
    if summary is None:
        return {"summary": None}
    return {"summary": summary, "figures": summary.figures, "levels": level_rows(summary.levels)}


@register.filter
def updated_at(value):
    """'00:21:33, 04/03/2024', as on the legacy widget."""
    return f"{timezone.localtime(value):%H:%M:%S, %d/%m/%Y}" if value else ""
