"""Bot detection: crawlerdetect's maintained list plus the editors' extra patterns.

crawlerdetect (a port of the widely used PHP CrawlerDetect) ships its crawler and exclusion lists
inside the package, so a release carries both the patterns and the matching code, and it caches
its verdicts per User-Agent.
"""

import logging
import re
from functools import lru_cache

from crawlerdetect import CrawlerDetect
from django.core.cache import cache

from stats.models import BotPattern

logger = logging.getLogger(__name__)

PATTERNS_CACHE_KEY = "stats:bot-patterns"
PATTERNS_TTL = 60  # seconds; saving a pattern also clears the shared entry

_detector = CrawlerDetect()


@lru_cache(maxsize=32)
def _compile(patterns):
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None


def extra_patterns():
    try:
        patterns = cache.get(PATTERNS_CACHE_KEY)
    except Exception:
        logger.warning("stats: cache unavailable for bot patterns", exc_info=True)
        patterns = None
    if patterns is None:
        patterns = tuple(BotPattern.objects.filter(active=True).values_list("pattern", flat=True))
        try:
            cache.set(PATTERNS_CACHE_KEY, patterns, PATTERNS_TTL)
        except Exception:
            logger.warning("stats: cache unavailable for bot patterns", exc_info=True)
    return tuple(patterns)


def clear_patterns_cache(**kwargs):
    try:
        cache.delete(PATTERNS_CACHE_KEY)
    except Exception:
        logger.warning("stats: could not clear the bot patterns cache", exc_info=True)


def is_bot(user_agent):
    """A request without a User-Agent is a bot, as is one the list or an extra pattern recognises."""
    user_agent = (user_agent or "").strip()
    if not user_agent:
        return True
    if _detector.is_crawler(user_agent):
        return True
    regex = _compile(extra_patterns())
    return bool(regex and regex.search(user_agent))
