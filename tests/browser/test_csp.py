"""The Content-Security-Policy in Chromium: every public page (home, categories, an article with a video, search,
documents, procedures, questions, contact, the dossier report and lookup, organisation pages) raises no
violation, the comment and rating forms still work through the page's script, and a logged-in editor sees no
violation either, on the public pages (strict policy) nor in the admin's reports and page editor (relaxed policy).

Violations are caught twice: the page's `securitypolicyviolation` events, and Chromium's console, where it also
reports a Permissions-Policy header it does not understand."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Page

from news.models import Comment
from tests import factories
from tests.browser.test_feedback import fill_comment, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VIDEO_URL = "https://www.youtube.com/watch?v=5qap5aO4i9A"
# What YouTube's oEmbed answers (the test has no network: the player itself is answered by `route` below).
VIDEO_HTML = (
    '<iframe width="200" height="113" src="https://www.youtube.com/embed/5qap5aO4i9A?feature=oembed" '
    'allow="accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture" '
    'referrerpolicy="strict-origin-when-cross-origin" allowfullscreen title="Lễ hội Then"></iframe>'
)
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(
    `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`));
"""
POLICY_WORDS = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy", "Permissions policy")


class Watcher:
    """Collects the CSP violations and policy complaints of every page a Playwright page visits."""

    def __init__(self, page):
        self.page = page
        self.problems = []
        page.add_init_script(WATCH)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: script error: {error}"))
        page.route(re.compile(r"^https://(www\.youtube\.com|www\.youtube-nocookie\.com|player\.vimeo\.com)/"),
                   lambda route: route.fulfill(body="<!DOCTYPE html><title>player</title>", content_type="text/html"))

    def _console(self, message):
        if any(word in message.text for word in POLICY_WORDS):
            self.problems.append(f"{self.page.url}: console {message.type}: {message.text}")

    def collect(self):
        for violation in self.page.evaluate("window.__csp || []"):
            self.problems.append(f"{self.page.url}: {violation}")
        self.page.evaluate("window.__csp = []")

    def visit(self, url, strict=True, status=200):
        response = self.page.goto(url)
        assert response.status == status, url
        policy = response.headers.get("content-security-policy", "")
        if strict:
            assert "script-src 'self';" in policy and "unsafe-inline" not in policy, (url, policy)
        else:
            assert "'unsafe-inline'" in policy, (url, policy)
        assert "camera=()" in response.headers.get("permissions-policy", ""), url
        self.page.wait_for_load_state("load")
        self.collect()
        return response

    def assert_clean(self):
        self.collect()
        assert self.problems == [], "\n".join(self.problems)

    def assert_detects(self):
        """The watcher itself works: an inline style is refused and reported."""
        self.page.evaluate("document.body.setAttribute('style', 'outline: 1px solid red')")
        self.page.wait_for_timeout(100)
        self.collect()
        found = [problem for problem in self.problems if "style-src" in problem]
        assert found, self.problems
        for problem in found:
            self.problems.remove(problem)


@pytest.fixture
def portal(live_server, settings):
    from dossiers import catalogue_demo
    from dossiers.demo import load_demo_dossiers
    from organisation import demo as organisation_demo
    from publications import demo as publications_demo
    from questions import demo as questions_demo
    from questions.models import Question, QuestionIndexPage

    settings.PORTAL_COMMENT_MIN_FILL_SECONDS = 1
    cache.clear()
    home = factories.home_page()
    out = io.StringIO()
    load_demo_dossiers(out, count=20)
    for loader in (publications_demo, organisation_demo, questions_demo, catalogue_demo):
        loader.load_demo(out, home)
    category = factories.category(home, "Văn hóa - Giáo dục")
    Embed.objects.create(url=VIDEO_URL, hash=get_embed_hash(VIDEO_URL), type="video", html=VIDEO_HTML,
                         width=200, height=113, provider_name="YouTube", title="Lễ hội Then")
    article = factories.article(
        category, title="Lễ hội Then của đồng bào Thái", date=factories.local_dt(2024, 3, 4, 8, 30),
        legacy_rating_total=40, legacy_rating_count=10,
        body=[("paragraph", f'<p>Phóng sự:</p><embed embedtype="media" url="{VIDEO_URL}"/><p>Hết.</p>')],
    )
    questions = QuestionIndexPage.objects.get()
    answered = Question.objects.filter(published=True).exclude(answer="").first()
    yield {
        "home": home, "category": category, "article": article,
        "question": questions.question_url(answered.pk) if answered else None,
    }
    cache.clear()


