"""Midnight and month boundaries, salt rotation and the proxy rule, with the clock controlled."""

import datetime

import pytest
import time_machine
from django.test import RequestFactory

from stats import clock, identity, store
from stats.models import DailySalt, DailyStats, HourlyStats, Visitor
from tests import factories
from tests.stats.conftest import hit
from tests.stats.helpers import day_row, figures

pytestmark = pytest.mark.django_db


def test_second_before_midnight_is_the_old_day(home, client):
    with time_machine.travel(factories.local_dt(2025, 3, 12, 23, 59, 59), tick=False) as traveller:
        traveller.shift(0.999)  # 23:59:59.999 local
        hit(client, "/", ip="203.0.113.1")
        traveller.shift(0.002)  # 00:00:00.001 local, the next day
        hit(client, "/", ip="203.0.113.2")
        assert figures()["today"] == 1
    assert day_row(datetime.date(2025, 3, 12))["visits"] == 1
    assert day_row(datetime.date(2025, 3, 13))["visits"] == 1
    assert HourlyStats.objects.get(day=datetime.date(2025, 3, 12)).hour == 23
    assert HourlyStats.objects.get(day=datetime.date(2025, 3, 13)).hour == 0


def test_midnight_is_local_time_not_utc(home, client):
    # 23:30 UTC is 06:30 the next day in Asia/Ho_Chi_Minh.
    with time_machine.travel(datetime.datetime(2025, 3, 12, 23, 30, tzinfo=datetime.UTC), tick=False):
        hit(client, "/")
    assert DailyStats.objects.get().day == datetime.date(2025, 3, 13)
    assert HourlyStats.objects.get().hour == 6


def test_month_boundary(home, client):
    with time_machine.travel(factories.local_dt(2025, 1, 31, 23, 59, 59), tick=False) as traveller:
        hit(client, "/", ip="203.0.113.1")
        hit(client, "/", ip="203.0.113.2")
        assert (figures()["today"], figures()["month"]) == (2, 2)
        traveller.shift(1)  # 1 February 00:00:00
        hit(client, "/", ip="203.0.113.3")
        f = figures()
        assert (f["today"], f["month"], f["total"]) == (1, 1, 3)


def test_same_visitor_across_midnight_starts_a_new_day_visit(home, client):
    with time_machine.travel(factories.local_dt(2025, 3, 12, 23, 59, 59), tick=False) as traveller:
        hit(client, "/")
        traveller.shift(2)
        hit(client, "/")
        assert figures()["today"] == 1
    assert day_row(datetime.date(2025, 3, 12))["visits"] == 1


def test_salt_rotates_and_yesterdays_is_deleted(home, client):
    rf = RequestFactory()
    request = rf.get("/", REMOTE_ADDR="203.0.113.1", HTTP_USER_AGENT="Browser/1")
    with time_machine.travel(factories.local_dt(2025, 3, 12, 12), tick=False) as traveller:
        hit(client, "/", ip="203.0.113.1", ua="Browser/1")
        day1 = datetime.date(2025, 3, 12)
        salt1 = DailySalt.objects.get(day=day1).secret
        key1 = identity.visitor_key(request, day1)
        assert Visitor.objects.filter(key=key1).exists()
        traveller.move_to(factories.local_dt(2025, 3, 13, 0, 0, 1))
        hit(client, "/", ip="203.0.113.1", ua="Browser/1")
        day2 = datetime.date(2025, 3, 13)
        assert list(DailySalt.objects.values_list("day", flat=True)) == [day2]
        assert DailySalt.objects.get().secret != salt1
        assert salt1 not in identity._salt_memo.values()
        # Yesterday's key cannot be recomputed: asking for it now makes a fresh, different salt.
        identity.reset_salt_memo()
        assert identity.visitor_key(request, day1) != key1
        assert identity.visitor_key(request, day2) != key1
        assert list(DailySalt.objects.values_list("day", flat=True)) == [day2]
        # Stale visitor rows and old salts go with the prune.
        traveller.shift(datetime.timedelta(minutes=40))
        deleted = store.prune(clock.now())
        assert deleted["visitors"] == 2
        assert not Visitor.objects.exists()


def test_salt_is_shared_by_all_workers():
    day = datetime.date(2025, 3, 12)
    first = identity.daily_salt(day)
    identity.reset_salt_memo()  # another process: reads the same row
    assert identity.daily_salt(day) == first
    assert len(first) == 64


def _request(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_proxy_rule(settings):
    settings.PORTAL_TRUSTED_PROXIES = []
    assert identity.client_ip(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"
    settings.PORTAL_TRUSTED_PROXIES = ["10.0.0.0/8", "192.0.2.1"]
    # A spoofed header from an untrusted address is ignored.
    assert identity.client_ip(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"
    # From a trusted proxy: the right-most hop that is not a trusted proxy.
    assert identity.client_ip(_request("10.0.0.1", "1.1.1.1, 198.51.100.7")) == "198.51.100.7"
    chain = "1.1.1.1, 198.51.100.7, 192.0.2.1, 10.2.3.4"
    assert identity.client_ip(_request("10.0.0.1", chain)) == "198.51.100.7"
    assert identity.client_ip(_request("192.0.2.1", "2001:db8::1")) == "2001:db8::1"
    assert identity.client_ip(_request("10.0.0.1")) == "10.0.0.1"
    assert identity.client_ip(_request("10.0.0.1", "10.0.0.5, 10.0.0.6")) == "10.0.0.5"


def test_proxy_rule_in_counting(home, client, settings):
    with time_machine.travel(factories.local_dt(2025, 3, 12, 9), tick=False):
        # Untrusted sender rotating X-Forwarded-For: still one visitor.
        for n in range(3):
            hit(client, "/", ip="203.0.113.9", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        assert figures()["today"] == 1
        settings.PORTAL_TRUSTED_PROXIES = ["127.0.0.1"]
        for n in range(3):
            hit(client, "/", ip="127.0.0.1", HTTP_X_FORWARDED_FOR=f"6.6.6.6, 198.51.100.{n}")
        assert figures()["today"] == 4
