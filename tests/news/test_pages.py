"""Categories and articles: where they may be created and how they render."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from news.models import ArticleIndexPage, ArticlePage
from portal.models import HomePage
from tests import factories
from tests.conftest import page_queries

pytestmark = pytest.mark.django_db



def text_of(html, marker):
    match = re.search(rf'<[^>]+data-article="{marker}"[^>]*>(.*?)</', html, re.S)
    assert match, f"no data-article={marker!r} element"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def test_page_creation_rules(home, category):
    article = factories.article(category)
    assert ArticleIndexPage.can_create_at(home)
    assert ArticleIndexPage.can_create_at(category)  # categories nest
    assert not ArticleIndexPage.can_create_at(article)
    assert ArticlePage.can_create_at(category)
    assert not ArticlePage.can_create_at(home)
    assert not ArticlePage.can_create_at(article)
    assert not HomePage.can_create_at(Page.get_first_root_node())  # only one home page
    assert not HomePage.can_create_at(category)
    assert ArticleIndexPage in home.specific_class.allowed_subpage_models()
    assert ArticlePage not in home.specific_class.allowed_subpage_models()


def test_article_page_markers_and_order(home, category, client):
    article = factories.article(
        category, title="Hội nghị học tập chuyên đề", date=factories.local_dt(2015, 8, 5, 23, 55),
        author="Trịnh Văn Bình", summary="Tóm tắt hội nghị.", legacy_views=9615404,
        legacy_rating_total=12, legacy_rating_count=3,
    )
    response = client.get(article.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert text_of(html, "published") == "Thứ tư - 05/08/2015 23:55"
    assert text_of(html, "views") == "9.615.404"
    assert text_of(html, "comments") == "0"
    assert text_of(html, "author") == "Tác giả: Trịnh Văn Bình"
    assert text_of(html, "rating").startswith("Tổng số điểm của bài viết là: 12 trong 3 đánh giá")
    body = html[html.index("<article"):]
    order = [body.index(needle) for needle in (
        'class="article-category"', "Hội nghị học tập chuyên đề</h1>", 'data-article="published"',
        'data-article="views"', 'data-article="comments"', "Tóm tắt hội nghị.", 'class="article-body"',
        'data-article="author"', 'data-article="rating"', "Ý kiến bạn đọc",
    )]
    assert order == sorted(order)


def test_date_line_defaults_to_first_publication(home, category, client):
    article = factories.article(category, date=None)
    html = client.get(article.url).content.decode()
    first = article.first_published_at
    from core.formatting import vi_dateline

    assert text_of(html, "published") == vi_dateline(first)


def test_newer_and_older_articles_from_the_same_category(home, category, client):
    other = factories.category(home, "Tin tức - Sự kiện")
    days = [factories.article(category, title=f"Bài ngày {d}", date=factories.local_dt(2024, 3, d, 8))
            for d in range(1, 8)]
    factories.article(other, title="Bài chuyên mục khác", date=factories.local_dt(2024, 3, 4, 9))
    html = client.get(days[3].url).content.decode()
    newer = html.split("Những tin mới hơn")[1].split("</section>")[0]
    older = html.split("Những tin cũ hơn")[1].split("</section>")[0]
    assert re.findall(r"Bài ngày \d", newer) == ["Bài ngày 7", "Bài ngày 6", "Bài ngày 5"]
    assert re.findall(r"Bài ngày \d", older) == ["Bài ngày 3", "Bài ngày 2", "Bài ngày 1"]
    assert "Bài chuyên mục khác" not in newer + older


def test_category_lists_live_articles_newest_first_paginated(home, category, client):
    for day in range(1, 13):
        factories.article(category, title=f"Tin số {day:02d}", date=factories.local_dt(2024, 5, day, 7),
                          feed_image=factories.image() if day == 12 else None)
    factories.article(category, title="Bản nháp chưa đăng", date=factories.local_dt(2024, 6, 1), live=False)
    html = client.get(category.url).content.decode()
    titles = re.findall(r"Tin số \d\d", html)
    assert titles == [f"Tin số {d:02d}" for d in range(12, 2, -1)]
    assert "Bản nháp chưa đăng" not in html
    assert "Thứ bảy - 11/05/2024 07:00" in html  # date line on each card
    assert "Tóm tắt của bài viết" in html
    assert "<picture>" in html and 'srcset="' in html
    page2 = client.get(category.url + "?page=2").content.decode()
    assert re.findall(r"Tin số \d\d", page2) == ["Tin số 02", "Tin số 01"]
    assert 'aria-current="page">2<' in page2
    # Nonsense page numbers fall back to a real page instead of an error.
    assert client.get(category.url + "?page=abc").status_code == 200
    assert client.get(category.url + "?page=999").status_code == 200


def test_nested_category_lists_articles_of_subcategories(home, category, client):
    sub = factories.category(category, "Học tập và làm theo Bác")
    factories.article(sub, title="Bài trong chuyên mục con")
    html = client.get(category.url).content.decode()
    assert "Bài trong chuyên mục con" in html
    assert f'href="{sub.url}"' in html


def test_unpublished_article_is_not_served(home, category, client):
    article = factories.article(category, live=False)
    assert client.get(f"{category.url}{article.slug}/").status_code == 404


def test_listing_queries_do_not_grow_with_articles(home, category, client, ):
    for _ in range(3):
        factories.article(category, feed_image=factories.image())
    client.get(category.url)  # warm renditions
    with CaptureQueriesContext(connection) as few:
        client.get(category.url)
    assert page_queries(few) <= 25
    for _ in range(7):
        factories.article(category, feed_image=factories.image())
    client.get(category.url)
    with CaptureQueriesContext(connection) as more:
        client.get(category.url)
    assert page_queries(more) <= page_queries(few)
