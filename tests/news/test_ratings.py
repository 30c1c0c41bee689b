"""Star ratings: the sentence, legacy totals, one rating per visitor, hostile scores, concurrency."""

import sqlite3
import threading
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import close_old_connections, connection, connections
from django.test import Client
from django.urls import reverse

from news.models import AlreadyRated, Rating, RatingTotal, record_rating
from news.views import RATER_COOKIE
from tests import factories
from tests.news.feedback_helpers import JSON, rate_url


def rating_line(client, page):
    html = client.get(page.url).content.decode()
    start = html.index('data-article="rating"')
    return html[start:html.index("</p>", start)], html


@pytest.mark.django_db
def test_line_reads_total_and_count_with_legacy_figures(client, category):
    page = factories.article(category, legacy_rating_total=1234, legacy_rating_count=300)
    line, html = rating_line(client, page)
    assert "1.234" in line and "300" in line and "4,1" in line  # 1234 / 300 = 4.11
    client.post(rate_url(page), {"score": "5"})
    line, html = rating_line(client, page)
    assert "1.239" in line and "301" in line
    assert page.rating_totals() == (1239, 301)


@pytest.mark.django_db
def test_zero_ratings_show_zero_and_no_schema(client, article):
    line, html = rating_line(client, article)
    assert ">0<" in line or " 0 " in line
    assert "AggregateRating" not in html
    assert 'id="rating-form"' in html
    for value in range(1, 6):
        assert f'name="score" value="{value}"' in html


@pytest.mark.django_db
def test_rating_without_js_redirects_with_message(client, article):
    response = client.post(rate_url(article), {"score": "4"})
    assert response.status_code == 302 and response["Location"].endswith("#rating")
    assert RATER_COOKIE in response.cookies
    html = client.get(article.url).content.decode()
    assert "feedback-success" in html
    assert article.rating_totals() == (4, 1)


@pytest.mark.django_db
def test_rating_with_js_returns_new_totals(client, article):
    data = client.post(rate_url(article), {"score": "3"}, **JSON).json()
    assert data["ok"] and (data["total"], data["count"]) == (3, 1) and data["average_display"] == "3"
    assert 'data-article="rating"' in data["line_html"]


@pytest.mark.django_db
def test_schema_org_aggregate_rating(client, article):
    import json

    for n, score in enumerate([5, 4, 4]):
        Client().post(rate_url(article), {"score": score}, REMOTE_ADDR=f"10.1.1.{n + 1}")
    html = client.get(article.url).content.decode()
    start = html.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    data = json.loads(html[start:html.index("</script>", start)])
    assert data["aggregateRating"] == {
        "@type": "AggregateRating", "ratingValue": 4.3, "ratingCount": 3, "bestRating": 5, "worstRating": 1,
    }


@pytest.mark.django_db
def test_schema_escapes_the_title(client, category):
    page = factories.article(category, title="</script><script>alert(1)</script>", legacy_rating_total=5,
                             legacy_rating_count=1)
    html = client.get(page.url).content.decode()
    assert "</script><script>alert(1)" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("score", ["0", "6", "abc", "", "-1", "3.5", "<script>", "1e1", " 5 5"])
def test_invalid_scores_are_refused(client, article, score):
    response = client.post(rate_url(article), {"score": score})
    assert response.status_code == 400
    assert "feedback-error" in response.content.decode()
    assert not Rating.objects.exists() and article.rating_totals() == (0, 0)


@pytest.mark.django_db
def test_missing_score_is_refused(client, article):
    response = client.post(rate_url(article), {}, **JSON)
    assert response.status_code == 400 and response.json()["ok"] is False
    assert not Rating.objects.exists()


@pytest.mark.django_db
def test_second_rating_from_same_browser_is_refused(client, article):
    assert client.post(rate_url(article), {"score": "5"}).status_code == 302
    # Same cookie, another address and browser string (say, the next day on another network).
    response = client.post(
        rate_url(article), {"score": "1"}, REMOTE_ADDR="10.9.9.9", HTTP_USER_AGENT="Other", **JSON
    )
    assert response.status_code == 409 and response.json()["message"]
    assert article.rating_totals() == (5, 1)


@pytest.mark.django_db
def test_second_rating_from_same_visitor_of_the_day_is_refused(article):
    assert Client().post(rate_url(article), {"score": "5"}, HTTP_USER_AGENT="UA").status_code == 302
    # A fresh browser without the cookie, same address and User-Agent today.
    response = Client().post(rate_url(article), {"score": "2"}, HTTP_USER_AGENT="UA")
    assert response.status_code == 409
    assert "feedback-error" in response.content.decode()
    assert article.rating_totals() == (5, 1)


@pytest.mark.django_db
def test_forged_cookie_is_ignored_but_visitor_still_recognised(article):
    first = Client()
    first.post(rate_url(article), {"score": "5"})
    forged = Client()
    forged.cookies[RATER_COOKIE] = "forged-value"
    assert forged.post(rate_url(article), {"score": "1"}).status_code == 409


@pytest.mark.django_db
def test_ratings_from_many_visitors_all_count(article):
    for n in range(30):
        response = Client().post(rate_url(article), {"score": str(n % 5 + 1)}, REMOTE_ADDR=f"10.2.0.{n + 1}")
        assert response.status_code == 302
    assert article.rating_totals() == (sum(n % 5 + 1 for n in range(30)), 30)


