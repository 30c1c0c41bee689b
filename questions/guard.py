"""The question and contact forms' policy: limit names and numbers, the fill-time salt, the refusal kinds.

The mechanism (honeypot, signed fill time, shared cache counters, keyed hashes) is core/guard.py, the client's
address core/client.py. CSRF is Django's own middleware (the forms carry {% csrf_token %}); length limits are on
the form fields; text is stored as typed and escaped when shown.
"""

from django.conf import settings

from core import guard
from core.client import client_ip
from core.guard import GUARD_FIELDS  # noqa: F401 - questions/models.py drops these fields from stored submissions

CACHE_PREFIX = "questions"
FILL_SALT = "questions.fill-time"
HASH_NAMESPACE = "questions"

DEFAULT_LIMITS = {
    # name: (how many, per how many seconds)
    "question_ip": (5, 3600),
    "question_site": (200, 3600),
    "contact_ip": (5, 3600),
    "contact_site": (200, 3600),
}

HONEYPOT_TRIPPED, TOO_FAST, RATE_LIMITED = "honeypot", "too_fast", "rate_limited"


def min_fill_seconds():
    return int(settings.PORTAL_QUESTIONS_MIN_FILL_SECONDS)


def fill_token(kind, at=None):
    """The fill-time token of one form: `kind` is "question" or "contact" (a token of one is refused on the other)."""
    return guard.fill_token(FILL_SALT, kind, at)


def fill_time_ok(token, kind):
    return guard.fill_time_ok(token, FILL_SALT, kind, min_fill_seconds())


def add_guard_fields(form, kind):
    """The honeypot (hidden from people and screen readers) and the signed time the `kind` form was shown."""
    return guard.add_guard_fields(form, fill_token(kind))


def client_key(request):
    """A keyed hash of the client address: counts a sender without storing the address."""
    return guard.keyed_hash(HASH_NAMESPACE, client_ip(request), length=32)


def _limit(name):
    return {**DEFAULT_LIMITS, **settings.PORTAL_QUESTIONS_RATE_LIMITS}[name]


def rate_limited(name, key):
    """Count one hit in a fixed window shared through the cache; True when over the limit."""
    return guard.rate_limited(CACHE_PREFIX, name, key, _limit(name))


def refusal(request, form, kind):
    """None when the submission may go on, else why not (HONEYPOT_TRIPPED, TOO_FAST, RATE_LIMITED)."""
    if guard.honeypot_filled(form.data):
        return HONEYPOT_TRIPPED
    if not fill_time_ok(getattr(form, "submitted_token", ""), kind):
        return TOO_FAST
    if rate_limited(f"{kind}_ip", client_key(request)) or rate_limited(f"{kind}_site", "all"):
        return RATE_LIMITED
    return None
