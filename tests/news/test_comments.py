"""Readers' comments: the form, pre-moderation, hostile input, defences and the moderation queue."""

import re
import time

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from news.guard import fill_token
from news.models import Comment, CommentStatus
from tests import factories
from tests.news.feedback_helpers import JSON, comment_data, comment_url

pytestmark = pytest.mark.django_db


def page_html(client, page, query=""):
    response = client.get(page.url + query)
    assert response.status_code == 200
    return response.content.decode()


def approve_all():
    Comment.objects.update(status=CommentStatus.APPROVED)


# --- the happy paths ---------------------------------------------------------------------------

def test_guest_comment_without_js_is_pending_and_redirects_back(
    client, article, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(comment_url(article), comment_data(article))
    assert response.status_code == 302
    assert response["Location"].endswith(article.url + "#comments")
    comment = Comment.objects.get()
    assert (comment.name, comment.email, comment.status) == ("Nguyễn Văn An", "an@example.com", "pending")
    html = client.get(response["Location"].split("#")[0]).content.decode()
    assert 'data-feedback="comment-status"' in html and "feedback-success" in html
    assert "Bài viết rất bổ ích." not in html  # pending: invisible to the public
    assert '<span data-article="comments">0</span>' in html
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["mod@example.com"]
    assert reverse("news_comments:queue") in mail.outbox[0].body


def test_comment_with_js_gets_json(client, article):
    response = client.post(comment_url(article), comment_data(article), **JSON)
    assert response.status_code == 200
    data = response.json()
    assert data["ok"] is True and data["status"] == "pending" and data["html"] == "" and data["count"] == 0
    assert data["message"]


def test_without_premoderation_comment_is_published_in_order_and_counted(client, article, portal_settings):
    portal_settings.comment_premoderation = False
    portal_settings.save()
    client.post(comment_url(article), comment_data(article, body="Ý kiến thứ nhất"))
    second = comment_data(article, body="Ý kiến thứ hai", name="Lò Thị Bình")
    response = client.post(comment_url(article), second, **JSON)
    data = response.json()
    assert data["status"] == "approved" and data["count"] == 2 and "Ý kiến thứ hai" in data["html"]
    html = page_html(client, article)
    assert html.index("Ý kiến thứ nhất") < html.index("Ý kiến thứ hai")  # oldest first
    assert '<span data-article="comments">2</span>' in html
    assert "an@example.com" not in html  # email is never published


def test_count_is_approved_only(article):
    for status in CommentStatus.values:
        Comment.objects.create(page=article, name="A", email="a@example.com", body="x", status=status)
    assert article.comment_count() == 1


def test_comments_are_paginated(client, article):
    for n in range(25):
        Comment.objects.create(page=article, name=f"Người {n}", body=f"Ý kiến số {n:02d}", status="approved")
    first = page_html(client, article)
    assert "Ý kiến số 00" in first and "Ý kiến số 19" in first and "Ý kiến số 20" not in first
    second = page_html(client, article, "?y-kien=2")
    assert "Ý kiến số 24" in second and "Ý kiến số 00" not in second
    assert '<span data-article="comments">25</span>' in second


def test_logged_in_user_comments_under_the_account(client, article):
    user = get_user_model().objects.create_user("lan", "lan@example.com", "secret-pass-123", first_name="Lan")
    client.force_login(user)
    html = page_html(client, article)
    assert 'id="comment-form"' in html and 'name="email"' not in html and 'name="name"' not in html
    data = {"body": "Tôi đồng ý.", "rendered": fill_token(article.pk, time.time() - 10)}
    response = client.post(comment_url(article), data)
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.name, comment.email, comment.user) == ("Lan", "lan@example.com", user)


# --- hostile input -----------------------------------------------------------------------------

