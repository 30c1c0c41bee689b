"""The sidebar block "Thống kê truy cập"."""

import logging

from django import template
from django.conf import settings
from django.core.cache import cache

from stats import clock, store

logger = logging.getLogger(__name__)
register = template.Library()

CACHE_KEY = "stats:block-figures"
MAX_AGE = 30  # seconds: the block is never further behind the truth than this


def cache_seconds():
    """The block's own cache time: what the page cache (which may serve a page holding the block for
    PORTAL_PAGE_CACHE_SECONDS) leaves of the 30 seconds."""
    budget = MAX_AGE - max(0, int(settings.PORTAL_PAGE_CACHE_SECONDS))
    return max(0, min(int(settings.PORTAL_STATS_CACHE_SECONDS), budget))


def block_figures():
    """The figures, from the shared cache when fresh enough; None when the store is unavailable."""
    try:
        figures = cache.get(CACHE_KEY)
    except Exception:
        logger.warning("stats: cache unavailable for the block", exc_info=True)
        figures = None
    if figures is not None:
        return figures
    try:
        figures = store.figures(clock.now())
    except Exception:
        logger.exception("stats: block figures unavailable")
        return None
    seconds = cache_seconds()
    if seconds:
        try:
            cache.set(CACHE_KEY, figures, seconds)
        except Exception:
            logger.warning("stats: cache unavailable for the block", exc_info=True)
    return figures


@register.inclusion_tag("stats/visit_stats.html")
def visit_stats():
    return {"stats": block_figures()}
