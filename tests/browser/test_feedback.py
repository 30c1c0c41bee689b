"""Readers' voice in Chromium: comment with and without JavaScript, approval in the admin, a rating by
keyboard, the idle dialog of a logged-in user, and axe on the article page with all of it open."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from news.models import Comment
from tests import factories
from tests.browser.conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def article(live_server, settings):
    settings.PORTAL_COMMENT_MIN_FILL_SECONDS = 1
    cache.clear()
    home = factories.home_page()
    category = factories.category(home, "Xây dựng Đảng")
    yield factories.article(category, title="Học tập và làm theo tấm gương đạo đức Hồ Chí Minh",
                            date=factories.local_dt(2024, 3, 4, 8, 30),
                            legacy_rating_total=40, legacy_rating_count=10)
    cache.clear()


@pytest.fixture
def moderator(db):
    return get_user_model().objects.create_superuser("kiem-duyet", "kd@example.com", "secret-pass-123")


def log_in(page, live_server, user):
    """Put a logged-in session cookie into the browser, as if the user had signed in."""
    client = Client()
    client.force_login(user)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "domain": host, "path": "/"}])


def fill_comment(page, name, body):
    page.fill("#comment-name", name)
    page.fill("#comment-email", "ban-doc@example.com")
    page.fill("#comment-body", body)
    page.wait_for_timeout(1200)  # the minimum fill time


def test_comment_without_javascript_then_approve_and_see_it(
    playwright_browser, live_server, article, moderator
):
    context = playwright_browser.new_context(java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    try:
        page.goto(live_server.url + article.url)
        fill_comment(page, "Lò Văn Pao", "Bài viết hay.\nCảm ơn <b>ban biên tập</b>.")
        page.click("#comment-form [type=submit]")
        page.wait_for_url("**" + article.url + "#comments")
        assert page.locator("[data-feedback=comment-status] .feedback-success").count() == 1
        assert page.locator("[data-article=comments]").inner_text() == "0"
        assert Comment.objects.get().status == "pending"
        screenshot(page, "feedback-comment-pending-nojs")
    finally:
        context.close()

    admin = playwright_browser.new_context(locale="vi-VN")
    page = admin.new_page()
    try:
        log_in(page, live_server, moderator)
        page.goto(live_server.url + "/admin/comments/")
        row = page.locator("tr[data-comment]").first
        assert article.title in row.inner_text()
        row.locator("button[name=one][value^=approve]").click()
        page.wait_for_load_state()
        assert Comment.objects.get().status == "approved"
        page.goto(live_server.url + article.url)
        assert page.locator("[data-article=comments]").inner_text() == "1"
        body = page.locator(".comment-body").first
        assert body.inner_text() == "Bài viết hay.\nCảm ơn <b>ban biên tập</b>."
        assert page.locator(".comment-body b").count() == 0
    finally:
        admin.close()


def test_comment_with_javascript_stays_on_the_page(browser_page, live_server, article):
    page = browser_page
    page.goto(live_server.url + article.url)
    page.evaluate("window.__sameDocument = true")
    fill_comment(page, "Giàng Thị Mai", "Tôi rất đồng tình.")
    page.click("#comment-form [type=submit]")
    page.locator("[data-feedback=comment-status] .feedback-success").wait_for()
    assert page.evaluate("window.__sameDocument") is True  # no reload
    assert page.input_value("#comment-body") == ""
    assert Comment.objects.get().status == "pending"
    # A refusal keeps what was typed and marks the field.
    page.fill("#comment-body", "   ")
    page.click("#comment-form [type=submit]")
    page.locator("[data-feedback=comment-status] .feedback-error").wait_for()
    assert page.get_attribute("#comment-body", "aria-invalid") == "true"
    assert page.input_value("#comment-name") == "Giàng Thị Mai"


def test_rate_with_the_keyboard(browser_page, live_server, article):
    page = browser_page
    page.goto(live_server.url + article.url)
    page.focus("#rating-score-1")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert page.is_checked("#rating-score-4")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.locator("[data-feedback=rating-status] .feedback-success").wait_for()
    line = page.locator("[data-article=rating]").inner_text()
    assert "44" in line and "11" in line and "4" in line
    # A second rating from the same browser is refused and changes nothing.
    page.focus("#rating-score-5")
    page.keyboard.press("Space")
    page.click("#rating-form [type=submit]")
    page.locator("[data-feedback=rating-status] .feedback-error").wait_for()
    assert article.rating_totals() == (44, 11)


def test_idle_dialog_counts_down_and_keeps_the_session(
    browser_page, live_server, article, moderator, settings
):
    settings.SESSION_COOKIE_AGE = 16  # the dialog opens after 8 seconds and counts down 8
    Comment.objects.create(page=article, name="Người đọc", body="Ý kiến đã duyệt https://example.com",
                           status="approved")
    page = browser_page
    page.clock.install()  # the page's timers and Date run on a clock the test moves on (no real waiting)
    log_in(page, live_server, moderator)
    page.goto(live_server.url + article.url)
    dialog = page.locator("#keepalive-dialog")
    page.clock.run_for(8000)
    dialog.wait_for(state="visible", timeout=15000)
    first = int(page.locator(".keepalive-countdown").inner_text())
    page.clock.run_for(2100)
    assert int(page.locator(".keepalive-countdown").inner_text()) < first
    assert page.evaluate("document.activeElement.classList.contains('keepalive-button')")
    screenshot(page, "feedback-idle-dialog")
    violations = axe_violations(page)
    assert violations == [], violations
    page.keyboard.press("Enter")
    dialog.wait_for(state="hidden")
    status = page.evaluate("""() => fetch('/admin/', {credentials: 'same-origin', redirect: 'manual'})
        .then(r => r.type === 'opaqueredirect' ? 'logged-out' : 'logged-in')""")
    assert status == "logged-in"


def test_idle_dialog_logs_out_at_zero(browser_page, live_server, article, moderator, settings):
    settings.SESSION_COOKIE_AGE = 10
    page = browser_page
    page.clock.install()  # the page's timers and Date run on a clock the test moves on (no real waiting)
    log_in(page, live_server, moderator)
    page.goto(live_server.url + article.url)
    page.clock.run_for(5000)
    page.locator("#keepalive-dialog").wait_for(state="visible", timeout=10000)
    # The server's clock (the live server runs in this process) moves on with the page's: 10 seconds idle.
    with time_machine.travel(datetime.timedelta(seconds=10)):
        page.clock.run_for(5000)
        # At zero the server logs the user out and the page reloads, now without the dialog.
        page.wait_for_function("!document.getElementById('keepalive-dialog')", timeout=20000, polling=250)
    assert page.locator("#comment-name").count() == 1  # a guest again


def test_axe_on_article_with_comments_and_rating(browser_page, live_server, article):
    for n in range(3):
        Comment.objects.create(page=article, name=f"Bạn đọc {n}", body=f"Ý kiến số {n}\nDòng hai",
                               status="approved")
    page = browser_page
    page.goto(live_server.url + article.url + "#comments")
    page.focus("#rating-score-3")
    violations = axe_violations(page)
    assert violations == [], violations


def test_nu_validator_on_article_with_feedback(live_server, article, moderator):
    from tests.browser.conftest import nu_errors

    Comment.objects.create(page=article, name="Bạn đọc", body="Xem https://example.com/?a=1&b=2\nHết",
                           status="approved")
    guest = Client().get(article.url).content.decode()
    assert nu_errors(guest) == []
    member = Client()
    member.force_login(moderator)
    refused = member.post(f"/binh-luan/{article.pk}/", {"body": "  "}).content.decode()
    assert nu_errors(refused) == []
