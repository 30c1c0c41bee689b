"""The comments' and ratings' policy: visitor keys, fill time, rate limits, banned words.

The mechanism (origin/CSRF check, fill-time token, shared cache counters, keyed hashes) is core/guard.py,
the client's address core/client.py; here are only this room's names, numbers and settings.
"""

import re
import unicodedata

from django.conf import settings
from django.utils import timezone

from core import guard
from core.client import client_ip

CACHE_PREFIX = "news_feedback"
FILL_TOKEN_SALT = "news.feedback.fill-time"  # noqa: S105 - a signing namespace, not a secret
HASH_NAMESPACE = "news-feedback"

DEFAULT_RATE_LIMITS = {
    # name: (how many, per how many seconds)
    "comment_visitor": (5, 600),
    "comment_ip": (20, 600),
    "comment_site": (200, 600),
    "rating_ip": (60, 600),
    # One article's ratings from one client address, whatever its User-Agent or cookies, per day: the limiter's
    # fixed 24-hour windows, which turn at 00:00 UTC (07:00 in Viet Nam). Three lets a family or an office behind
    # one address each rate; a script cycling User-Agents adds three, not fifty.
    "rating_article_ip": (3, 24 * 3600),
}


# --- Who is asking -----------------------------------------------------------------------------

def keyed_hash(*parts):
    return guard.keyed_hash(HASH_NAMESPACE, *parts)


def visitor_of_the_day(request):
    """A keyed hash of IP and User-Agent of the local day: recognises a visitor without storing the IP."""
    today = timezone.localdate().isoformat()
    return keyed_hash("visitor", today, client_ip(request), request.META.get("HTTP_USER_AGENT", ""))


def ip_key(request):
    return keyed_hash("ip", client_ip(request))


# --- Minimum fill time -------------------------------------------------------------------------

def min_fill_seconds():
    # The issue caps the wait at five seconds; a person never notices three.
    return min(int(settings.PORTAL_COMMENT_MIN_FILL_SECONDS), 5)


def comment_form_name(page_id):
    # The comment form of one article: its token is refused on another article's form and on every other form.
    return f"comment:{page_id}"


def fill_token(page_id, at=None):
    """The fill-time token of the comment form of article `page_id`."""
    return guard.fill_token(FILL_TOKEN_SALT, comment_form_name(page_id), at)


def fill_time_ok(token, page_id):
    """True when the token was made for this article's comment form long enough ago, and not too long ago
    (settings.PORTAL_FORM_TOKEN_MAX_AGE)."""
    return guard.fill_time_ok(token, FILL_TOKEN_SALT, comment_form_name(page_id), min_fill_seconds())


# --- Rate limits -------------------------------------------------------------------------------

def _limit(name):
    limits = {**DEFAULT_RATE_LIMITS, **settings.PORTAL_COMMENT_RATE_LIMITS}
    return limits[name]


def rate_limited(name, key):
    """Count one hit in a fixed window shared through the cache; True when over the limit."""
    return guard.rate_limited(CACHE_PREFIX, name, key, _limit(name))


def article_ratings_limited(request, page):
    """Count one rating of `page` from the client's address; True when over `rating_article_ip`."""
    return rate_limited("rating_article_ip", f"{ip_key(request)}:{page.pk}")


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