def public_urls(portal):
    pages = [page.url for page in Page.objects.live().public().specific() if page.url and page.depth > 1]
    views = ["/tim-kiem/?q=l%E1%BB%85+h%E1%BB%99i", "/ho-so/thong-ke/", "/ho-so/tra-cuu/"]
    if portal["question"]:
        views.append(portal["question"])
    return pages + views


def test_public_pages_raise_no_violation_and_their_forms_work(browser_page, live_server, portal):
    page = browser_page
    watcher = Watcher(page)
    urls = public_urls(portal)
    for required in ("/", "/van-ban/", "/thu-tuc-hanh-chinh/", "/hoi-dap/", "/lien-he/", portal["category"].url):
        assert required in urls, required
    for url in urls:
        watcher.visit(live_server.url + url)
    watcher.visit(live_server.url + urls[0])  # once more: from the page cache
    watcher.visit(live_server.url + "/ho-so/tra-cuu/?ma=KHONG-CO-MA", status=404)  # the lookup's "not found"
    watcher.visit(live_server.url + "/khong-co-trang-nay/", status=404)
    watcher.assert_clean()

    # The article: its video player, then a rating and a comment sent by the page's script.
    article = portal["article"]
    watcher.visit(live_server.url + article.url)
    assert page.locator(".responsive-object.ratio-16x9 iframe").count() == 1
    box = page.locator(".responsive-object").bounding_box()
    assert box["width"] > 400 and abs(box["height"] - box["width"] * 9 / 16) < 2  # full width, 16:9, no inline style
    page.evaluate("window.__sameDocument = true")
    page.focus("#rating-score-1")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert page.is_checked("#rating-score-4")
    page.click("#rating-form [type=submit]")
    page.locator("[data-feedback=rating-status] .feedback-success").wait_for()
    assert article.rating_totals() == (44, 11)
    fill_comment(page, "Lò Thị Xuân", "Lễ hội rất đẹp.")
    page.click("#comment-form [type=submit]")
    page.locator("[data-feedback=comment-status] .feedback-success").wait_for()
    assert page.evaluate("window.__sameDocument") is True  # sent by the script, no reload
    assert Comment.objects.get().body == "Lễ hội rất đẹp."
    watcher.assert_clean()
    watcher.assert_detects()


def test_logged_in_editor_sees_no_violation(browser_page, live_server, portal):
    editor = get_user_model().objects.create_superuser("bien-tap", "bt@example.vn", "secret-pass-123")
    page = browser_page
    watcher = Watcher(page)
    log_in(page, live_server, editor)
    article = portal["article"]
    # Public pages keep the strict policy for editors too: Wagtail's user bar and the idle dialog included.
    for url in ("/", "/ho-so/thong-ke/", article.url):
        response = watcher.visit(live_server.url + url)
        assert "private" in response.headers["cache-control"]
    assert page.locator("wagtail-userbar").count() == 1 and page.locator("#keepalive-dialog").count() == 1
    # Wagtail's user bar on the article, with its content checks (axe-core) run.
    page.locator("#wagtail-userbar-trigger").click()
    page.locator("#checker-trigger").click()
    page.locator("#checker-results").wait_for(state="visible")
    page.wait_for_function("""() => [...document.querySelector('wagtail-userbar').shadowRoot
        .querySelectorAll('[data-content-checker-count]')].some((node) => node.textContent.trim() !== '')""")
    # The admin, under its relaxed policy: the stats and dossier reports, the page editor with its inline scripts.
    for url in ("/admin/", "/admin/visit-stats/", "/admin/dossier_report/", "/admin/comments/",
                f"/admin/pages/{article.pk}/edit/"):
        response = watcher.visit(live_server.url + url, strict=False)
        assert "private" in response.headers["cache-control"], url
        if url == "/admin/visit-stats/":
            # The charts' style came out of the SVG into static/stats/report.css, and still applies.
            stroke = page.evaluate("getComputedStyle(document.querySelector('.stats-chart .grid')).stroke")
            assert stroke == "rgb(217, 221, 227)"
    assert page.locator("form#page-edit-form").count() == 1
    watcher.assert_clean()
