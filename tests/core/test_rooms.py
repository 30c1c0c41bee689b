"""The rooms count clients through core/client.py: behind a trusted proxy, per forwarded client, not per proxy."""

import pytest
import time_machine
from django.core.cache import cache
from django.test import RequestFactory

from dossiers import views as dossier_views
from news import guard as news_guard
from questions import guard as questions_guard

PROXY = "127.0.0.1"


@pytest.fixture(autouse=True)
def _behind_a_proxy(settings):
    settings.PORTAL_TRUSTED_PROXIES = ["127.0.0.1/32"]
    cache.clear()
    # Frozen at the start of a limit window: the counters cannot roll over half-way through a test.
    with time_machine.travel(1_700_000_400, tick=False):
        yield
    cache.clear()


def _lookup(client, forwarded, number):
    return client.get(
        "/ho-so/tra-cuu/", {"ma": f"X-{number}"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded
    ).status_code


def test_dossier_lookup_limit_is_per_forwarded_client_not_per_proxy(db, client):
    for number in range(dossier_views.LOOKUP_LIMIT):
        assert _lookup(client, "198.51.100.1", number) == 404
    assert _lookup(client, "198.51.100.1", "last") == 429
    # Another reader through the same proxy has a limit of their own.
    assert _lookup(client, "198.51.100.2", 0) == 404
    # A client prepending a forged address does not escape its limit: the proxy's own hop is what counts.
    assert _lookup(client, "203.0.113.50, 198.51.100.1", "again") == 429


def test_dossier_lookup_limit_without_trusted_proxy_ignores_forwarded_header(db, client, settings):
    settings.PORTAL_TRUSTED_PROXIES = []
    for number in range(dossier_views.LOOKUP_LIMIT):
        assert _lookup(client, f"198.51.100.{number}", number) == 404
    assert _lookup(client, "198.51.100.250", "last") == 429


def _request(forwarded):
    return RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def test_news_and_questions_keys_are_per_forwarded_client():
    first, second = _request("198.51.100.1"), _request("198.51.100.2")
    assert news_guard.ip_key(first) != news_guard.ip_key(second)
    assert news_guard.ip_key(first) == news_guard.ip_key(_request("203.0.113.9, 198.51.100.1"))
    assert questions_guard.client_key(first) != questions_guard.client_key(second)
    assert questions_guard.client_key(first) == questions_guard.client_key(_request("203.0.113.9, 198.51.100.1"))
