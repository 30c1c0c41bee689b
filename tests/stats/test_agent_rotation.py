"""One address cannot inflate the figures by cycling its User-Agent: past PORTAL_STATS_MAX_AGENTS_PER_ADDRESS
distinct User-Agents within 10 minutes it is one visitor; a shared address with a few browsers is counted right."""

import datetime

import pytest
import time_machine
from django.core.cache import cache

from stats import identity
from stats.api import page_view_count
from stats.models import Visitor
from tests import factories
from tests.stats.conftest import hit
from tests.stats.helpers import day_row

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 3, 12)
NAT = "203.0.113.50"


def browser(n):
    return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{100 + n}.0 " \
           "Safari/537.36"


@pytest.fixture
def clock():
    with time_machine.travel(factories.local_dt(2025, 3, 12, 10, 0, 0), tick=False) as traveller:
        yield traveller


@pytest.fixture
def article(category):
    return factories.article(category)


def rotate(client, clock, url, count, ip=NAT, first=0):
    for n in range(first, first + count):
        assert hit(client, url, ip=ip, ua=browser(n)).status_code == 200
        clock.shift(1)  # not a double click of the previous request


def test_an_address_rotating_50_user_agents_is_at_most_threshold_plus_one_visitors(article, client, clock, settings):
    limit = settings.PORTAL_STATS_MAX_AGENTS_PER_ADDRESS
    assert limit == 10
    rotate(client, clock, article.url, 50)
    assert day_row(DAY) == {"visits": limit + 1, "page_views": 50, "bot_hits": 0}
    assert page_view_count(article.pk) == limit + 1
    assert Visitor.objects.count() == limit + 1


def test_once_crowded_every_user_agent_of_the_address_is_that_one_visitor(article, client, clock):
    rotate(client, clock, article.url, 11)
    visits = day_row(DAY)["visits"]
    # The first ten browsers again, and fifty new ones: no visit, no article view more.
    rotate(client, clock, "/", 10)
    rotate(client, clock, article.url, 50, first=200)
    assert day_row(DAY)["visits"] == visits == 11
    assert page_view_count(article.pk) == 11


def test_a_rotating_address_stays_one_visitor_while_it_keeps_rotating(home, client, clock):
    # 15 new User-Agents every 5 minutes for an hour and a half: past the first ten, never a new visitor.
    for round_ in range(18):
        rotate(client, clock, "/", 15, first=round_ * 15)
        clock.shift(datetime.timedelta(minutes=5))
    assert Visitor.objects.count() == 11
    assert day_row(DAY)["visits"] == 11  # ten browsers, then the crowd: one visit, never 30 minutes quiet


def test_two_addresses_with_the_same_user_agent_are_two_visitors(home, client, clock):
    hit(client, "/", ip="203.0.113.1", ua=browser(1))
    hit(client, "/", ip="203.0.113.2", ua=browser(1))
    assert day_row(DAY)["visits"] == 2
    assert Visitor.objects.count() == 2


def test_an_office_behind_one_address_with_five_browsers_is_five_visitors(article, client, clock):
    # 30 staff, five distinct User-Agents among them, reading through the morning.
    for _round in range(24):
        for n in range(5):
            hit(client, article.url if n == 1 else "/", ip=NAT, ua=browser(n))
            clock.shift(1)
        clock.shift(datetime.timedelta(minutes=10))
    assert Visitor.objects.count() == 5
    assert day_row(DAY)["visits"] == 5
    assert page_view_count(article.pk) == 1  # browser 1 opened it, once in its visit


def test_ten_user_agents_from_one_address_are_ten_visitors(home, client, clock):
    rotate(client, clock, "/", 10)
    assert day_row(DAY)["visits"] == 10


def test_the_rule_is_per_address(home, client, clock):
    rotate(client, clock, "/", 30, ip="203.0.113.60")
    rotate(client, clock, "/", 5, ip="203.0.113.61", first=100)
    assert day_row(DAY)["visits"] == 11 + 5


def test_a_quiet_address_starts_again(home, client, clock):
    rotate(client, clock, "/", 20)
    assert day_row(DAY)["visits"] == 11
    clock.shift(datetime.timedelta(minutes=31))  # ten minutes for the rule, thirty for the visit
    rotate(client, clock, "/", 3, first=500)
    assert day_row(DAY)["visits"] == 11 + 3


def test_the_threshold_is_a_setting_and_zero_turns_the_rule_off(home, client, clock, settings):
    settings.PORTAL_STATS_MAX_AGENTS_PER_ADDRESS = 3
    rotate(client, clock, "/", 20, ip="203.0.113.70")
    assert day_row(DAY)["visits"] == 4
    settings.PORTAL_STATS_MAX_AGENTS_PER_ADDRESS = 0
    rotate(client, clock, "/", 20, ip="203.0.113.71")
    assert day_row(DAY)["visits"] == 4 + 20


def test_behind_a_trusted_proxy_the_forwarded_address_counts(home, client, clock, settings):
    settings.PORTAL_TRUSTED_PROXIES = ["10.0.0.1"]
    for n in range(30):  # thirty readers behind the proxy, one browser each
        hit(client, "/", ip="10.0.0.1", ua=browser(n % 3), HTTP_X_FORWARDED_FOR=f"198.51.100.{n + 1}")
    assert day_row(DAY)["visits"] == 30
    for n in range(30):  # one of them cycling User-Agents
        hit(client, "/", ip="10.0.0.1", ua=browser(100 + n), HTTP_X_FORWARDED_FOR="198.51.100.200")
    assert day_row(DAY)["visits"] == 30 + 11


def test_members_are_never_crowded(home, client, clock, django_user_model):
    rotate(client, clock, "/", 20)
    user = django_user_model.objects.create_user("editor", password="x")
    client.force_login(user)
    hit(client, "/", ip=NAT, ua=browser(999))
    assert Visitor.objects.filter(key=f"m:{user.pk}").exists()


class Unanswering:
    """A cache that is down, as core/cache.py's resilient backend answers: misses, `add` False, `incr` ValueError."""

    def get_many(self, keys, version=None):
        return {}

    def add(self, *args, **kwargs):
        return False

    def set(self, *args, **kwargs):
        return None

    def incr(self, key, delta=1, version=None):
        raise ValueError(key)


class Raising:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache down")

        return fail


@pytest.mark.parametrize("down", [Unanswering(), Raising()], ids=["misses", "errors"])
def test_cache_down_counts_as_without_the_rule_never_more(home, client, clock, monkeypatch, down):
    monkeypatch.setattr(identity, "cache", down)
    rotate(client, clock, "/", 15)
    for n in range(15):  # the same browsers again: still fifteen visitors, not thirty
        hit(client, "/", ip=NAT, ua=browser(n))
        clock.shift(1)
    assert day_row(DAY)["visits"] == 15
    assert Visitor.objects.count() == 15


def test_the_cache_keeps_no_raw_address_or_user_agent(home, client, clock):
    rotate(client, clock, "/", 12)
    keys = [key for key in cache._cache if identity.CACHE_PREFIX in key]  # local memory in the tests
    assert keys and not any(NAT in key or "Chrome" in key for key in keys)
