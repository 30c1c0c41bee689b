"""Who is asking: the day's salt and the visitor key, built on the client IP of core/client.py."""

import datetime
import hashlib
import hmac
import logging
import secrets
import threading

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


def visitor_key(request, day, user=None):
    """'m:<id>' for a logged-in member; else HMAC-SHA256(day's salt, IP + User-Agent), no raw IP kept."""
    if user is not None and user.is_authenticated:
        return f"m:{user.pk}"
    message = f"{client_ip(request)}\n{request.META.get('HTTP_USER_AGENT', '')}".encode()
    return hmac.new(daily_salt(day).encode(), message, hashlib.sha256).hexdigest()


def url_hash(url):
    return hashlib.sha256(url.encode("utf-8", "surrogateescape")).hexdigest()[:32]
