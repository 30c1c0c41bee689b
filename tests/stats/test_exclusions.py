"""What is not a counted request: admin, previews, files, /healthz, feeds, posts, redirects, errors."""

import pytest
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import include, path

from stats.models import DailyStats, Visitor
from tests import factories
from tests.stats.conftest import hit


def feed(request):
    return HttpResponse("<rss></rss>", content_type="application/rss+xml; charset=utf-8")


def redirect(request):
    return HttpResponseRedirect("/")


def broken(request):
    raise RuntimeError("boom")


def html_post(request):
    return HttpResponse("<!doctype html><title>ok</title>")


urlpatterns = [
    path("test-feed/rss/", feed),
    path("test-redirect/", redirect),
    path("test-broken/", broken),
    path("test-form/", html_post),
    path("", include("portal.urls")),
]

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(settings):
    settings.ROOT_URLCONF = "tests.stats.test_exclusions"


def nothing_counted():
    return not DailyStats.objects.exists() and not Visitor.objects.exists()


@pytest.mark.parametrize("path", ["/admin/login/", "/healthz", "/static/css/portal.css", "/media/x.png",
                                  "/documents/1/x.pdf", "/test-feed/rss/", "/test-redirect/", "/nope-404/"])
def test_excluded_paths(home, client, urls, path):
    hit(client, path)
    assert nothing_counted()


def test_errors_are_not_counted(home, urls):
    from django.test import Client

    client = Client(raise_request_exception=False)
    assert hit(client, "/test-broken/").status_code == 500
    assert nothing_counted()


def test_posts_and_heads_are_not_counted(home, client, urls):
    assert hit(client, "/test-form/", method="post").status_code == 200
    assert hit(client, "/test-form/", method="head").status_code == 200
    assert nothing_counted()
    assert hit(client, "/test-form/").status_code == 200
    assert DailyStats.objects.get().page_views == 1


def test_append_slash_redirect_not_counted(category, client):
    response = hit(client, category.url.rstrip("/"))
    assert response.status_code in (301, 302)
    assert nothing_counted()


def test_previews_are_not_counted(category, admin_client):
    article = factories.article(category)
    response = hit(admin_client, f"/admin/pages/{article.pk}/view_draft/")
    assert response.status_code == 200
    response = hit(admin_client, f"/admin/pages/{article.pk}/edit/preview/")
    assert nothing_counted()


def test_request_marked_as_preview_is_not_counted(rf):
    from stats.middleware import is_counted

    request = rf.get("/")
    request.is_preview = True
    assert not is_counted(request, HttpResponse("<p>x</p>"))
