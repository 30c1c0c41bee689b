"""The admin's report (with a 'refresh now' button) and the working-day calendar of a year.

Each view declares its permission: the report is for those with a right on dossiers, its recomputing (a POST) for
those who may change dossiers, the calendar for those with a right on dossiers or on the calendar's exceptions.
The menu items (wagtail_hooks.py) are shown by the same checks."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import aggregation, report, rules
from .calendar import _package_year, package_holidays
from .models import CalendarOverride

ACTIONS = ("add", "change", "delete", "view")
DOSSIER_RIGHTS = tuple(f"dossiers.{action}_dossier" for action in ACTIONS)
CALENDAR_RIGHTS = DOSSIER_RIGHTS + tuple(f"dossiers.{action}_calendaroverride" for action in ACTIONS)
RECOMPUTE_PERMISSION = "dossiers.change_dossier"


def _has_any(user, permissions):
    return bool(user and user.is_active and any(user.has_perm(permission) for permission in permissions))


def can_see_report(user):
    return _has_any(user, DOSSIER_RIGHTS)


def can_recompute(user):
    return _has_any(user, (RECOMPUTE_PERMISSION,))


def can_see_calendar(user):
    return _has_any(user, CALENDAR_RIGHTS)


def _month_from(request, today):
    current = rules.period_month(today, aggregation.period_mode())
    try:
        month = datetime.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
    except ValueError:
        return current
    return min(month, current)


@require_http_methods(["GET", "POST"])
def report_view(request):
    if not can_see_report(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    month = _month_from(request, today)
    if request.method == "POST":
        if not can_recompute(request.user):
            raise PermissionDenied
        aggregation.refresh(month)
        messages.success(
            request, _("The summary of %(month)s was computed again.") % {"month": f"{month:%m/%Y}"}
        )
        return redirect(f"{request.path}?month={month:%Y-%m}")
    data = report.build(month)
    current = rules.period_month(today, aggregation.period_mode())
    context = {
        "report": data,
        "figures": data.total,
        "month": month,
        "months": [rules.add_months(current, -index) for index in range(24)],
        "header": report.table(data)[0],
        "lines": report.table(data)[1],
        "can_recompute": can_recompute(request.user),
    }
    return TemplateResponse(request, "dossiers/admin/report.html", context)


def calendar_view(request):
    if not can_see_calendar(request.user):
        raise PermissionDenied
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    year = max(2000, min(year, 2100))
    _off, make_up = _package_year(year)
    overrides = CalendarOverride.objects.filter(date__year=year).order_by("date")
    context = {
        "year": year,
        "holidays": sorted(package_holidays(year).items()),
        "make_up": sorted(make_up),
        "overrides": overrides,
    }
    return TemplateResponse(request, "dossiers/admin/calendar.html", context)
