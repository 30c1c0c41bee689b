"""Response headers (portal/headers.py): the Content-Security-Policy (strict on public pages, relaxed in the admin),
Permissions-Policy on every response, and `Cache-Control: private, no-cache` for a logged-in user; and the public
templates, which the strict policy needs free of inline script and style."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents.models import Document
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from portal.headers import permissions_header, policy_header
from portal.settings.base import media_origins
from tests import factories
from tests.news.feedback_helpers import rate_url

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
CACHE_HEADER = "X-Portal-Cache"


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 15
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def article(category):
    return factories.article(category, title="Ngày hội đại đoàn kết toàn dân tộc")


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("bien-tap", "bt@example.vn", "secret-pass-123")


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


# --- Content-Security-Policy -------------------------------------------------------------------

def test_public_pages_get_the_strict_policy_fresh_or_from_the_cache(client, article):
    for expected in ("miss", "hit"):
        response = client.get(article.url)
        assert response[CACHE_HEADER] == expected
        policy = directives(response)
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
        assert policy["img-src"] == ["'self'", "data:"]
        assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]
        assert "nonce-" not in response["Content-Security-Policy"]  # the same stored page for everyone


def test_the_admin_gets_the_relaxed_policy(client, editor):
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    assert "'unsafe-inline'" in policy["script-src"] and "'unsafe-inline'" in policy["style-src"]
    assert policy["frame-ancestors"] == ["'self'"]  # the page editor's preview frame
    assert policy["object-src"] == ["'none'"] and policy["form-action"] == ["'self'"]
    login = Client().get("/admin/login/")
    assert "'unsafe-inline'" in directives(login)["script-src"]


def test_every_other_response_gets_the_strict_policy(client, article):
    for response in (client.get("/khong-co-trang-nay/"), client.get("/robots.txt"),
                     client.post(rate_url(article), {"score": "5"}, HTTP_ACCEPT="application/json")):
        assert directives(response)["script-src"] == ["'self'"], response


def test_a_stricter_policy_of_a_view_is_kept(client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    document = Document.objects.create(title="Kế hoạch", file=ContentFile(b"%PDF-1.4\n", name="ke-hoach.pdf"))
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'"  # Wagtail's own, for served files


def test_policy_and_header_formats():
    assert policy_header({"default-src": ["'self'"], "upgrade-insecure-requests": []}) == (
        "default-src 'self'; upgrade-insecure-requests")
    assert permissions_header({"camera": [], "fullscreen": ["self"]}) == "camera=(), fullscreen=(self)"


def test_media_in_a_bucket_is_an_image_source():
    assert media_origins({}) == []
    assert media_origins({"PORTAL_S3_BUCKET": "anh"}) == ["https://anh.s3.amazonaws.com"]
    assert media_origins({"PORTAL_S3_BUCKET": "anh", "PORTAL_S3_REGION": "ap-southeast-1"}) == [
        "https://anh.s3.amazonaws.com", "https://anh.s3.ap-southeast-1.amazonaws.com"]
    assert media_origins({"PORTAL_S3_BUCKET": "anh", "PORTAL_S3_ENDPOINT_URL": "http://10.0.0.5:9000/"}) == [
        "http://10.0.0.5:9000"]
    assert media_origins({"PORTAL_S3_BUCKET": "anh", "PORTAL_S3_ENDPOINT_URL": "https://s3.example.vn",
                          "PORTAL_S3_CUSTOM_DOMAIN": "media.muongte.example.vn/anh"}) == [
        "https://media.muongte.example.vn"]


# --- Permissions-Policy ------------------------------------------------------------------------

def test_permissions_policy_on_every_response(client, editor, article, settings):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    anonymous, logged_in = Client(), Client()
    logged_in.force_login(editor)
    responses = [
        anonymous.get(article.url), anonymous.get(article.url),  # rendered, then from the page cache
        anonymous.get("/khong-co-trang-nay/"), anonymous.get("/healthz"), anonymous.get("/static/css/portal.css"),
        anonymous.post(rate_url(article), {"score": "4"}),
        logged_in.get(article.url), logged_in.get("/admin/"),
    ]
    assert responses[1][CACHE_HEADER] == "hit" and responses[4].status_code == 200
    for response in responses:
        policy = response["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in policy, (response, policy)
        assert "fullscreen" not in policy  # the video players keep their full-screen button


# --- Cache-Control for a logged-in user --------------------------------------------------------

def cache_control(response):
    return {word.strip() for word in response.get("Cache-Control", "").split(",") if word.strip()}


def test_anonymous_readers_keep_the_shared_page_with_its_etag(client, article):
    for expected in ("miss", "hit"):
        response = client.get(article.url)
        assert response[CACHE_HEADER] == expected
        assert cache_control(response) == {"public", "no-cache"} and response.has_header("ETag")
    again = client.get(article.url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_a_logged_in_user_gets_private_no_cache_everywhere(client, editor, article, home):
    client.force_login(editor)
    for url in (article.url, home.url, "/tim-kiem/?q=ngay", "/admin/", "/admin/pages/", "/khong-co-trang-nay/"):
        response = client.get(url)
        words = cache_control(response)
        assert {"private", "no-cache"} <= words and "public" not in words, (url, words)
        assert CACHE_HEADER not in response  # never stored, never served from the shared cache
    # The browser may keep what it was given and ask again: an unchanged answer is a 304, private too. (A page
    # with a logged-in user's form changes each time: its CSRF token is masked anew.)
    robots = client.get("/robots.txt")
    assert robots.has_header("ETag") and {"private", "no-cache"} <= cache_control(robots)
    again = client.get("/robots.txt", HTTP_IF_NONE_MATCH=robots["ETag"])
    assert again.status_code == 304 and {"private", "no-cache"} <= cache_control(again)
    # never_cache's no-store stays.
    assert "no-store" in cache_control(client.get("/admin/"))


def test_after_logging_out_the_shared_page_again(client, editor, article):
    client.force_login(editor)
    assert "private" in cache_control(client.get(article.url))
    client.logout()
    client.cookies.clear()
    assert cache_control(client.get(article.url)) == {"public", "no-cache"}


def test_middleware_order():
    order = django_settings.MIDDLEWARE
    position = order.index
    # The security headers wrap everything: static files and stored pages get them.
    assert position("django.middleware.security.SecurityMiddleware") < position(
        "portal.headers.SecurityHeadersMiddleware") < position("whitenoise.middleware.WhiteNoiseMiddleware")
    # Private caching: inside ConditionalGet (its 304s carry it), outside the page cache.
    assert position("django.middleware.http.ConditionalGetMiddleware") < position(
        "portal.headers.PrivateCacheMiddleware") < position("portal.page_cache.PageCacheMiddleware")


# --- No inline script or style in what the public pages are made of ----------------------------

INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/ld\+json\")[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_templates_have_no_inline_script_or_style():
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert found == []


def test_rendered_public_pages_have_no_inline_script_or_style(client, article, home, category):
    for url in (home.url, category.url, article.url, "/tim-kiem/?q=ngay"):
        html = client.get(url).content.decode()
        for pattern, what in INLINE:
            assert not pattern.search(html), (url, what, pattern.search(html))


def test_media_embeds_have_no_inline_style(client, category):
    url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    Embed.objects.create(
        url=url, hash=get_embed_hash(url), type="video", width=200, height=113, provider_name="YouTube",
        html='<iframe width="200" height="113" src="https://www.youtube.com/embed/dQw4w9WgXcQ?feature=oembed" '
             'allowfullscreen title="Video"></iframe>',
    )
    page = factories.article(category, body=[("paragraph", f'<p>Xem video:</p><embed embedtype="media" url="{url}"/>')])
    html = client.get(page.url).content.decode()
    assert '<div class="responsive-object ratio-16x9"><iframe' in html
    assert 'src="https://www.youtube.com/embed/dQw4w9WgXcQ?feature=oembed"' in html
    assert " style=" not in html


def test_the_admin_calls_no_outside_service(admin_client):
    """No Gravatar (editors' e-mail hashes would leave the portal), no update check: nothing outside is asked."""
    html = admin_client.get("/admin/").content.decode()
    assert "gravatar.com" not in html and "releases.wagtail.org" not in html
    policy = admin_client.get("/admin/")["Content-Security-Policy"]
    assert "gravatar" not in policy and "releases.wagtail.org" not in policy
    assert "img-src 'self' data: blob:;" in policy  # images from nowhere else
