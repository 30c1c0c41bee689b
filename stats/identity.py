"""Who is asking: the client IP (behind trusted proxies), the day's salt, and the visitor key."""

import datetime
import hashlib
import hmac
import ipaddress
import logging
import secrets
import threading
from functools import lru_cache

from django.conf import settings

logger = logging.getLogger(__name__)


@lru_cache(maxsize=8)
def _networks(entries):
    networks = []
    for entry in entries:
        entry = entry.strip()
        if entry:
            networks.append(ipaddress.ip_network(entry, strict=False))
    return tuple(networks)


def trusted_networks():
    return _networks(tuple(getattr(settings, "PORTAL_TRUSTED_PROXIES", ()) or ()))


def _is_trusted(address, networks):
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request):
    """REMOTE_ADDR, unless it is a trusted proxy: then the right-most X-Forwarded-For hop that is not one.

    A forwarded header from an untrusted address is ignored, so a client cannot pick its own IP.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    networks = trusted_networks()
    if not networks or not _is_trusted(remote, networks):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, networks):
            return hop
    # Every hop is a trusted proxy: the left-most is the nearest we know to the client.
    return hops[0] if hops else remote


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
    from stats.models import DailySalt

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
