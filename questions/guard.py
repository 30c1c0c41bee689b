"""Defences for the question and contact forms: honeypot, minimum fill time, shared rate limits.

CSRF is Django's own middleware (the forms carry {% csrf_token %}); length limits are on the form
fields; text is stored as typed and escaped when shown. The counters live in Django's cache (Redis
when CACHE_URL is set), so every worker sees the same figures. news/guard.py does the same for
comments; apps do not import each other, so this is a small copy of its idea, not of its code.
"""

import hashlib
import hmac
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

CACHE_PREFIX = "questions"
FILL_SALT = "questions.fill-time"
FILL_MAX_AGE = 2 * 24 * 3600
HONEYPOT = "website"
RENDERED = "rendered"
GUARD_FIELDS = (HONEYPOT, RENDERED)

DEFAULT_LIMITS = {
    # name: (how many, per how many seconds)
    "question_ip": (5, 3600),
    "question_site": (200, 3600),
    "contact_ip": (5, 3600),
    "contact_site": (200, 3600),
}

HONEYPOT_TRIPPED, TOO_FAST, RATE_LIMITED = "honeypot", "too_fast", "rate_limited"


def min_fill_seconds():
    return int(getattr(settings, "QUESTIONS_MIN_FILL_SECONDS", 3))


def fill_token(at=None):
    return signing.dumps(int(at if at is not None else time.time()), salt=FILL_SALT, compress=False)


def fill_time_ok(token):
    try:
        rendered_at = int(signing.loads(token or "", salt=FILL_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return False
    return min_fill_seconds() <= time.time() - rendered_at <= FILL_MAX_AGE


def add_guard_fields(form):
    """The honeypot (hidden from people and screen readers) and the signed time the form was shown."""
    form.fields[HONEYPOT] = forms.CharField(
        required=False, label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form.fields[RENDERED] = forms.CharField(required=False, widget=forms.HiddenInput)
    form.submitted_token = form.data.get(RENDERED, "") if form.is_bound else ""
    form.initial[RENDERED] = fill_token()
    if form.is_bound:
        # A fresh token if the form is shown again after an error.
        form.data = form.data.copy()
        form.data[RENDERED] = form.initial[RENDERED]
    return form


def client_key(request):
    """A keyed hash of the client address: counts a sender without storing the address."""
    key = hashlib.sha256(f"questions:{settings.SECRET_KEY}".encode()).digest()
    address = request.META.get("REMOTE_ADDR", "")
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:32]


def _limit(name):
    return {**DEFAULT_LIMITS, **getattr(settings, "QUESTIONS_RATE_LIMITS", {})}[name]


def rate_limited(name, key):
    """Count one hit in a fixed window shared through the cache; True when over the limit."""
    allowed, window = _limit(name)
    cache_key = f"{CACHE_PREFIX}:rl:{name}:{key}:{int(time.time()) // window}"
    cache.add(cache_key, 0, window + 5)
    try:
        hits = cache.incr(cache_key)
    except ValueError:  # evicted between add and incr
        cache.set(cache_key, 1, window + 5)
        hits = 1
    return hits > allowed


def refusal(request, form, kind):
    """None when the submission may go on, else why not (HONEYPOT_TRIPPED, TOO_FAST, RATE_LIMITED)."""
    if form.data.get(HONEYPOT, "").strip():
        return HONEYPOT_TRIPPED
    if not fill_time_ok(getattr(form, "submitted_token", "")):
        return TOO_FAST
    if rate_limited(f"{kind}_ip", client_key(request)) or rate_limited(f"{kind}_site", "all"):
        return RATE_LIMITED
    return None
