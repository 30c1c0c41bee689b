"""Who is asking: the day's salt and the visitor key, built on the client IP of core/client.py.

An anonymous visitor is its address and User-Agent, except from an address that shows many User-Agents in a
short time (a script cycling them to inflate the figures): from then on that address is one visitor, whatever it
presents (`crowded`; the threshold is PORTAL_STATS_MAX_AGENTS_PER_ADDRESS, docs/statistics.md says why).
"""

import datetime
import hashlib
import hmac
import logging
import secrets
import threading

from django.conf import settings
from django.core.cache import cache

from core.client import client_ip
from stats.models import DailySalt

logger = logging.getLogger(__name__)


# The salt of the current local day, memoised per process (the database row is the truth).
_salt_lock = threading.Lock()
_salt_memo = {}


def reset_salt_memo():
    with _salt_lock:
        _salt_memo.clear()


def daily_salt(day: datetime.date):
    """The secret salt of a local day: created atomically once for all workers, older ones deleted."""
    with _salt_lock:
        secret = _salt_memo.get(day)
    if secret:
        return secret
    DailySalt.objects.bulk_create([DailySalt(day=day, secret=secrets.token_hex(32))], ignore_conflicts=True)
    secret = DailySalt.objects.filter(day=day).values_list("secret", flat=True).get()
    # Whoever meets a new day first deletes the previous salts: yesterday's hashes become unrecomputable.
    DailySalt.objects.filter(day__lt=day).delete()
    with _salt_lock:
        _salt_memo.clear()
        _salt_memo[day] = secret
    return secret


def _hmac(salt, message):
    return hmac.new(salt.encode(), message.encode("utf-8", "surrogateescape"), hashlib.sha256).hexdigest()


def visitor_key(request, day, user=None):
    """'m:<id>' for a logged-in member; else HMAC-SHA256(day's salt, IP + User-Agent), no raw IP kept; from a
    crowded address, HMAC-SHA256(day's salt, "crowd" + IP), the same for every User-Agent."""
    if user is not None and user.is_authenticated:
        return f"m:{user.pk}"
    salt, ip, agent = daily_salt(day), client_ip(request), request.META.get("HTTP_USER_AGENT", "")
    if crowded(salt, ip, agent):
        return _hmac(salt, f"crowd\n{ip}")  # an address is never "crowd": no clash with an IP + User-Agent key
    return _hmac(salt, f"{ip}\n{agent}")


# --- Addresses cycling User-Agents ---------------------------------------------------------------------------------

AGENT_WINDOW = 600  # seconds: the "short time" in which the distinct User-Agents of an address are counted
CACHE_PREFIX = "stats:agents"


def crowded(salt, ip, agent):
    """True when `ip` has shown more than PORTAL_STATS_MAX_AGENTS_PER_ADDRESS distinct User-Agents within
    AGENT_WINDOW seconds, and for AGENT_WINDOW seconds after the last new one past the threshold.

    Kept in the shared cache (Redis with CACHE_URL), so every worker and host counts the same: per address, one
    key per User-Agent seen (added atomically, so a User-Agent counts once however many workers see it at once),
    the count of those (atomic increment) and a flag. Keys hold keyed hashes under the day's salt, no raw address.
    One cache round trip for a User-Agent already seen, four for a new one. When the cache does not answer (down,
    or core.cache's breaker open: misses, `add` False) the address is not crowded: each address and User-Agent is
    its own visitor, as without the rule, never more.
    """
    limit = settings.PORTAL_STATS_MAX_AGENTS_PER_ADDRESS
    if limit <= 0:
        return False
    address = _hmac(salt, f"address\n{ip}")[:32]
    agent_hash = _hmac(salt, "agent\n" + agent)[:24]
    agent_key = f"{CACHE_PREFIX}:{address}:{agent_hash}"
    count_key, crowd_key = f"{CACHE_PREFIX}:{address}:count", f"{CACHE_PREFIX}:{address}:crowd"
    try:
        seen = cache.get_many([agent_key, crowd_key])
        is_crowded = crowd_key in seen
        if agent_key not in seen and cache.add(agent_key, 1, AGENT_WINDOW):
            cache.add(count_key, 0, AGENT_WINDOW)
            if cache.incr(count_key) > limit:
                cache.set(crowd_key, 1, AGENT_WINDOW)
                is_crowded = True
    except Exception:  # an error of the cache (or a count evicted under us): the visitor as without the rule
        logger.warning("stats: could not count an address's User-Agents", exc_info=True)
        return False
    return is_crowded


def url_hash(url):
    return hashlib.sha256(url.encode("utf-8", "surrogateescape")).hexdigest()[:32]
