"""The form guard and rate limiter every room uses: mechanism here, policy in the rooms.

- `rate_limited`: a fixed-window counter in Django's cache (Redis when CACHE_URL is set), so every worker
  process and every host sees the same figures; nothing is kept per process. Cache errors are not caught:
  if the cache is down the request fails with the cache's error rather than going on unlimited.
- `fill_token` / `fill_time_ok`: a signed timestamp of when a form was shown, refused when sent too soon,
  too late or forged.
- `HONEYPOT` / `honeypot_filled` / `add_guard_fields`: the field people never see and naive bots fill in.
- `origin_or_token_csrf`: CSRF protection that works on cached anonymous pages.
- `keyed_hash`: recognises a sender (address, browser) without storing the raw value.

Each room keeps its own policy: limit names and numbers, cache prefixes, signing salts, messages, settings.
"""

import hashlib
import hmac
import time
from functools import wraps
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

HONEYPOT = "website"
RENDERED = "rendered"
GUARD_FIELDS = (HONEYPOT, RENDERED)
# How old a form's fill-time token may be: long enough to outlive any page cache.
FILL_TOKEN_MAX_AGE = 2 * 24 * 3600


# --- Keyed hashes ------------------------------------------------------------------------------

def keyed_hash(namespace, *parts, length=40):
    """HMAC-SHA256 of the parts (joined by U+001F) under a key derived from SECRET_KEY and `namespace`."""
    key = hashlib.sha256(f"{namespace}:{settings.SECRET_KEY}".encode()).digest()
    message = "\x1f".join(str(part) for part in parts).encode("utf-8", "replace")
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:length]


# --- Rate limits -------------------------------------------------------------------------------

def rate_limited(prefix, name, key, limit):
    """Count one hit of `key` against `limit` = (how many, per how many seconds); True when over it.

    Fixed windows aligned on the epoch, one counter per window: `<prefix>:rl:<name>:<key>:<window number>`.
    """
    allowed, window = limit
    cache_key = f"{prefix}:rl:{name}:{key}:{int(time.time()) // window}"
    cache.add(cache_key, 0, window + 5)
    try:
        hits = cache.incr(cache_key)
    except ValueError:  # evicted between add and incr: start again
        cache.set(cache_key, 1, window + 5)
        hits = 1
    return hits > allowed


# --- Minimum fill time -------------------------------------------------------------------------

def fill_token(salt, at=None):
    """The signed time (whole seconds) a form was shown; `salt` keeps one room's tokens out of another's."""
    return signing.dumps(int(at if at is not None else time.time()), salt=salt, compress=False)


def fill_time_ok(token, salt, min_seconds, max_age=FILL_TOKEN_MAX_AGE):
    """True when the form was shown at least `min_seconds` and at most `max_age` seconds ago."""
    try:
        rendered_at = int(signing.loads(token or "", salt=salt))
    except (signing.BadSignature, TypeError, ValueError):
        return False
    return min_seconds <= time.time() - rendered_at <= max_age


# --- Honeypot ----------------------------------------------------------------------------------

def honeypot_filled(data, field=HONEYPOT, strip=True):
    """True when the hidden field came back filled in (with `strip`, blanks alone do not count)."""
    value = data.get(field) or ""
    return bool(value.strip() if strip else value)


def add_guard_fields(form, token):
    """Add the honeypot (hidden from people and screen readers) and the signed time the form was shown.

    `token` is a fresh fill-time token; the one the visitor's form carried is kept as `form.submitted_token`.
    A bound form gets the fresh token too, for when it is shown again after an error.
    """
    form.fields[HONEYPOT] = forms.CharField(
        required=False, label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form.fields[RENDERED] = forms.CharField(required=False, widget=forms.HiddenInput)
    form.submitted_token = form.data.get(RENDERED, "") if form.is_bound else ""
    form.initial[RENDERED] = token
    if form.is_bound:
        form.data = form.data.copy()
        form.data[RENDERED] = token
    return form


# --- CSRF --------------------------------------------------------------------------------------

def _trusted_origin(origin, request):
    if origin in settings.CSRF_TRUSTED_ORIGINS:
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
