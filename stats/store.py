"""The counters, changed only by atomic upserts in the shared database.

Each statement is an INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n (SQLite >= 3.35 and
PostgreSQL both support it, with RETURNING), run in one short transaction: no process keeps a count
of its own and nothing is read into Python to be written back, so any number of workers and hosts
add up exactly. On SQLite the transaction starts IMMEDIATE (settings), so writers queue on the busy
timeout instead of failing.
"""

import logging
import secrets
import time
from functools import cache

from django.db import connection, transaction
from django.db.models import Count, Q, Sum

from core.signals import announce
from stats.clock import Instant
from stats.models import (
    Baseline,
    DailySalt,
    DailyStats,
    HourlyStats,
    PageMonthViews,
    Visitor,
    VisitorKind,
    VisitPage,
)

logger = logging.getLogger(__name__)

VISIT_GAP_MS = 30 * 60 * 1000
ONLINE_MS = 5 * 60 * 1000
PRUNE_INTERVAL = 10 * 60  # seconds between a process's opportunistic prunes


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


@cache
def _sql():
    # Only table names (from the models, quoted) are formatted in; every value is a parameter.
    v, d, h, vp, pm = (_table(m) for m in (Visitor, DailyStats, HourlyStats, VisitPage, PageMonthViews))
    return {
        # dup: same URL within the same second as the previous request (a double click).
        # visit_id: a new random id when the previous request is more than 30 minutes old.
        # Every right-hand side reads the row as it was before this statement.
        "visitor": f"""
            INSERT INTO {v} (key, kind, last_ms, last_url, visit_id, dup) VALUES (%s, %s, %s, %s, %s, %s)
            ON CONFLICT (key) DO UPDATE SET
                dup = ({v}.last_url = excluded.last_url AND {v}.last_ms / 1000 = excluded.last_ms / 1000),
                visit_id = CASE WHEN excluded.last_ms - {v}.last_ms > {VISIT_GAP_MS}
                                THEN excluded.visit_id ELSE {v}.visit_id END,
                last_ms = CASE WHEN excluded.last_ms > {v}.last_ms THEN excluded.last_ms ELSE {v}.last_ms END,
                last_url = excluded.last_url,
                kind = excluded.kind
            RETURNING dup, visit_id""",  # noqa: S608
        "daily": f"""
            INSERT INTO {d} (day, visits, page_views, bot_hits) VALUES (%s, %s, %s, %s)
            ON CONFLICT (day) DO UPDATE SET
                visits = {d}.visits + excluded.visits,
                page_views = {d}.page_views + excluded.page_views,
                bot_hits = {d}.bot_hits + excluded.bot_hits""",  # noqa: S608
        "hourly": f"""
            INSERT INTO {h} (day, hour, visits, page_views, bot_hits) VALUES (%s, %s, %s, %s, %s)
            ON CONFLICT (day, hour) DO UPDATE SET
                visits = {h}.visits + excluded.visits,
                page_views = {h}.page_views + excluded.page_views,
                bot_hits = {h}.bot_hits + excluded.bot_hits""",  # noqa: S608
        "visit_page": f"""
            INSERT INTO {vp} (visit_id, page_id) VALUES (%s, %s)
            ON CONFLICT (visit_id, page_id) DO NOTHING RETURNING id""",  # noqa: S608
        "page_month": f"""
            INSERT INTO {pm} (page_id, month, views) VALUES (%s, %s, 1)
            ON CONFLICT (page_id, month) DO UPDATE SET views = {pm}.views + 1""",  # noqa: S608
    }


@cache
def _combined_sql():
    """PostgreSQL: the five statements of record() as one, chained through data-modifying CTEs (each upsert is as
    atomic as on its own), so a counted request costs one round trip to the database instead of seven.

    The counting transaction commits without waiting for its WAL to reach the disk (synchronous_commit off for
    this transaction only, set by `quick`): a server crash can lose the last fraction of a second of counts, never
    make them inconsistent, and a reader's request no longer waits for an fsync (the cause of the slowest 1%).
    Everything else the portal writes keeps PostgreSQL's full durability."""
    sql = _sql()
    d, h, vp, pm = (_table(m) for m in (DailyStats, HourlyStats, VisitPage, PageMonthViews))
    visitor = sql["visitor"].replace("VALUES (%s, %s, %s, %s, %s, %s)",
                                     "VALUES (%(key)s, %(kind)s, %(ms)s, %(url)s, %(token)s, false)")
    return f"""
        WITH quick AS (SELECT set_config('synchronous_commit', 'off', true)),
        v AS ({visitor}),
        c AS (
            SELECT dup, visit_id,
                   (%(human)s::boolean AND visit_id = %(token)s::bigint)::int AS new_visit
            FROM v WHERE NOT dup
        ),
        d AS (
            INSERT INTO {d} (day, visits, page_views, bot_hits)
            SELECT %(day)s::date, new_visit, %(human)s::boolean::int, (NOT %(human)s::boolean)::int FROM c
            ON CONFLICT (day) DO UPDATE SET
                visits = {d}.visits + excluded.visits,
                page_views = {d}.page_views + excluded.page_views,
                bot_hits = {d}.bot_hits + excluded.bot_hits
        ),
        h AS (
            INSERT INTO {h} (day, hour, visits, page_views, bot_hits)
            SELECT %(day)s::date, %(hour)s::integer, new_visit, %(human)s::boolean::int,
                   (NOT %(human)s::boolean)::int FROM c
            ON CONFLICT (day, hour) DO UPDATE SET
                visits = {h}.visits + excluded.visits,
                page_views = {h}.page_views + excluded.page_views,
                bot_hits = {h}.bot_hits + excluded.bot_hits
        ),
        p AS (
            INSERT INTO {vp} (visit_id, page_id)
            SELECT visit_id, %(page)s::integer FROM c WHERE %(count_page)s::boolean
            ON CONFLICT (visit_id, page_id) DO NOTHING RETURNING page_id
        ),
        m AS (
            INSERT INTO {pm} (page_id, month, views) SELECT page_id, %(month)s::date, 1 FROM p
            ON CONFLICT (page_id, month) DO UPDATE SET views = {pm}.views + 1
        )
        SELECT dup, visit_id FROM v CROSS JOIN quick"""  # noqa: S608 - table names only, every value is a parameter


