"""The definitions of the issue: counted requests, visitors, bots, visits, online, article views."""

import datetime

import pytest
import time_machine

from stats.models import BotPattern, Visitor, VisitorKind
from tests import factories
from tests.stats.conftest import BROWSER_UA, GOOGLEBOT_UA, hit
from tests.stats.helpers import day_row, figures

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2025, 3, 12, 10, 0, 0)


@pytest.fixture
def clock():
    with time_machine.travel(factories.local_dt(2025, 3, 12, 10, 0, 0), tick=False) as traveller:
        yield traveller


def test_human_guest_makes_a_visit(home, client, clock):
    response = hit(client, "/")
    assert response.status_code == 200
    assert day_row(T0.date()) == {"visits": 1, "page_views": 1, "bot_hits": 0}
    f = figures()
    assert (f["online"], f["guests"], f["bots"], f["members"], f["today"], f["month"]) == (1, 1, 0, 0, 1, 1)


def test_bot_hits_are_not_visits(home, client, clock):
    hit(client, "/", ua=GOOGLEBOT_UA)
    clock.shift(2)
    hit(client, "/", ua=GOOGLEBOT_UA)
    assert day_row(T0.date()) == {"visits": 0, "page_views": 0, "bot_hits": 2}
    f = figures()
    assert (f["online"], f["bots"], f["guests"], f["today"]) == (1, 1, 0, 0)


def test_no_user_agent_is_a_bot(home, client, clock):
    hit(client, "/", ua=None)
    hit(client, "/", ua="   ", ip="203.0.113.11")
    assert day_row(T0.date())["bot_hits"] == 2
    assert figures()["today"] == 0


def test_admin_pattern_marks_a_bot(home, client, clock):
    ua = "Mozilla/5.0 (compatible; LocalMonitor/1.0)"
    hit(client, "/", ua=ua)
    assert figures()["guests"] == 1
    BotPattern.objects.create(pattern=r"localmonitor/\d")
    hit(client, "/", ua=ua, ip="198.51.100.7")
    assert figures()["bots"] == 1
    BotPattern.objects.filter(pattern=r"localmonitor/\d").update(active=False)  # no signal: cache bounds it
    assert day_row(T0.date()) == {"visits": 1, "page_views": 1, "bot_hits": 1}


def test_member_is_recognised_by_account(home, client, clock, django_user_model):
    user = django_user_model.objects.create_user("editor", password="x")
    client.force_login(user)
    hit(client, "/", ip="203.0.113.1")
    clock.shift(60)
    hit(client, "/", ip="198.51.100.2", ua="Other browser/1.0")  # same account, other device: same visitor
    assert Visitor.objects.get().key == f"m:{user.pk}"
    f = figures()
    assert (f["members"], f["guests"], f["online"], f["today"]) == (1, 0, 1, 1)
    assert day_row(T0.date())["page_views"] == 2


def test_thirty_minute_visit_rule(home, client, clock):
    hit(client, "/")
    clock.shift(datetime.timedelta(minutes=29, seconds=59))
    hit(client, "/")
    clock.shift(datetime.timedelta(minutes=30))  # exactly 30 minutes: still the same visit
    hit(client, "/")
    assert day_row(T0.date())["visits"] == 1
    clock.shift(datetime.timedelta(minutes=30, seconds=1))  # more than 30 minutes: a new visit
    hit(client, "/")
    assert day_row(T0.date()) == {"visits": 2, "page_views": 4, "bot_hits": 0}


def test_visitor_is_ip_and_user_agent(home, client, clock):
    hit(client, "/", ip="203.0.113.1")
    hit(client, "/", ip="203.0.113.2")
    hit(client, "/", ip="203.0.113.1", ua=BROWSER_UA + " Edge")
    assert figures()["guests"] == 3
    assert day_row(T0.date())["visits"] == 3
    assert not Visitor.objects.filter(key__contains="203.0.113").exists()


def test_five_minute_online_window(home, client, clock):
    hit(client, "/", ip="203.0.113.1")
    hit(client, "/", ua=GOOGLEBOT_UA, ip="66.249.66.1")
    clock.shift(datetime.timedelta(minutes=3))
    hit(client, "/", ip="203.0.113.2")
    clock.shift(datetime.timedelta(minutes=2))  # first ones exactly 5 minutes ago: still online
    assert figures()["online"] == 3
    clock.shift(1)
    f = figures()
    assert (f["online"], f["guests"], f["bots"]) == (1, 1, 0)
    clock.shift(datetime.timedelta(minutes=3))
    assert figures()["online"] == 0


def test_double_click_within_the_same_second_is_not_counted(home, client, clock):
    hit(client, "/")
    clock.shift(0.5)
    hit(client, "/")
    assert day_row(T0.date())["page_views"] == 1
    clock.shift(0.6)  # next second
    hit(client, "/")
    assert day_row(T0.date())["page_views"] == 2
    hit(client, "/?page=2")  # same second, other URL: counted
    assert day_row(T0.date()) == {"visits": 1, "page_views": 3, "bot_hits": 0}


def test_article_views_one_per_visit(category, client, clock):
    from stats.api import page_view_count, page_view_counts

    article = factories.article(category, legacy_views=100)
    url = article.url
    hit(client, url, ip="203.0.113.1")
    clock.shift(5)
    hit(client, url, ip="203.0.113.1")  # reload in the same visit
    assert page_view_count(article.pk) == 1
    hit(client, url, ip="203.0.113.2")
    assert page_view_count(article.pk) == 2
    clock.shift(datetime.timedelta(minutes=31))
    response = hit(client, url, ip="203.0.113.1")  # a new visit opens it again
    assert page_view_count(article.pk) == 3
    assert page_view_counts([article.pk, 999999]) == {article.pk: 3, 999999: 0}
    # The page showed the count before this request was counted: 100 legacy + 2.
    assert 'data-article="views">102<' in response.content.decode()
    hit(client, url, ip="66.249.66.1", ua=GOOGLEBOT_UA)  # bots never add article views
    assert page_view_count(article.pk) == 3


def test_article_view_counted_even_after_other_pages(category, client, clock):
    from stats.api import page_view_count

    article = factories.article(category)
    hit(client, "/")
    clock.shift(2)
    hit(client, category.url)
    clock.shift(2)
    hit(client, article.url)
    assert page_view_count(article.pk) == 1
    assert page_view_count(category.pk) == 1
    assert day_row(T0.date()) == {"visits": 1, "page_views": 3, "bot_hits": 0}


def test_page_view_count_never_raises(monkeypatch, caplog):
    from stats import api, store

    def broken(ids):
        raise RuntimeError("store down")

    monkeypatch.setattr(store, "page_view_counts", broken)
    assert api.page_view_count(5) == 0
    assert "page view counts unavailable" in caplog.text


def test_kinds_are_stored(home, client, clock):
    hit(client, "/", ua=GOOGLEBOT_UA)
    assert Visitor.objects.get().kind == VisitorKind.BOT
