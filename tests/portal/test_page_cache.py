"""The anonymous readers' page cache: what is stored, what is never stored, and every change that makes the
stored pages fresh at once. Each test reads pages through HTTP twice, so a stale page would show."""

import datetime
import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from wagtail.models import Site

from core.models import PortalSettings
from news.guard import fill_token
from news.models import Comment, CommentStatus
from portal.models import Banner
from stats import clock
from stats.models import DailyStats
from tests import factories

pytestmark = pytest.mark.django_db
CACHE_HEADER = "X-Portal-Cache"
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 10) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"}


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 15
    settings.PORTAL_TRUSTED_PROXIES = []
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def article(category):
    return factories.article(category, title="Khai giảng năm học mới")


def get(client, url, **extra):
    response = client.get(url, **{**BROWSER, **extra})
    assert response.status_code == 200, url
    return response


def html(client, url, **extra):
    return get(client, url, **extra).content.decode()


def served_twice(client, url):
    """The page as a reader sees it, after making sure it is stored (second answer from the cache)."""
    get(client, url)
    response = get(client, url)
    assert response[CACHE_HEADER] == "hit", url
    return response.content.decode()


def comment_data(page, **overrides):
    data = {"name": "Lò Thị Mai", "email": "mai@example.vn", "body": "Cảm ơn bài viết.", "website": "",
            "rendered": fill_token(page.pk, time.time() - 10)}
    data.update(overrides)
    return data


# --- stored and served ------------------------------------------------------------------------------

def test_second_anonymous_read_comes_from_the_cache(client, article, django_assert_max_num_queries):
    first = get(client, article.url)
    assert first[CACHE_HEADER] == "miss"
    with django_assert_max_num_queries(12):  # the visit is still counted; the page is not rendered again
        second = get(client, article.url)
    assert second[CACHE_HEADER] == "hit"
    assert second.content == first.content
    assert second["Cache-Control"] == "public, no-cache"
    assert "Cookie" not in second.get("Vary", "")


def test_listing_pages_kept_per_page_number_but_not_searches(client, category):
    for n in range(25):
        factories.article(category, title=f"Tin số {n}")
    first, second = served_twice(client, category.url), served_twice(client, category.url + "?page=2")
    assert first != second
    assert CACHE_HEADER not in get(client, "/tim-kiem/?q=tin")
    # A tracking tag is no different page: served from the same entry (tests/portal/test_page_cache_parameters.py).
    assert get(client, category.url + "?utm_source=zalo")[CACHE_HEADER] == "hit"