def _record_postgresql(*, key, kind, url_hash, page_id, instant, token, human):
    local = instant.local
    day = local.date()
    params = {
        "key": key, "kind": kind, "ms": instant.ms, "url": url_hash, "token": token, "human": human,
        "day": day, "hour": local.hour, "page": page_id, "count_page": bool(human and page_id),
        "month": day.replace(day=1),
    }
    with connection.cursor() as cursor:
        cursor.execute(_combined_sql(), params)
        return cursor.fetchone()


class Outcome:
    DUPLICATE = "duplicate"
    BOT_HIT = "bot_hit"
    VISIT = "visit"
    PAGE_VIEW = "page_view"


def record(*, key, kind, url_hash, page_id, instant: Instant):
    """Count one request; returns what it counted as (an Outcome)."""
    sql = _sql()
    token = secrets.randbits(62) + 1
    local = instant.local
    day, hour = local.date(), local.hour
    human = kind != VisitorKind.BOT
    if connection.vendor == "postgresql":
        dup, visit_id = _record_postgresql(key=key, kind=kind, url_hash=url_hash, page_id=page_id, instant=instant,
                                           token=token, human=human)
        if dup:
            return Outcome.DUPLICATE
        if not human:
            return Outcome.BOT_HIT
        return Outcome.VISIT if visit_id == token else Outcome.PAGE_VIEW
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql["visitor"], [key, kind, instant.ms, url_hash, token, False])
        dup, visit_id = cursor.fetchone()
        if dup:
            return Outcome.DUPLICATE
        human = kind != VisitorKind.BOT
        new_visit = human and visit_id == token
        counts = [int(new_visit), int(human), int(not human)]
        cursor.execute(sql["daily"], [day, *counts])
        cursor.execute(sql["hourly"], [day, hour, *counts])
        if human and page_id:
            cursor.execute(sql["visit_page"], [visit_id, page_id])
            if cursor.fetchone() is not None:  # first time this visit opens the page
                cursor.execute(sql["page_month"], [page_id, day.replace(day=1)])
    if not human:
        return Outcome.BOT_HIT
    return Outcome.VISIT if new_visit else Outcome.PAGE_VIEW


def prune(instant: Instant):
    """Delete the per-visitor rows that no longer matter (older than the visit gap, with a margin)."""
    cutoff = instant.ms - VISIT_GAP_MS - 60 * 1000
    visitors, _ = Visitor.objects.filter(last_ms__lt=cutoff).delete()
    pages, _ = VisitPage.objects.exclude(visit_id__in=Visitor.objects.values("visit_id")).delete()
    salts, _ = DailySalt.objects.filter(day__lt=instant.day).delete()
    return {"visitors": visitors, "visit_pages": pages, "salts": salts}


_last_prune = [0.0]


def maybe_prune(instant: Instant):
    """Prune now and then from the request path, so rows go even without the timer; failures are logged."""
    monotonic = time.monotonic()
    if _last_prune[0] and monotonic - _last_prune[0] < PRUNE_INTERVAL:
        return
    _last_prune[0] = monotonic
    try:
        prune(instant)
    except Exception:
        logger.warning("stats: opportunistic prune failed", exc_info=True)


def baseline():
    return Baseline.objects.values_list("total_visits", flat=True).first() or 0


def set_baseline(total):
    updated = Baseline.objects.update(total_visits=total)
    if not updated:
        Baseline.objects.create(total_visits=total)
    # Pages showing the block are stale at once.
    announce(Baseline, total=total)
    return total


def figures(instant: Instant):
    """The block's figures: three small queries (online by kind, visit sums, baseline)."""
    online = dict(
        Visitor.objects.filter(last_ms__gte=instant.ms - ONLINE_MS)
        .values_list("kind").annotate(n=Count("id")).order_by()
    )
    day, month = instant.day, instant.month
    sums = DailyStats.objects.aggregate(
        total=Sum("visits"),
        month=Sum("visits", filter=Q(day__gte=month, day__lte=day)),
        today=Sum("visits", filter=Q(day=day)),
    )
    members = online.get(VisitorKind.MEMBER, 0)
    bots = online.get(VisitorKind.BOT, 0)
    guests = online.get(VisitorKind.GUEST, 0)
    return {
        "online": members + bots + guests,
        "members": members,
        "bots": bots,
        "guests": guests,
        "today": sums["today"] or 0,
        "month": sums["month"] or 0,
        "total": baseline() + (sums["total"] or 0),
    }


def total_visits():
    return baseline() + (DailyStats.objects.aggregate(n=Sum("visits"))["n"] or 0)


def page_view_counts(page_ids):
    ids = [int(i) for i in page_ids if i is not None]
    if not ids:
        return {}
    rows = (
        PageMonthViews.objects.filter(page_id__in=ids).values_list("page_id").annotate(n=Sum("views")).order_by()
    )
    counts = dict.fromkeys(ids, 0)
    counts.update(rows)
    return counts
