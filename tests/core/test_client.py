"""core/client.py: the one client address, behind trusted proxies or not."""

import pytest
from django.test import RequestFactory

from core.client import client_ip


def _request(remote=None, forwarded=None):
    meta = {}
    if remote is not None:
        meta["REMOTE_ADDR"] = remote
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **meta)
    if remote is None:
        del request.META["REMOTE_ADDR"]
    return request


@pytest.fixture(autouse=True)
def _no_proxies(settings):
    settings.PORTAL_TRUSTED_PROXIES = []


def test_remote_addr_alone():
    assert client_ip(_request("203.0.113.9")) == "203.0.113.9"
    assert client_ip(_request("2001:db8::9")) == "2001:db8::9"


def test_without_trusted_proxies_a_forwarded_header_is_ignored():
    assert client_ip(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_trusted_proxy_gives_the_right_most_untrusted_hop(settings):
    settings.PORTAL_TRUSTED_PROXIES = ["127.0.0.1/32", "10.0.0.0/8"]
    assert client_ip(_request("127.0.0.1", "198.51.100.7")) == "198.51.100.7"
    # The client may send its own X-Forwarded-For; the proxies append to it: only the right end is vouched for.
    assert client_ip(_request("127.0.0.1", "1.2.3.4, 198.51.100.7")) == "198.51.100.7"
    assert client_ip(_request("127.0.0.1", "1.2.3.4, 198.51.100.7, 10.1.2.3")) == "198.51.100.7"
    # Only proxies in the chain: the left-most is the nearest to the client we know.
    assert client_ip(_request("127.0.0.1", "10.0.0.5, 10.0.0.6")) == "10.0.0.5"
    # A trusted proxy that forwards nothing is the client.
    assert client_ip(_request("127.0.0.1")) == "127.0.0.1"


def test_untrusted_remote_addr_ignores_a_forged_forwarded_header(settings):
    settings.PORTAL_TRUSTED_PROXIES = ["127.0.0.1/32"]
    assert client_ip(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"
    assert client_ip(_request("203.0.113.9", "127.0.0.1")) == "203.0.113.9"


def test_trusted_proxies_can_be_passed_in(settings):
    settings.PORTAL_TRUSTED_PROXIES = []
    assert client_ip(_request("192.0.2.1", "2001:db8::1"), trusted_proxies=["192.0.2.1"]) == "2001:db8::1"
    assert client_ip(_request("192.0.2.1", "2001:db8::1")) == "192.0.2.1"


@pytest.mark.parametrize("forwarded", ["", " ", ",", " , ,, "])
def test_empty_or_blank_forwarded_header_from_a_proxy_falls_back_to_the_proxy(settings, forwarded):
    settings.PORTAL_TRUSTED_PROXIES = ["127.0.0.1/32"]
    assert client_ip(_request("127.0.0.1", forwarded)) == "127.0.0.1"


def test_malformed_headers(settings):
    settings.PORTAL_TRUSTED_PROXIES = ["127.0.0.1/32"]
    # Blanks around the hops and empty hops are dropped.
    assert client_ip(_request("127.0.0.1", "  198.51.100.7  ,, ")) == "198.51.100.7"
    # Junk on the client's side of the chain is never reached.
    assert client_ip(_request("127.0.0.1", "not-an-ip, ';DROP, 198.51.100.7")) == "198.51.100.7"
    # A malformed REMOTE_ADDR is never a trusted proxy: the forwarded header is ignored.
    assert client_ip(_request("garbage", "198.51.100.7")) == "garbage"
    assert client_ip(_request("", "198.51.100.7")) == ""
    # No REMOTE_ADDR at all.
    assert client_ip(_request(None, "198.51.100.7")) == ""
