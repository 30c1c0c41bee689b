"""The form guard and rate limiter every room uses: mechanism here, policy in the rooms.

- `rate_limited`: a fixed-window counter in Django's cache (Redis when CACHE_URL is set), so every worker
  process and every host sees the same figures; nothing is kept per process. When the cache cannot answer, the
  same counter is kept in the database instead (see `rate_limited` for what fails open and what fails closed).
- `fill_token` / `fill_time_ok`: a signed timestamp of when a form was shown, bound to that one form (say
  "comment:42", the comment form of article 42), refused when sent too soon, too late
  (settings.PORTAL_FORM_TOKEN_MAX_AGE), forged, or on another form.
- `HONEYPOT` / `honeypot_filled` / `add_guard_fields`: the field people never see and naive bots fill in.
- `origin_or_token_csrf`: CSRF protection that works on cached anonymous pages.
- `keyed_hash`: recognises a sender (address, browser) without storing the raw value.

Each room keeps its own policy: limit names and numbers, cache prefixes, signing salts, messages, settings.
"""

import hashlib
import hmac
import logging
import time
from functools import wraps
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import connection, transaction
from django.http.request import split_domain_port
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from core.cache import strict as strict_cache
from core.models import RateCounter

logger = logging.getLogger(__name__)

HONEYPOT = "website"
RENDERED = "rendered"
GUARD_FIELDS = (HONEYPOT, RENDERED)


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

    Redis is an accelerator, not a single point of failure. When the cache is unreachable, hangs (past its short
    timeout) or has just failed (core/cache.py's breaker is open), the hit is counted in the database instead
    (core.models.RateCounter, one atomic upsert). Every limit (comments, ratings, questions, contact, dossier
    lookups) then still holds, exactly, across workers and hosts. Two deliberate exceptions:
    - Fail open, bounded: neither store sees the other's hits, so when counting moves between them (Redis goes, or
      comes back, possibly empty) a client may get up to one more window's allowance. Merging the two would cost a
      database query on every limited request while Redis is fine.
    - Fail closed: when neither the cache nor the database can count, the answer is True (refused, 429). Every
      limited action needs the database anyway (a comment, rating, question or message is saved there, a lookup
      reads it), so refusing costs a reader nothing the outage had not, while going on unlimited would let a flood
      through.
    """
    allowed, window = limit
    number = int(time.time()) // window
    cache_key = f"{prefix}:rl:{name}:{key}:{number}"
    try:
        hits = _count_in_cache(strict_cache(cache), cache_key, window)
    except Exception:  # CacheUnavailable, or any other backend's own error: the database keeps the count
        try:
            hits = _count_in_database(f"{prefix}:rl:{name}:{key}", number * window, window)
        except Exception:
            logger.exception("rate limit %s:%s: neither the cache nor the database could count; refused", prefix, name)
            return True
    return hits > allowed


def _count_in_cache(store, cache_key, window):
    store.add(cache_key, 0, window + 5)
    try:
        return store.incr(cache_key)
    except ValueError:  # evicted between add and incr: start again
        store.set(cache_key, 1, window + 5)
        return 1


_RATE_COUNTER_PRUNE_EVERY = 600  # seconds between a process's deletions of past windows' rows
_rate_counter_pruned = [0.0]


def _count_in_database(counter_key, window_start, window):
    """One hit in core.models.RateCounter: INSERT ... ON CONFLICT DO UPDATE ... RETURNING (PostgreSQL, SQLite >=
    3.35), one statement, so concurrent workers and hosts add up exactly; rows of past windows are deleted every
    ten minutes or so by whichever process is counting there."""
    if len(counter_key) > 255:
        counter_key = "sha256:" + hashlib.sha256(counter_key.encode("utf-8", "replace")).hexdigest()
    now = time.time()
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    if now - _rate_counter_pruned[0] > _RATE_COUNTER_PRUNE_EVERY:
        _rate_counter_pruned[0] = now
        with transaction.atomic():
            RateCounter.objects.filter(expires_at__lt=int(now)).delete()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, window_start, expires_at, hits) VALUES (%s, %s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (key, window_start) DO UPDATE SET hits = {table}.hits + 1 RETURNING hits",
            [counter_key, window_start, window_start + window + 5],
        )
        return cursor.fetchone()[0]


# --- Minimum fill time -------------------------------------------------------------------------

def _fill_salt(salt, form):
    # The form's identity is part of the signing key: a token signed for one form fails the signature on another.
    return f"{salt}\x1f{form}"


def fill_token(salt, form, at=None):
    """The signed time (whole seconds) a form was shown. `salt` keeps one room's tokens out of another's, `form`
    (the form's name and, where it belongs to a page, the page's id: "comment:42") one form's out of another's."""
    return signing.dumps(int(at if at is not None else time.time()), salt=_fill_salt(salt, form), compress=False)


def fill_time_ok(token, salt, form, min_seconds, max_age=None):
    """True when `token` was made for `form` at least `min_seconds` and at most `max_age` seconds ago
    (by default settings.PORTAL_FORM_TOKEN_MAX_AGE: hours, far longer than any cached page is kept)."""
    if max_age is None:
        max_age = settings.PORTAL_FORM_TOKEN_MAX_AGE
    try:
        rendered_at = int(signing.loads(token or "", salt=_fill_salt(salt, form)))
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

DEFAULT_PORTS = {"http": "80", "https": "443"}


def _scheme_host_port(scheme, netloc):
    """(scheme, host, port) with the host lower-cased and the scheme's default port filled in; None when not an
    http(s) origin."""
    scheme = scheme.lower()
    host, port = split_domain_port(netloc)
    if scheme not in DEFAULT_PORTS or not host:
        return None
    return scheme, host, port or DEFAULT_PORTS[scheme]


def _trusted_origin(origin, request):
    """The `Origin` is this site's own, scheme, host and port alike (https://h is https://h:443, and http://h is
    not https://h), or one of CSRF_TRUSTED_ORIGINS exactly as written there. The request's scheme is https behind
    the TLS proxy through SECURE_PROXY_SSL_HEADER."""
    if origin in settings.CSRF_TRUSTED_ORIGINS:
        return True
    try:
        parts = urlsplit(origin)
    except ValueError:
        return False
    if parts.path or parts.query or parts.fragment:
        return False  # an Origin header is scheme://host[:port] and nothing else
    sent = _scheme_host_port(parts.scheme, parts.netloc)
    return sent is not None and sent == _scheme_host_port(request.scheme, request.get_host())


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
