"""The admin's report (with a 'refresh now' button) and the working-day calendar of a year."""

import datetime

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import aggregation, report, rules
from .calendar import _package_year, package_holidays
from .models import CalendarOverride


def _month_from(request, today):
    current = rules.period_month(today, aggregation.period_mode())
    try:
        month = datetime.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
    except ValueError:
        return current
    return min(month, current)


@require_http_methods(["GET", "POST"])
def report_view(request):
    today = timezone.localdate()
    month = _month_from(request, today)
    if request.method == "POST":
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
    }
    return TemplateResponse(request, "dossiers/admin/report.html", context)


def calendar_view(request):
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
