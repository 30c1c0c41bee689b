"""Defences for readers' input: origin/CSRF check, visitor keys, fill time, rate limits, banned words.

Counters live in Django's cache (Redis when CACHE_URL is set), so every worker process sees
the same figures; nothing here is kept per process.
"""

import hashlib
import hmac
import re
import time
import unicodedata
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

CACHE_PREFIX = "news_feedback"
FILL_TOKEN_SALT = "news.feedback.fill-time"  # noqa: S105 - a signing namespace, not a secret
# How old a form's fill-time token may be: long enough to outlive any page cache.
FILL_TOKEN_MAX_AGE = 2 * 24 * 3600

DEFAULT_RATE_LIMITS = {
    # name: (how many, per how many seconds)
    "comment_visitor": (5, 600),
    "comment_ip": (20, 600),
    "comment_site": (200, 600),
    "rating_ip": (60, 600),
}


def setting(name, default):
    return getattr(settings, name, default)


# --- CSRF --------------------------------------------------------------------------------------

def _trusted_origin(origin, request):
    if origin in setting("CSRF_TRUSTED_ORIGINS", []):
        return True
    try:
        netloc = urlsplit(origin).netloc
    except ValueError:
        return False
    return bool(netloc) and netloc == request.get_host()


def origin_or_token_csrf(view):
    """CSRF protection that works on cached anonymous pages.

    A same-origin `Origin` header proves the form was posted from this site's own page, so
    anonymous HTML needs no per-visitor token and can be cached. A cross-site `Origin` is
    refused. Without an `Origin` header (old browsers, some privacy tools) Django's own token
    check applies: CSRF cookie plus the token in the form or the X-CSRFToken header.
    """
    middleware = CsrfViewMiddleware(lambda request: None)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not getattr(request, "_dont_enforce_csrf_checks", False):
            origin = request.META.get("HTTP_ORIGIN")
            fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
            if fetch_site == "cross-site" or (origin is not None and not _trusted_origin(origin, request)):
                return middleware._reject(request, "Origin checking failed.")
            if origin is None:
                refusal = middleware.process_view(request, view, args, kwargs)
                if refusal is not None:
                    return refusal
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapped)


# --- Who is asking -----------------------------------------------------------------------------

def client_ip(request):
    try:
        from stats import api as stats_api

        if hasattr(stats_api, "client_ip"):
            return stats_api.client_ip(request)
    except ImportError:  # pragma: no cover - stats is always installed here
        pass
    return request.META.get("REMOTE_ADDR", "")


def keyed_hash(*parts):
    key = hashlib.sha256(f"news-feedback:{settings.SECRET_KEY}".encode()).digest()
    message = "\x1f".join(str(part) for part in parts).encode("utf-8", "replace")
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:40]


def visitor_of_the_day(request):
    """A keyed hash of IP and User-Agent of the local day: recognises a visitor without storing the IP."""
    today = timezone.localdate().isoformat()
    return keyed_hash("visitor", today, client_ip(request), request.META.get("HTTP_USER_AGENT", ""))


def ip_key(request):
    return keyed_hash("ip", client_ip(request))


# --- Minimum fill time -------------------------------------------------------------------------

def min_fill_seconds():
    # The issue caps the wait at five seconds; a person never notices three.
    return min(int(setting("NEWS_COMMENT_MIN_FILL_SECONDS", 3)), 5)


def fill_token(at=None):
    return signing.dumps(int(at if at is not None else time.time()), salt=FILL_TOKEN_SALT, compress=False)


def fill_time_ok(token):
    """True when the form was rendered long enough ago (and not absurdly long ago)."""
    try:
        rendered_at = int(signing.loads(token or "", salt=FILL_TOKEN_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return False
    age = time.time() - rendered_at
    return min_fill_seconds() <= age <= FILL_TOKEN_MAX_AGE


# --- Rate limits -------------------------------------------------------------------------------

def _limit(name):
    limits = {**DEFAULT_RATE_LIMITS, **setting("NEWS_FEEDBACK_RATE_LIMITS", {})}
    return limits[name]


def rate_limited(name, key):
    """Count one hit in a fixed window shared through the cache; True when over the limit."""
    allowed, window = _limit(name)
    cache_key = f"{CACHE_PREFIX}:rl:{name}:{key}:{int(time.time()) // window}"
    cache.add(cache_key, 0, window + 5)
    try:
        hits = cache.incr(cache_key)
    except ValueError:  # evicted between add and incr: start again
        cache.set(cache_key, 1, window + 5)
        hits = 1
    return hits > allowed


# --- Banned words ------------------------------------------------------------------------------

def _normalise(text):
    return unicodedata.normalize("NFC", text).casefold()


def contains_banned_word(text, banned_words):
    """Whole-word (or whole-phrase), case-insensitive match against the editors' list, one per line."""
    haystack = _normalise(text)
    for line in (banned_words or "").splitlines():
        word = _normalise(line.strip())
        if word and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", haystack):
            return True
    return False
