"""The demo loader: a believable portal, loaded idempotently."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.images.models import Image
from wagtail.models import Page, Revision

from news.models import ArticleIndexPage, ArticlePage
from portal.models import Banner

pytestmark = pytest.mark.django_db


def snapshot():
    return (Page.objects.count(), Revision.objects.count(), Image.objects.count(), Banner.objects.count(),
            get_user_model().objects.count(), list(Page.objects.order_by("pk").values_list("pk", "title", "live")))


def test_demo_loads_a_believable_portal_and_twice_changes_nothing(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    categories = set(ArticleIndexPage.objects.values_list("title", flat=True))
    assert {"Tin tức - Sự kiện", "Xây dựng Đảng"} <= categories and len(categories) >= 4
    articles = ArticlePage.objects.live()
    assert articles.count() >= 24
    assert not articles.filter(feed_image__isnull=True).exists()
    assert Banner.objects.filter(title="Bản đồ hành chính").exists()
    assert get_user_model().objects.filter(username="bientap").exists()
    before = snapshot()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert snapshot() == before
    html = client.get("/").content.decode()
    assert "Huyện Mường Tè" in html and "Bản đồ hành chính" in html