def test_turned_off_with_zero_seconds(client, article, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    get(client, article.url)
    assert CACHE_HEADER not in get(client, article.url)


# --- every change makes the pages fresh at once -----------------------------------------------------

def test_publishing_a_new_revision_refreshes_article_home_and_category(client, home, category, article):
    for url in (home.url, category.url, article.url):
        assert "Khai giảng năm học mới" in served_twice(client, url)
    article.title = "Khai giảng năm học 2026 - 2027"
    article.save_revision().publish()
    for url in (home.url, category.url, article.url):
        page = html(client, url)
        assert "Khai giảng năm học 2026 - 2027" in page, url
        assert "Khai giảng năm học mới" not in page, url


def test_a_new_article_appears_on_home_and_category(client, home, category):
    served_twice(client, home.url)
    served_twice(client, category.url)
    factories.article(category, title="Hội nghị tổng kết công tác dân vận")
    assert "Hội nghị tổng kết công tác dân vận" in html(client, home.url)
    assert "Hội nghị tổng kết công tác dân vận" in html(client, category.url)


def test_unpublishing_removes_the_article_everywhere(client, home, category, article):
    url = article.url
    served_twice(client, url)
    served_twice(client, category.url)
    article.unpublish()
    assert client.get(url, **BROWSER).status_code == 404
    assert "Khai giảng năm học mới" not in html(client, category.url)
    assert "Khai giảng năm học mới" not in html(client, home.url)


def test_moving_an_article_to_another_category(client, home, category, article):
    other = factories.category(home, "Xây dựng chính quyền")
    old_url = article.url
    served_twice(client, old_url)
    served_twice(client, other.url)
    article.move(other, pos="last-child")
    article.refresh_from_db()
    assert client.get(old_url, **BROWSER).status_code in (301, 302, 404)
    assert "Khai giảng năm học mới" in html(client, article.url)
    assert "Khai giảng năm học mới" in html(client, other.url)
    assert "Khai giảng năm học mới" not in html(client, category.url)


def test_deleting_an_article(client, category, article):
    url = article.url
    served_twice(client, url)
    served_twice(client, category.url)
    article.delete()
    assert client.get(url, **BROWSER).status_code == 404
    assert "Khai giảng năm học mới" not in html(client, category.url)


def test_approving_a_comment_in_the_moderation_queue(client, article):
    comment = Comment.objects.create(page=article, name="Hà Văn Tùng", body="Ý kiến chờ duyệt")
    assert "Ý kiến chờ duyệt" not in served_twice(client, article.url)
    moderator = get_user_model().objects.create_superuser("kiemduyet", "kd@example.vn", "mat-khau-dai-12345")
    admin = Client()
    admin.force_login(moderator)
    response = admin.post(reverse("news_comments:queue"), {"one": f"approve:{comment.pk}"})
    assert response.status_code in (200, 302)
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.APPROVED
    assert "Ý kiến chờ duyệt" in html(client, article.url)
    # ... and removing it again.
    admin.post(reverse("news_comments:queue"), {"one": f"reject:{comment.pk}"})
    assert "Ý kiến chờ duyệt" not in html(client, article.url)


def test_deleting_an_approved_comment(client, article):
    comment = Comment.objects.create(page=article, name="Hà Văn Tùng", body="Ý kiến sẽ bị xoá",
                                     status=CommentStatus.APPROVED)
    assert "Ý kiến sẽ bị xoá" in served_twice(client, article.url)
    comment.delete()
    assert "Ý kiến sẽ bị xoá" not in html(client, article.url)


def test_a_new_rating_shows_at_once(client, article):
    def rating_line(page):
        return re.search(r'data-feedback="rating-line">(.*?)</div>', page, re.S).group(1)

    before = rating_line(served_twice(client, article.url))
    response = Client().post(reverse("news:rate", args=[article.pk]), {"score": "4"},
                             HTTP_ORIGIN="http://testserver", **BROWSER)
    assert response.status_code == 302
    after = rating_line(html(client, article.url))
    assert after != before and "4" in after


def test_banner_change(client, home):
    served_twice(client, home.url)
    factories.banner(title="Bản đồ du lịch Mường Tè")
    assert "Bản đồ du lịch Mường Tè" in html(client, home.url)
    Banner.objects.update(active=False)  # a bulk change sends no signal: the next save does
    Banner.objects.first().save()
    assert "Bản đồ du lịch Mường Tè" not in html(client, home.url)


def test_site_settings_change(client, home, article):
    served_twice(client, home.url)
    served_twice(client, article.url)
    site_settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.phone = "0213 3999 888"
    site_settings.save()
    assert "0213 3999 888" in html(client, home.url)
    assert "0213 3999 888" in html(client, article.url)


def test_refreshed_dossier_summary_shows_at_once(client, home):
    from dossiers import aggregation

    page = served_twice(client, home.url)
    assert "data-dossier-widget" in page
    procedure = factories.procedure()
    today = datetime.date.today()
    factories.dossier(procedure, received=(today.year, today.month, 1, 9))
    aggregation.refresh(today)
    widget = re.search(r"data-dossier-widget.*?</section>", html(client, home.url), re.S).group(0)
    assert 'data-dossier="month"' in widget


def test_visit_baseline_shows_at_once(client, home):
    served_twice(client, home.url)
    call_command("set_visit_baseline", "--total", "9615404", stdout=None)
    assert "9.615.4" in html(client, home.url)


# --- never stored, never shared ---------------------------------------------------------------------

def test_logged_in_editor_never_gets_or_leaves_a_stored_page(client, article):
    served_twice(client, article.url)
    editor = get_user_model().objects.create_superuser("bientap2", "bt@example.vn", "mat-khau-dai-12345")
    staff = Client()
    staff.force_login(editor)
    for _ in range(2):
        response = get(staff, article.url)
        assert CACHE_HEADER not in response
    assert get(client, article.url)[CACHE_HEADER] == "hit"
    assert "bientap2" not in html(client, article.url)


def test_post_is_never_answered_from_the_cache(client, article):
    served_twice(client, article.url)
    response = client.post(article.url, {}, **BROWSER)
    assert CACHE_HEADER not in response


def test_a_message_for_one_reader_never_reaches_another(client, article):
    served_twice(client, article.url)
    writer = Client()
    response = writer.post(reverse("news:comment", args=[article.pk]), comment_data(article),
                           HTTP_ORIGIN="http://testserver", **BROWSER)
    assert response.status_code == 302
    own = get(writer, response["Location"].split("#")[0])
    assert "feedback-message" in own.content.decode()  # the writer sees the thank-you message ...
    assert CACHE_HEADER not in own
    other = html(Client(), article.url)
    assert "feedback-message" not in other  # ... nobody else does
    assert "Cảm ơn bài viết." not in other  # nor the pending comment


def test_a_form_error_for_one_reader_never_reaches_another(client, article):
    served_twice(client, article.url)
    response = Client().post(reverse("news:comment", args=[article.pk]),
                             comment_data(article, name="Tên <b>lạ</b>", email="khong-phai-email"),
                             HTTP_ORIGIN="http://testserver", **BROWSER)
    assert response.status_code == 400
    other = html(Client(), article.url)
    assert "khong-phai-email" not in other and "feedback-error" not in other and "lạ" not in other


def test_private_pages_are_never_stored(client, home):
    from wagtail.models import PageViewRestriction

    page = factories.category(home, "Tài liệu nội bộ")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="abc")
    response = client.get(page.url, **BROWSER)
    assert CACHE_HEADER not in response
    assert CACHE_HEADER not in client.get(page.url, **BROWSER)


