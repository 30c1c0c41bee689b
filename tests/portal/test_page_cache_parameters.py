"""Links shared on Facebook and Zalo carry tracking tags (`?fbclid=…`, `?zarsrc=…`, `?utm_source=…`): they must cost
what the plain address costs. A page type declares the parameters it reads; every other one is ignored by the cache."""

import re
import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organisation.models import GeneralPage
from tests import factories

pytestmark = pytest.mark.django_db
CACHE_HEADER = "X-Portal-Cache"
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 10) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"}


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 15
    settings.PORTAL_STATS_ENABLED = False  # what is measured here is the page, not its counting
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def article(category):
    return factories.article(category, title="Ra quân mùa trồng rừng")


def get(client, url):
    response = client.get(url, **BROWSER)
    assert response.status_code == 200, url
    return response


def page_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = get(client, url)
    return response, len(captured.captured_queries)


def test_random_tracking_tags_are_served_from_the_plain_entry(client, article):
    first = get(client, article.url)
    assert first[CACHE_HEADER] == "miss"
    for tags in (f"fbclid={uuid.uuid4().hex}", f"zarsrc=30&utm_source=zalo&utm_medium={uuid.uuid4().hex}",
                 f"gclid={uuid.uuid4().hex}&_gl=1*abc"):
        response, queries = page_queries(client, f"{article.url}?{tags}")
        assert response[CACHE_HEADER] == "hit", tags
        assert response.content == first.content
        assert queries == 0, tags  # as cheap as the plain address


def test_undeclared_parameters_are_ignored_on_a_page_that_declares_what_it_reads(client, article):
    get(client, article.url)
    get(client, article.url + "?x=1")  # first time with a parameter: the page's declaration is learnt
    response, queries = page_queries(client, article.url + f"?x={uuid.uuid4().hex}&ref=abc")
    assert response[CACHE_HEADER] == "hit" and queries == 0


def test_declared_parameters_still_make_different_pages(client, category):
    for n in range(25):
        factories.article(category, title=f"Tin số {n}")
    second = get(client, category.url + "?page=2")
    third = get(client, category.url + "?page=3&fbclid=abc")
    assert second.content != third.content
    again = get(client, category.url + f"?utm_campaign=x&page=2&fbclid={uuid.uuid4().hex}")
    assert again[CACHE_HEADER] == "hit" and again.content == second.content
    assert get(client, category.url + "?page=3")[CACHE_HEADER] == "hit"


def test_the_canonical_address_drops_tracking_tags(client, article):
    html = get(client, f"{article.url}?fbclid=abc&utm_source=zalo").content.decode()
    canonical = re.search(r'<link rel="canonical" href="([^"]*)">', html).group(1)
    assert canonical.endswith(article.url) and "?" not in canonical
    assert "fbclid" not in html and "utm_source" not in html


def test_the_list_of_tracking_tags_is_configurable(client, home, settings):
    library = factories.document_library(home)
    settings.PORTAL_CACHE_IGNORED_PARAMETERS = ["campaign_*"]
    get(client, library.url)
    response = get(client, library.url + "?campaign_id=7")
    assert response[CACHE_HEADER] == "hit"
    # A filter the library reads is a different page; fbclid is no longer in the list, and the library does not
    # read it: the cache ignores it all the same.
    assert get(client, library.url + "?year=2024").get(CACHE_HEADER) in ("miss", None)
    get(client, library.url + "?fbclid=1")
    assert get(client, library.url + "?fbclid=2")[CACHE_HEADER] == "hit"


def test_a_page_type_that_declares_nothing_shares_only_its_page_number(client, home, monkeypatch):
    page = GeneralPage(title="Giới thiệu chung", slug="gioi-thieu-chung")
    home.add_child(instance=page)
    page = factories.publish(page)
    monkeypatch.setattr(GeneralPage, "cache_parameters", None)
    get(client, page.url)
    get(client, page.url + "?x=1")
    assert CACHE_HEADER not in get(client, page.url + "?x=1")  # it may read x: never shared
    assert get(client, page.url + "?fbclid=1")[CACHE_HEADER] == "hit"  # a tracking tag still is


def test_long_or_flooding_query_strings_are_not_stored(client, category):
    get(client, category.url + "?page=" + "9" * 60)
    assert CACHE_HEADER not in get(client, category.url + "?page=" + "9" * 60)


def test_an_editor_saving_drafts_keeps_the_cache_warm_and_publishing_refreshes_it(client, article):
    get(client, article.url)
    assert get(client, article.url)[CACHE_HEADER] == "hit"
    for n in range(3):  # Wagtail's autosave: a new revision every few seconds while the editor types
        article.title = f"Bản nháp số {n}"
        article.save_revision()
    response = get(client, article.url)
    assert response[CACHE_HEADER] == "hit" and "Bản nháp" not in response.content.decode()
    article.get_latest_revision().publish()
    response = get(client, article.url)
    assert response[CACHE_HEADER] == "miss" and "Bản nháp số 2" in response.content.decode()


def test_a_rating_refreshes_its_article_and_leaves_the_other_pages_stored(client, home, category, article):
    other = factories.article(category, title="Một bài khác")
    for url in (home.url, category.url, article.url, other.url):
        get(client, url)
    response = Client().post(reverse("news:rate", args=[article.pk]), {"score": "5"},
                             HTTP_ORIGIN="http://testserver", **BROWSER)
    assert response.status_code == 302
    assert get(client, article.url)[CACHE_HEADER] == "miss"  # refreshed: its rating line changed
    assert get(client, article.url + "?fbclid=1")[CACHE_HEADER] == "hit"
    for url in (home.url, category.url, other.url):  # nothing of theirs changed, or at most 30 s behind
        assert get(client, url)[CACHE_HEADER] == "hit", url
