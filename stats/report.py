"""The admin report's figures: per day (90 days), per month (all time), per hour, top pages."""

import datetime

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from wagtail.models import Page

from stats.clock import Instant
from stats.models import DailyStats, HourlyStats, PageMonthViews

DAYS = 90
FIELDS = ("visits", "page_views", "bot_hits")


def per_day(instant: Instant, days=DAYS):
    first = instant.day - datetime.timedelta(days=days - 1)
    rows = DailyStats.objects.filter(day__gte=first, day__lte=instant.day).values()
    stored = {row["day"]: row for row in rows}
    rows = []
    for offset in range(days):
        day = first + datetime.timedelta(days=offset)
        row = stored.get(day, {})
        rows.append({"period": day, **{f: row.get(f, 0) for f in FIELDS}})
    return rows


def per_month():
    rows = (
        DailyStats.objects.annotate(period=TruncMonth("day")).values("period")
        .annotate(**{f: Sum(f) for f in FIELDS}).order_by("period")
    )
    return list(rows)


def per_hour(day):
    stored = {row["hour"]: row for row in HourlyStats.objects.filter(day=day).values()}
    return [{"period": hour, **{f: stored.get(hour, {}).get(f, 0) for f in FIELDS}} for hour in range(24)]


def top_pages(instant: Instant, limit=20):
    rows = list(PageMonthViews.objects.filter(month=instant.month).order_by("-views", "page_id")[:limit]
                .values_list("page_id", "views"))
    pages = Page.objects.filter(pk__in=[pk for pk, _ in rows]).in_bulk()
    return [
        {"page_id": pk, "page": pages.get(pk), "title": getattr(pages.get(pk), "title", None), "views": views}
        for pk, views in rows
    ]
