"""What the statistics keep.

Kept forever: per-day and per-hour aggregates and per-page monthly views (small, one row per period).
Kept briefly: one row per visitor (for "online" and the 30-minute visit rule) and one row per
(visit, page) (so a reload in the same visit is not a second article view); `prune_visits` deletes
them once they no longer matter. Counters are only ever changed by atomic upserts (stats/store.py).
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class VisitorKind(models.IntegerChoices):
    GUEST = 1, _("Guest")
    MEMBER = 2, _("Member")
    BOT = 3, _("Search engine")


class Visitor(models.Model):
    # HMAC-SHA256 of (IP, User-Agent) under the day's salt, or "m:<user id>" for a logged-in member.
    key = models.CharField(max_length=64, unique=True)
    kind = models.PositiveSmallIntegerField(choices=VisitorKind.choices)
    # Epoch milliseconds of the latest counted request (integers compare the same on every database).
    last_ms = models.BigIntegerField(db_index=True)
    # Hash of the latest URL, for the "same URL within the same second" double-click rule.
    last_url = models.CharField(max_length=32)
    # Random id of the current visit; replaced when a request comes after more than 30 minutes.
    visit_id = models.BigIntegerField()
    # Set by the upsert: was this request a double click of the previous one?
    dup = models.BooleanField(default=False)

    def __str__(self):
        return f"{self.get_kind_display()} {self.key[:12]}"


class VisitPage(models.Model):
    """A page already opened during a visit (its reloads are not new article views)."""

    visit_id = models.BigIntegerField()
    page_id = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["visit_id", "page_id"], name="stats_visitpage_unique")]

    def __str__(self):
        return f"{self.visit_id}/{self.page_id}"


class DailyStats(models.Model):
    day = models.DateField(_("day"), unique=True)
    visits = models.BigIntegerField(_("visits"), default=0)
    page_views = models.BigIntegerField(_("page views"), default=0)
    bot_hits = models.BigIntegerField(_("bot hits"), default=0)

    class Meta:
        verbose_name = _("daily statistics")
        verbose_name_plural = _("daily statistics")

    def __str__(self):
        return str(self.day)


class HourlyStats(models.Model):
    day = models.DateField(_("day"))
    hour = models.PositiveSmallIntegerField(_("hour"))
    visits = models.BigIntegerField(_("visits"), default=0)
    page_views = models.BigIntegerField(_("page views"), default=0)
    bot_hits = models.BigIntegerField(_("bot hits"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "hour"], name="stats_hourlystats_unique")]

    def __str__(self):
        return f"{self.day} {self.hour}h"


class PageMonthViews(models.Model):
    """Views of a Wagtail page (one per visit that opened it) in a month (its first day)."""

    page_id = models.IntegerField()
    month = models.DateField()
    views = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page_id", "month"], name="stats_pagemonthviews_unique"),
        ]
        indexes = [models.Index(fields=["month", "views"])]

    def __str__(self):
        return f"{self.page_id} {self.month:%Y-%m}"


class DailySalt(models.Model):
    """The secret of the local day; yesterday's is deleted, so its hashes cannot be recomputed."""

    day = models.DateField(unique=True)
    secret = models.CharField(max_length=64)

    def __str__(self):
        return str(self.day)


class Baseline(models.Model):
    """The legacy portal's visit total (one row), added to every visit counted here."""

    total_visits = models.BigIntegerField(default=0)

    def __str__(self):
        return str(self.total_visits)


def validate_pattern(value):
    try:
        re.compile(value)
    except re.error as error:
        message = _("Not a valid regular expression: %(error)s")
        raise ValidationError(message, params={"error": error}) from error


class BotPattern(models.Model):
    """An extra User-Agent pattern counted as a bot, beside the library's maintained list."""

    pattern = models.CharField(
        _("pattern"), max_length=255, unique=True, validators=[validate_pattern],
        help_text=_("A regular expression searched in the User-Agent, ignoring case."),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("bot pattern")
        verbose_name_plural = _("bot patterns")
        ordering = ["pattern"]

    def __str__(self):
        return self.pattern