HOSTILE = [
    '<script>alert("x")</script>',
    '<img src=x onerror="alert(1)">',
    'javascript:alert(document.cookie)',
    '"><svg onload=alert(1)>',
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_injection_in_name_and_body_is_rendered_inert(client, article, portal_settings, payload):
    portal_settings.comment_premoderation = False
    portal_settings.save()
    data = comment_data(article, name=payload[:100], body=f"Trước\n{payload}\nSau")
    response = client.post(comment_url(article), data)
    assert response.status_code == 302
    html = page_html(client, article)
    listing = html[html.index('data-feedback="comment-list"'):]
    if "<" in payload:
        assert payload not in listing
    assert "<script>alert" not in listing and "<img src=x" not in listing and "<svg" not in listing
    assert 'href="javascript:' not in listing
    assert "Trước<br>" in listing  # line breaks kept


def test_urls_are_shown_as_nofollow_links_only_for_http(client, article, portal_settings):
    portal_settings.comment_premoderation = False
    portal_settings.save()
    body = "Xem https://example.com/a?b=1&c=2. Và javascript:alert(1) và <a href=\"https://evil.example\">x</a>"
    client.post(comment_url(article), comment_data(article, body=body))
    html = page_html(client, article)
    assert '<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener"' in html
    assert 'href="javascript:' not in html
    assert "&lt;a href=&quot;" in html  # typed HTML shown as text


@pytest.mark.parametrize("payload", HOSTILE + ["not-an-email", "a@", "@b.vn", "a b@c.vn"])
def test_invalid_email_is_refused_and_input_kept(client, article, payload):
    response = client.post(comment_url(article), comment_data(article, email=payload, body="Nội dung tôi đã gõ"))
    assert response.status_code == 400
    assert not Comment.objects.exists()
    html = response.content.decode()
    assert "feedback-error" in html and "Nội dung tôi đã gõ" in html
    assert "<script>alert" not in html and "<img src=x onerror" not in html


def test_long_body_is_refused_with_input_kept(client, article):
    body = "Rất dài. " * 1112  # > 10,000 characters
    response = client.post(comment_url(article), comment_data(article, body=body[:10000]))
    assert response.status_code == 400
    assert not Comment.objects.exists()
    html = response.content.decode()
    assert 'id="comment-form"' in html and body[:10000].strip()[:200] in html
    assert 'id="comment-body_error"' in html and 'aria-invalid="true"' in html


def test_limits_are_exact(client, article):
    assert client.post(comment_url(article), comment_data(article, name="N" * 101)).status_code == 400
    assert client.post(comment_url(article), comment_data(article, body="B" * 3001)).status_code == 400
    assert not Comment.objects.exists()
    assert client.post(comment_url(article), comment_data(article, name="N" * 100, body="B" * 3000)).status_code == 302
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("field,value", [
    ("body", ""), ("body", "   \n\t  "), ("name", ""), ("name", "    "), ("email", ""), ("body", "a\x00b"),
])
def test_empty_or_blank_fields_are_refused(client, article, field, value):
    response = client.post(comment_url(article), comment_data(article, **{field: value}))
    assert response.status_code == 400
    assert not Comment.objects.exists()
    assert "feedback-error" in response.content.decode()


def test_refusal_over_json_lists_the_field_errors(client, article):
    response = client.post(comment_url(article), comment_data(article, body=" "), **JSON)
    assert response.status_code == 400
    data = response.json()
    assert data["ok"] is False and "body" in data["errors"] and data["rendered"]


# --- defences ----------------------------------------------------------------------------------

def test_honeypot_is_refused(client, article):
    response = client.post(comment_url(article), comment_data(article, website="http://spam.example"))
    assert response.status_code == 400
    assert not Comment.objects.exists()


@pytest.mark.parametrize("token", ["", "forged", "now"])
def test_too_fast_or_forged_fill_time_is_refused_and_input_kept(client, article, token):
    token = fill_token(article.pk, time.time()) if token == "now" else token
    response = client.post(comment_url(article), comment_data(article, rendered=token, body="Tôi viết rất nhanh"))
    assert response.status_code == 400
    assert not Comment.objects.exists()
    html = response.content.decode()
    assert "Tôi viết rất nhanh" in html and "feedback-error" in html


def test_fill_token_is_bound_to_its_article_and_form(client, article, category):
    from news.guard import fill_time_ok
    from questions import guard as questions_guard

    other = factories.article(category, title="Bài viết khác")
    token = fill_token(article.pk, time.time() - 10)
    response = client.post(comment_url(other), comment_data(other, rendered=token, body="Mã của bài khác"))
    assert response.status_code == 400 and not Comment.objects.exists()
    assert not questions_guard.fill_time_ok(token, "question") and not questions_guard.fill_time_ok(token, "contact")
    assert client.post(comment_url(article), comment_data(article, rendered=token)).status_code == 302
    # The token the article page hands out (a cached page included) is its own form's.
    html = page_html(client, other)
    shown = re.search(r'name="rendered" value="([^"]+)"', html).group(1)
    with time_machine.travel(time.time() + 10):
        assert fill_time_ok(shown, other.pk) and not fill_time_ok(shown, article.pk)


def test_fill_token_expires_within_hours(client, article, settings):
    assert settings.PORTAL_FORM_TOKEN_MAX_AGE == 6 * 3600
    stale = fill_token(article.pk, time.time() - 6 * 3600 - 60)
    assert client.post(comment_url(article), comment_data(article, rendered=stale)).status_code == 400
    assert not Comment.objects.exists()


def test_minimum_fill_time_is_at_most_five_seconds(settings):
    from news.guard import fill_time_ok, min_fill_seconds

    settings.PORTAL_COMMENT_MIN_FILL_SECONDS = 60
    assert min_fill_seconds() == 5
    assert fill_time_ok(fill_token(7, time.time() - 6), 7)


def test_csrf_missing_or_forged_token_is_refused(article):
    client = Client(enforce_csrf_checks=True)
    assert client.post(comment_url(article), comment_data(article)).status_code == 403
    client.cookies["csrftoken"] = "A" * 32
    assert client.post(comment_url(article), comment_data(article, csrfmiddlewaretoken="B" * 32)).status_code == 403
    assert client.post(
        comment_url(article), comment_data(article), HTTP_ORIGIN="https://evil.example", HTTP_X_CSRFTOKEN="A" * 32
    ).status_code == 403
    cross_site = client.post(comment_url(article), comment_data(article), HTTP_SEC_FETCH_SITE="cross-site")
    assert cross_site.status_code == 403
    assert client.post(comment_url(article), comment_data(article), HTTP_ORIGIN="null").status_code == 403
    assert not Comment.objects.exists()


def test_csrf_valid_token_or_same_origin_is_accepted(article):
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "A" * 32
    assert client.post(comment_url(article), comment_data(article, csrfmiddlewaretoken="A" * 32)).status_code == 302
    # The cached-page case: no token at all, but the browser says the form was posted from this site.
    same_origin = Client(enforce_csrf_checks=True)
    response = same_origin.post(comment_url(article), comment_data(article, body="Từ trang này"), HTTP_ORIGIN="http://testserver")
    assert response.status_code == 302
    assert Comment.objects.count() == 2


def test_flood_from_one_visitor_is_limited(client, article, settings):
    settings.PORTAL_COMMENT_RATE_LIMITS = {"comment_visitor": (3, 600)}
    codes = [client.post(comment_url(article), comment_data(article, body=f"Lần {n}")).status_code for n in range(5)]
    assert codes == [302, 302, 302, 429, 429]
    assert Comment.objects.count() == 3
    refused = client.post(comment_url(article), comment_data(article, body="Lần cuối"))
    assert "Lần cuối" in refused.content.decode()  # the refused text is given back


def test_flood_from_one_address_with_many_browsers_is_limited(client, article, settings):
    settings.PORTAL_COMMENT_RATE_LIMITS = {"comment_ip": (4, 600)}
    codes = [
        client.post(comment_url(article), comment_data(article, body=f"Lần {n}"), HTTP_USER_AGENT=f"Bot/{n}")
        .status_code for n in range(6)
    ]
    assert codes.count(302) == 4 and codes[-1] == 429


def test_flood_from_many_visitors_is_limited_site_wide(
    client, article, settings, moderator, django_capture_on_commit_callbacks
):
    settings.PORTAL_COMMENT_RATE_LIMITS = {"comment_site": (10, 600)}
    with django_capture_on_commit_callbacks(execute=True):
        codes = [
            client.post(comment_url(article), comment_data(article, body=f"Lần {n}"), REMOTE_ADDR=f"10.0.0.{n + 1}")
            .status_code for n in range(15)
        ]
    assert codes.count(302) == 10 and codes.count(429) == 5
    assert Comment.objects.count() == 10
    assert len(mail.outbox) == 1  # the moderators get one mail per cool-down, not a flood


def test_banned_words_send_comment_to_spam_silently(
    client, article, portal_settings, moderator, django_capture_on_commit_callbacks
):
    portal_settings.banned_words = "cờ bạc\nBÁN THUỐC\n"
    portal_settings.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(comment_url(article), comment_data(article, body="Ở đây có bán thuốc giá rẻ"), **JSON)
    assert response.json()["status"] == "spam" and response.json()["message"]
    assert Comment.objects.get().status == CommentStatus.SPAM
    assert len(mail.outbox) == 0
    client.post(comment_url(article), comment_data(article, body="Cờ bạc bịp", name="Khác"))
    client.post(comment_url(article), comment_data(article, body="Bàn cờ vua bạc màu"))  # not the phrase
    assert list(Comment.objects.values_list("status", flat=True)) == ["spam", "spam", "pending"]


def test_unpublished_or_missing_article_is_404(client, category):
    draft = factories.article(category, live=False)
    assert client.post(comment_url(draft), comment_data(draft)).status_code == 404
    assert client.post(reverse("news:comment", args=[999999]), comment_data(draft)).status_code == 404
    assert client.post(reverse("news:comment", args=[category.pk]), comment_data(category)).status_code == 404
    assert not Comment.objects.exists()


def test_get_is_not_allowed(client, article):
    assert client.get(comment_url(article)).status_code == 405


def test_comments_switched_off_per_article(client, category):
    closed = factories.article(category, allow_comments=False)
    assert client.post(comment_url(closed), comment_data(closed)).status_code == 403
    assert not Comment.objects.exists()
    assert 'id="comment-form"' not in page_html(client, closed)


def test_comments_switched_off_site_wide(client, article, portal_settings):
    portal_settings.comments_enabled = False
    portal_settings.save()
    assert client.post(comment_url(article), comment_data(article), **JSON).status_code == 403
    assert not Comment.objects.exists()
    assert 'id="comment-form"' not in page_html(client, article)


# --- moderation --------------------------------------------------------------------------------

def test_moderation_queue_single_and_bulk(client, article, moderator):
    comments = [Comment.objects.create(page=article, name=f"N{n}", body=f"Ý kiến {n}") for n in range(4)]
    client.force_login(moderator)
    queue = reverse("news_comments:queue")
    html = client.get(queue).content.decode()
    assert "Ý kiến 3" in html and article.title in html and article.url in html
    assert client.post(queue, {"one": f"approve:{comments[0].pk}"}).status_code == 302
    client.post(queue, {"action": "reject", "ids": [comments[1].pk, comments[2].pk]})
    client.post(queue, {"one": f"spam:{comments[3].pk}"})
    statuses = [Comment.objects.get(pk=c.pk).status for c in comments]
    assert statuses == ["approved", "rejected", "rejected", "spam"]
    assert Comment.objects.get(pk=comments[0].pk).moderated_by == moderator
    assert '<span data-article="comments">1</span>' in page_html(client, article)


def test_menu_item_shows_pending_count(client, article, moderator):
    Comment.objects.create(page=article, name="A", body="x")
    Comment.objects.create(page=article, name="B", body="y")
    client.force_login(moderator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("news_comments:queue") in html
    assert "(2 " in html or "2 pending" in html or "(2)" in html


def test_queue_needs_the_moderation_permission(client, article):
    from django.contrib.auth.models import Permission

    editor = get_user_model().objects.create_user("editor", "e@example.com", "secret-pass-123")
    admin_access = Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin")
    editor.user_permissions.add(admin_access)
    client.force_login(editor)
    assert client.get(reverse("news_comments:queue")).status_code in (302, 403)
    moderate = Permission.objects.get(codename="change_comment", content_type__app_label="news")
    editor.user_permissions.add(moderate)
    editor = get_user_model().objects.get(pk=editor.pk)
    client.force_login(editor)
    assert client.get(reverse("news_comments:queue")).status_code == 200
