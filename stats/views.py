"""The Wagtail admin report "Thống kê truy cập" and its CSV downloads."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core import exports
from stats import charts, clock, report, store

PERMISSION = "stats.view_dailystats"
TABLES = ("days", "months", "hours", "pages")


def _check(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def _series(rows):
    return [(_("Visits"), [r["visits"] for r in rows]), (_("Page views"), [r["page_views"] for r in rows]),
            (_("Bot hits"), [r["bot_hits"] for r in rows])]


def report_view(request):
    _check(request)
    instant = clock.now()
    days = report.per_day(instant)
    months = report.per_month()
    today = report.per_hour(instant.day)
    yesterday = report.per_hour(instant.day - datetime.timedelta(days=1))
    hours = [
        {"period": h, "today": today[h]["visits"], "yesterday": yesterday[h]["visits"]} for h in range(24)
    ]
    context = {
        "figures": store.figures(instant),
        "days": list(reversed(days)),
        "months": list(reversed(months)),
        "hours": hours,
        "pages": report.top_pages(instant),
        "month": instant.month,
        "days_chart": charts.line_chart(
            "stats-days", _("Visits, page views and bot hits per day, last 90 days"),
            [f"{r['period']:%d/%m}" for r in days], _series(days), label_every=15),
        "months_chart": charts.line_chart(
            "stats-months", _("Visits, page views and bot hits per month"),
            [f"{r['period']:%m/%Y}" for r in months], _series(months),
            label_every=max(1, len(months) // 8)),
        "hours_chart": charts.line_chart(
            "stats-hours", _("Visits per hour, today and yesterday"), [f"{h}h" for h in range(24)],
            [(_("Today"), [r["today"] for r in hours]), (_("Yesterday"), [r["yesterday"] for r in hours])],
            label_every=3),
    }
    return render(request, "stats/report.html", context)


def report_csv(request):
    _check(request)
    table = request.GET.get("table", "days")
    if table not in TABLES:
        table = "days"
    instant = clock.now()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="visit-stats-{table}-{instant.day:%Y%m%d}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the Vietnamese titles as UTF-8
    writer = exports.writer(response)  # a page titled "=..." stays text in the spreadsheet
    if table == "days":
        writer.writerow(["day", *report.FIELDS])
        for row in report.per_day(instant):
            writer.writerow([row["period"].isoformat(), *(row[f] for f in report.FIELDS)])
    elif table == "months":
        writer.writerow(["month", *report.FIELDS])
        for row in report.per_month():
            writer.writerow([f"{row['period']:%Y-%m}", *(row[f] for f in report.FIELDS)])
    elif table == "hours":
        writer.writerow(["day", "hour", *report.FIELDS])
        for day in (instant.day - datetime.timedelta(days=1), instant.day):
            for row in report.per_hour(day):
                writer.writerow([day.isoformat(), row["period"], *(row[f] for f in report.FIELDS)])
    else:
        writer.writerow(["month", "page_id", "title", "views"])
        for row in report.top_pages(instant, limit=1000):
            writer.writerow([f"{instant.month:%Y-%m}", row["page_id"], row["title"] or "", row["views"]])
    return response
