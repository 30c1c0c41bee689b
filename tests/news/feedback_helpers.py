"""Shared pieces of the readers' feedback tests (comments, ratings, keep-alive)."""

import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from core.models import PortalSettings
from news.guard import fill_token
from tests import factories


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate-limit counters live in the shared cache: every test starts from zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def article(category):
    return factories.article(category, title="Bài viết có ý kiến")


@pytest.fixture
def portal_settings(home):
    from wagtail.models import Site

    return PortalSettings.for_site(Site.objects.get(is_default_site=True))


def comment_url(page):
    return reverse("news:comment", args=[page.pk])


def rate_url(page):
    return reverse("news:rate", args=[page.pk])


def comment_data(page, **overrides):
    """What the comment form of `page` sends (its fill-time token is valid on that article's form only)."""
    data = {
        "name": "Nguyễn Văn An",
        "email": "an@example.com",
        "body": "Bài viết rất bổ ích.",
        "website": "",
        "rendered": fill_token(page.pk, time.time() - 10),
    }
    data.update(overrides)
    return data


JSON = {"HTTP_ACCEPT": "application/json"}
