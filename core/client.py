"""The client's address: the one answer to "who is asking?" for every room (counters, limits, visitor keys).

REMOTE_ADDR, unless it is a trusted proxy (`PORTAL_TRUSTED_PROXIES`: IPs or CIDRs): then the right-most
X-Forwarded-For hop that is not a trusted proxy. A forwarded header from an untrusted address is ignored,
so a client cannot pick its own address.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(entries):
    networks = []
    for entry in entries:
        entry = entry.strip()
        if entry:
            networks.append(ipaddress.ip_network(entry, strict=False))
    return tuple(networks)


def trusted_networks(entries=None):
    """The trusted proxies as networks: `entries` if given, else the PORTAL_TRUSTED_PROXIES setting."""
    if entries is None:
        entries = settings.PORTAL_TRUSTED_PROXIES
    return _networks(tuple(entries or ()))


def is_trusted(address, networks):
    """True when `address` is a valid IP inside one of `networks`; a malformed address is never trusted."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request, trusted_proxies=None):
    """REMOTE_ADDR, unless it is a trusted proxy: then the right-most X-Forwarded-For hop that is not one.

    `trusted_proxies` (IPs or CIDRs) defaults to the PORTAL_TRUSTED_PROXIES setting.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    networks = trusted_networks(trusted_proxies)
    if not networks or not is_trusted(remote, networks):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not is_trusted(hop, networks):
            return hop
    # Every hop is a trusted proxy: the left-most is the nearest we know to the client.
    return hops[0] if hops else remote