# --- forms on cached pages, CSRF ---------------------------------------------------------------------

def test_comment_form_on_a_cached_page_works_without_javascript(client, article):
    page = served_twice(client, article.url)
    form = re.search(r'<form[^>]*data-feedback-form="comment".*?</form>', page, re.S).group(0)
    assert "csrfmiddlewaretoken" not in form  # no reader's token in a shared page
    action = re.search(r'action="([^"]+)"', form).group(1)
    fields = dict(re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form))
    fields.update({"name": "Vàng A Sử", "email": "vangasu@example.vn", "body": "Gửi từ trang đã lưu.",
                   "rendered": fill_token(article.pk, time.time() - 10)})
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(action, fields, HTTP_ORIGIN="http://testserver", **BROWSER)
    assert response.status_code == 302
    assert Comment.objects.filter(body="Gửi từ trang đã lưu.").exists()


@pytest.mark.parametrize("headers", [
    {"HTTP_ORIGIN": "https://evil.example"},
    {"HTTP_ORIGIN": "null"},
    {"HTTP_SEC_FETCH_SITE": "cross-site"},
    {},  # no Origin and no token
])
def test_cross_site_post_is_refused_on_a_cached_page(client, article, headers):
    served_twice(client, article.url)
    forger = Client(enforce_csrf_checks=True)
    for url, data in ((reverse("news:comment", args=[article.pk]), comment_data(article)),
                      (reverse("news:rate", args=[article.pk]), {"score": "5"})):
        response = forger.post(url, data, **headers, **BROWSER)
        assert response.status_code == 403, (url, headers)
    assert not Comment.objects.exists()


# --- HTTP caching, compression ------------------------------------------------------------------------

def test_etag_revalidation_answers_304_and_still_counts(client, article):
    first = get(client, article.url)
    etag = first["ETag"]
    assert etag
    before = DailyStats.objects.filter(day=clock.now().day).values_list("page_views", flat=True).first() or 0
    # Another reader (a repeat within the same second by the same reader is not a new view).
    response = client.get(article.url, HTTP_IF_NONE_MATCH=etag, REMOTE_ADDR="198.51.100.7", **BROWSER)
    assert response.status_code == 304 and response.content == b""
    after = DailyStats.objects.filter(day=clock.now().day).values_list("page_views", flat=True).first() or 0
    assert after == before + 1
    # After a change the old ETag no longer matches.
    article.title = "Tiêu đề đã sửa"
    article.save_revision().publish()
    assert client.get(article.url, HTTP_IF_NONE_MATCH=etag, **BROWSER).status_code == 200


@pytest.mark.parametrize("accept, encoding", [("br", "br"), ("gzip", "gzip"), ("gzip, deflate, br", "br")])
def test_pages_are_compressed(client, article, accept, encoding):
    import gzip

    import brotli

    for _ in range(2):  # fresh and from the cache
        response = get(client, article.url, HTTP_ACCEPT_ENCODING=accept)
        assert response["Content-Encoding"] == encoding
        assert "Accept-Encoding" in response["Vary"]
    assert response[CACHE_HEADER] == "hit"
    plain = get(client, article.url).content  # the same stored page, uncompressed
    unpack = brotli.decompress if encoding == "br" else gzip.decompress
    assert unpack(response.content) == plain
    # A revalidation of the compressed copy is answered 304 as well.
    again = client.get(article.url, HTTP_ACCEPT_ENCODING=accept, HTTP_IF_NONE_MATCH=response["ETag"], **BROWSER)
    assert again.status_code == 304


def test_every_cached_view_is_counted(client, article):
    day = clock.now().day
    for n in range(20):
        get(client, article.url, REMOTE_ADDR=f"198.51.100.{n + 1}")
    row = DailyStats.objects.get(day=day)
    assert row.page_views == 20 and row.visits == 20