@pytest.mark.django_db
def test_flood_of_ratings_from_one_address_is_limited(article, category, settings):
    settings.PORTAL_COMMENT_RATE_LIMITS = {"rating_ip": (3, 600)}
    pages = [article] + [factories.article(category) for _ in range(4)]
    codes = [Client().post(rate_url(page), {"score": "5"}, HTTP_USER_AGENT=f"UA{n}").status_code
             for n, page in enumerate(pages)]
    assert codes == [302, 302, 302, 429, 429]
    assert Rating.objects.count() == 3


@pytest.mark.django_db
def test_csrf_is_enforced(article):
    client = Client(enforce_csrf_checks=True)
    assert client.post(rate_url(article), {"score": "5"}).status_code == 403
    client.cookies["csrftoken"] = "A" * 32
    assert client.post(rate_url(article), {"score": "5", "csrfmiddlewaretoken": "C" * 32}).status_code == 403
    evil = client.post(rate_url(article), {"score": "5"}, HTTP_ORIGIN="https://evil.example")
    assert evil.status_code == 403
    assert not Rating.objects.exists()
    assert client.post(rate_url(article), {"score": "5"}, HTTP_ORIGIN="http://testserver").status_code == 302


@pytest.mark.django_db
def test_unpublished_or_missing_article_is_404(client, category):
    draft = factories.article(category, live=False)
    assert client.post(rate_url(draft), {"score": "5"}).status_code == 404
    assert client.post(reverse("news:rate", args=[987654]), {"score": "5"}).status_code == 404
    assert client.get(rate_url(draft)).status_code == 405


@pytest.mark.django_db
def test_ratings_switched_off_per_article_and_site_wide(client, category, portal_settings):
    closed = factories.article(category, allow_ratings=False)
    assert client.post(rate_url(closed), {"score": "5"}).status_code == 403
    assert 'id="rating-form"' not in client.get(closed.url).content.decode()
    opened = factories.article(category)
    portal_settings.ratings_enabled = False
    portal_settings.save()
    assert client.post(rate_url(opened), {"score": "5"}).status_code == 403
    assert 'id="rating-form"' not in client.get(opened.url).content.decode()
    assert not Rating.objects.exists()


@pytest.mark.django_db
def test_publishing_a_revision_keeps_live_totals(client, article):
    client.post(rate_url(article), {"score": "4"})
    article.title = "Tiêu đề mới"
    article.save_revision().publish()
    assert article.rating_totals() == (4, 1)


# --- concurrency -------------------------------------------------------------------------------

@contextmanager
def racing_database(tmp_path):
    """Where the racing threads connect.

    PostgreSQL: the test database itself. SQLite: the in-memory test database uses shared-cache
    locking, which fails at once ("table is locked") where production SQLite, a file in WAL mode
    with a busy timeout, waits its turn; so the threads race on a file copy of it instead.
    """
    if connection.vendor != "sqlite":
        yield
        return
    path = tmp_path / "race.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    settings_dict = connections.settings["default"]
    in_memory = settings_dict["NAME"]
    settings_dict["NAME"] = str(path)  # read by connections opened from now on, in the new threads
    try:
        yield
    finally:
        settings_dict["NAME"] = in_memory


def in_thread(function):
    """Run a query in a thread of its own, so it sees what the racing threads saw."""
    result = []
    _race([lambda: result.append(function())])
    return result[0]


def _race(workers):
    barrier = threading.Barrier(len(workers))
    errors = []

    def run(work):
        try:
            barrier.wait(timeout=10)
            work()
        except Exception as error:  # collected and reported by the test
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(work,)) for work in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_ratings_all_count(category, tmp_path):
    page = factories.article(category)
    n = 8
    with racing_database(tmp_path):
        errors = _race([
            (lambda i=i: record_rating(page, i % 5 + 1, f"browser-{i}", f"visitor-{i}")) for i in range(n)
        ])
        assert errors == []
        assert in_thread(lambda: RatingTotal.objects.get(page=page).count) == n
        assert in_thread(page.rating_totals) == (sum(i % 5 + 1 for i in range(n)), n)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_duplicate_ratings_count_once(category, tmp_path):
    page = factories.article(category)
    with racing_database(tmp_path):
        errors = _race([
            (lambda i=i: record_rating(page, 5, "same-browser", f"visitor-{i}")) for i in range(6)
        ])
        assert [type(error) for error in errors] == [AlreadyRated] * 5
        assert in_thread(page.rating_totals) == (5, 1)
        assert in_thread(lambda: Rating.objects.filter(page=page).count()) == 1


# Over HTTP on PostgreSQL only: with SQLite, pytest-django's live server shares the in-memory test
# database's single connection between its threads, which cannot race. SQLite's races are covered
# above, on a file copy, by the same code path the view uses.
if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
    @pytest.mark.django_db(transaction=True, serialized_rollback=True)
    def test_concurrent_ratings_over_http(live_server, category, tmp_path, settings):
        import urllib.parse
        import urllib.request

        # Six browsers on one address (127.0.0.1): more than the per-address allowance for one article.
        settings.PORTAL_COMMENT_RATE_LIMITS = {"rating_article_ip": (10, 24 * 3600)}
        page = factories.article(category)
        url = live_server.url + rate_url(page)

        def post(i):
            request = urllib.request.Request(
                url, data=urllib.parse.urlencode({"score": "4"}).encode(), method="POST",
                headers={"Origin": live_server.url, "User-Agent": f"Racer/{i}", "Accept": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=30) as response:
                assert response.status == 200

        with racing_database(tmp_path):
            errors = _race([(lambda i=i: post(i)) for i in range(6)])
            assert errors == []
            assert in_thread(page.rating_totals) == (24, 6)
