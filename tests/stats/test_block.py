"""The sidebar block, the 30-second bound, the baseline command, failures that must not break pages."""

import datetime
import io
import re

import pytest
import time_machine
from django.core.management import call_command
from django.db import OperationalError

from stats import store
from stats.models import Visitor
from tests import factories
from tests.stats.conftest import GOOGLEBOT_UA, hit

pytestmark = pytest.mark.django_db


def stats_in(html):
    return dict(re.findall(r'data-stat="(\w+)">([^<]*)<', html))


def test_block_shows_the_figures_in_vietnamese_format(home, client):
    call_command("set_visit_baseline", "--total", "9615404", stdout=io.StringIO())
    with time_machine.travel(factories.local_dt(2025, 3, 12, 9), tick=False) as traveller:
        hit(client, "/", ip="203.0.113.1")
        hit(client, "/", ip="66.249.66.1", ua=GOOGLEBOT_UA)
        traveller.shift(31)
        html = hit(client, "/", ip="203.0.113.2").content.decode()
    stats = stats_in(html)
    # The page was rendered before its own request was counted.
    assert stats == {
        "online": "2", "bots": "1", "guests": "1", "today": "1", "month": "1", "total": "9.615.405",
    }
    assert "members" not in stats  # shown only when not zero
    assert 'id="visit-stats-title"' in html


def test_members_line_appears_when_not_zero(home, client, django_user_model):
    client.force_login(django_user_model.objects.create_user("member", password="x"))
    with time_machine.travel(factories.local_dt(2025, 3, 12, 9), tick=False) as traveller:
        hit(client, "/")
        traveller.shift(31)
        stats = stats_in(hit(client, "/").content.decode())
    assert stats["members"] == "1" and stats["online"] == "1" and stats["guests"] == "0"


def test_block_is_never_more_than_30_seconds_behind(home, client):
    from stats.templatetags.stats_tags import block_figures

    with time_machine.travel(factories.local_dt(2025, 3, 12, 9), tick=False) as traveller:
        assert block_figures()["today"] == 0  # cached now
        hit(client, "/", ip="203.0.113.1")
        traveller.shift(29.9)
        assert block_figures()["today"] in (0, 1)  # may be served from the cache
        traveller.shift(0.1)  # 30 seconds after the cached read
        assert block_figures()["today"] == 1


def test_cache_setting_is_capped_at_30_seconds(settings):
    from stats.templatetags.stats_tags import cache_seconds

    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    settings.PORTAL_STATS_CACHE_SECONDS = 300
    assert cache_seconds() == 30
    settings.PORTAL_STATS_CACHE_SECONDS = 0
    assert cache_seconds() == 0
    # With the page cache on, the block keeps only what the page cache leaves of the 30 seconds.
    settings.PORTAL_PAGE_CACHE_SECONDS = 12
    settings.PORTAL_STATS_CACHE_SECONDS = 300
    assert cache_seconds() == 18


def test_block_cheap_in_queries(home, django_assert_max_num_queries):
    from stats.templatetags.stats_tags import block_figures

    with django_assert_max_num_queries(3):
        block_figures()
    with django_assert_max_num_queries(0):
        block_figures()


def test_baseline_command_prints_the_new_total(home, client):
    with time_machine.travel(factories.local_dt(2025, 3, 12, 9), tick=False):
        hit(client, "/", ip="203.0.113.1")
        hit(client, "/", ip="203.0.113.2")
    out = io.StringIO()
    call_command("set_visit_baseline", "--total", "9615404", stdout=out)
    assert "9.615.406" in out.getvalue() and "9615406" in out.getvalue()
    out = io.StringIO()
    call_command("set_visit_baseline", total=100, stdout=out)
    assert "102" in out.getvalue()
    assert store.total_visits() == 102


def test_counting_failure_never_breaks_the_page(home, client, monkeypatch, caplog):
    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(store, "record", locked)
    response = hit(client, "/")
    assert response.status_code == 200
    assert "could not be counted" in caplog.text and "database is locked" in caplog.text


def test_database_lock_in_the_store_never_breaks_the_page(home, client, monkeypatch, caplog):
    from django.db.backends.utils import CursorWrapper

    original = CursorWrapper.execute

    def execute(self, sql, params=None):
        if "stats_visitor" in sql and "ON CONFLICT" in sql:
            raise OperationalError("database is locked")
        return original(self, sql, params)

    monkeypatch.setattr(CursorWrapper, "execute", execute)
    assert hit(client, "/").status_code == 200
    assert not Visitor.objects.exists()
    assert "database is locked" in caplog.text


def test_block_failure_never_breaks_the_page(home, client, monkeypatch, caplog):
    def down(instant):
        raise ConnectionError("redis down")

    monkeypatch.setattr(store, "figures", down)
    response = hit(client, "/")
    assert response.status_code == 200
    assert 'data-stat="total"' not in response.content.decode()
    assert "block figures unavailable" in caplog.text


def test_cache_failure_never_breaks_the_page(home, client, monkeypatch):
    from stats import bots
    from stats.templatetags import stats_tags

    class DownCache:
        def __getattr__(self, name):
            def down(*args, **kwargs):
                raise ConnectionError("redis down")

            return down

    monkeypatch.setattr(stats_tags, "cache", DownCache())
    monkeypatch.setattr(bots, "cache", DownCache())
    response = hit(client, "/")
    assert response.status_code == 200
    assert 'data-stat="total"' in response.content.decode()
    assert Visitor.objects.count() == 1


def test_prune_command(home, client):
    with time_machine.travel(factories.local_dt(2025, 3, 12, 9), tick=False) as traveller:
        hit(client, "/", ip="203.0.113.1")
        traveller.shift(datetime.timedelta(minutes=20))
        hit(client, "/", ip="203.0.113.2")
        traveller.shift(datetime.timedelta(minutes=15))
        out = io.StringIO()
        call_command("prune_visits", stdout=out)
        assert Visitor.objects.count() == 1
        assert "Deleted 1 visitor rows" in out.getvalue()
