"""The editorial admin is Vietnamese: an editor walks every screen and no English admin word shows.

On each screen the visible text (document.body.innerText, after the page's JavaScript has drawn the
sidebar and panels) is searched for the English words of the admin's vocabulary below; a screenshot of
each screen goes to test-artifacts/admin-vi-*.png. The login page and the dashboard pass axe.
"""

import re

import pytest
from django.urls import NoReverseMatch, reverse

from tests import factories
from tests.browser.conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Words an untranslated Wagtail admin shows everywhere (whole words, case-sensitive).
ENGLISH = [
    "Dashboard", "Pages", "Page", "Edit", "Delete", "Save", "Save draft", "Publish", "Unpublish", "Preview",
    "Settings", "Search", "Status", "Live", "Draft", "Actions", "Sort", "Filter", "Add", "Cancel", "Choose",
    "Upload", "Revisions", "History", "Workflow", "Workflows", "Snippets", "Reports", "Help", "Images",
    "Documents", "Collections", "Users", "Groups", "Sites", "Account", "Log out", "Sign in", "Title",
    "Content", "Promote", "Comments", "Approve", "Request changes", "Compare", "Schedule", "Privacy",
    "Locked", "Unlock", "Usage", "Apply filters", "Close", "More actions", "Yes", "Create", "Type", "Updated",
    "Collection", "Tags", "Password", "Profile", "Notifications", "Language", "Back", "Next", "Previous",
]
ENGLISH_RE = re.compile(r"(?<![\w-])(?:" + "|".join(sorted(map(re.escape, ENGLISH), key=len, reverse=True))
                        + r")(?![\w-])")
PASSWORD = "mat-khau-bien-tap"
PROJECT_APPS = ("portal", "news", "dossiers", "stats", "questions", "organisation", "publications")


def english_words(page):
    text = page.evaluate("document.body.innerText")
    return sorted(set(ENGLISH_RE.findall(text)))


def settle(page):
    page.wait_for_load_state("load")
    page.wait_for_timeout(400)  # the React sidebar and the Stimulus controllers draw after load


class Walk:
    """Visits screens, collecting the English words each one shows; the test fails once, listing all."""

    def __init__(self, page, base_url):
        self.page, self.base_url, self.found, self.screens = page, base_url, {}, []

    def check(self, name):
        settle(self.page)
        screenshot(self.page, f"admin-vi-{name}")
        self.screens.append(name)
        words = english_words(self.page)
        if words:
            self.found[f"{name} ({self.page.url})"] = words

    def visit(self, name, path):
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.status < 400, f"{name}: {path} answered {response and response.status}"
        self.check(name)


def project_admin_urls():
    """The index screen of every admin viewset the project's apps register (dossiers, banners, questions, …)."""
    from wagtail.admin.viewsets import viewsets

    urls = {}
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        modules = {type(viewset).__module__, getattr(model, "__module__", "")}
        if not any(module.split(".")[0] in PROJECT_APPS for module in modules):
            continue
        try:
            urls[viewset.name] = reverse(viewset.get_url_name("index"))
        except NoReverseMatch:
            continue
    return urls


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("bientap", "bientap@example.vn", PASSWORD,
                                                      first_name="Biên", last_name="Tập")


@pytest.fixture
def site_content(editor):
    home = factories.home_page()
    category = factories.category(home, "Tin tức")
    article = factories.article(category, title="Bài viết để sửa", live=False)
    image = factories.image("Ảnh đại diện bài viết")
    banner = factories.banner()
    return {"home": home, "category": category, "article": article, "image": image, "banner": banner}


def log_in(page, base_url):
    page.goto(base_url + "/admin/login/")
    settle(page)
    page.fill("#id_username", "bientap")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def test_login_page_is_vietnamese_and_accessible(live_server, browser_page):
    page = browser_page
    page.goto(live_server.url + "/admin/login/")
    settle(page)
    assert page.locator("html").get_attribute("lang") == "vi"
    assert english_words(page) == []
    screenshot(page, "admin-vi-login")
    assert axe_violations(page) == []


def test_editor_walks_the_admin_in_vietnamese(live_server, browser_page, editor, site_content):
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask, Workflow

    page, base = browser_page, live_server.url
    log_in(page, base)
    walk = Walk(page, base)
    article, category = site_content["article"], site_content["category"]

    walk.check("dashboard")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert axe_violations(page) == []

    walk.visit("explorer-root", "/admin/pages/")
    walk.visit("explorer", f"/admin/pages/{category.pk}/")
    page.get_by_role("button", name=re.compile("Trang")).first.click()  # the sidebar's page explorer
    walk.check("explorer-menu")

    # Creating an article: every tab, then a validation error.
    walk.visit("article-create", f"/admin/pages/add/news/articlepage/{category.pk}/")
    for tab in page.locator("[role=tab]").all():
        tab.click()
        walk.check(f"article-create-tab-{tab.get_attribute('id') or 'x'}")
    page.locator("[role=tab]").first.click()
    with page.expect_navigation():
        page.locator("button.action-save").first.click()  # "Lưu bản nháp" with an empty form
    settle(page)
    assert page.locator(".help-critical, .w-field__errors, [data-w-messages-target] .error, .messages .error").count()
    walk.check("article-validation-error")

    # Editing: save a draft, preview, schedule, publish.
    edit = f"/admin/pages/{article.pk}/edit/"
    walk.visit("article-edit", edit)
    page.fill("#id_title", "Bài viết đã sửa")
    with page.expect_navigation():
        page.locator("button.action-save").first.click()
    walk.check("article-saved-draft")
    for panel in ("preview", "status", "checks"):
        toggle = page.locator(f"[data-side-panel-toggle='{panel}']")
        if toggle.count():
            toggle.first.click()
            page.wait_for_timeout(800)
            walk.check(f"article-panel-{panel}")
            toggle.first.click()
    page.locator("[data-side-panel-toggle='status']").first.click()
    schedule = page.locator("[data-a11y-dialog-show='schedule-publishing-dialog']")
    if schedule.count():
        schedule.first.click()
        walk.check("article-schedule-dialog")
        page.keyboard.press("Escape")
    walk.visit("article-edit-again", edit)
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()  # the footer's more-actions menu
    walk.check("article-actions-menu")
    with page.expect_navigation():
        page.locator("button[name=action-publish]").click()
    walk.check("article-published")

    walk.visit("article-history", f"/admin/pages/{article.pk}/history/")
    revisions = list(article.revisions.order_by("created_at").values_list("pk", flat=True))
    if len(revisions) >= 2:
        walk.visit("article-compare",
                   reverse("wagtailadmin_pages:revisions_compare", args=(article.pk, revisions[0], revisions[-1])))
    walk.visit("article-revision-view",
               reverse("wagtailadmin_pages:revisions_view", args=(article.pk, revisions[0])))

    # Images and documents: upload screens, listings, and the choosers in the editor.
    walk.visit("images", "/admin/images/")
    walk.visit("images-upload", "/admin/images/multiple/add/")
    walk.visit("image-edit", f"/admin/images/{site_content['image'].pk}/")
    walk.visit("documents", "/admin/documents/")
    walk.visit("documents-upload", "/admin/documents/multiple/add/")
    walk.visit("article-edit-for-choosers", edit)
    chooser = page.locator("[data-chooser-action-choose]").first
    if chooser.count():
        chooser.click()
        page.locator(".modal-content .modal-body").first.wait_for(state="visible")
        page.wait_for_timeout(800)
        walk.check("image-chooser")
        page.keyboard.press("Escape")

    # Snippets, settings, users, account.
    walk.visit("snippets", "/admin/snippets/")
    walk.visit("banner-edit", reverse("wagtailsnippets_portal_banner:edit", args=(site_content["banner"].pk,)))
    walk.visit("site-settings", "/admin/settings/portal/portalsettings/")
    walk.visit("users", "/admin/users/")
    walk.visit("account", "/admin/account/")
    walk.visit("reports-locked", "/admin/reports/locked/")
    walk.visit("workflows", "/admin/workflows/list/")

    # The project's own admin screens, as they exist: comments, visit statistics, dossiers, …
    for name in ("news_comments:queue", "stats_report"):
        try:
            walk.visit(name.replace(":", "-"), reverse(name))
        except NoReverseMatch:
            pass
    for name, url in sorted(project_admin_urls().items()):
        walk.visit(f"app-{name}", url)

    # Workflow approval of a submitted page.
    submitted = factories.article(category, title="Bài viết chờ duyệt", live=False)
    moderators, _ = Group.objects.get_or_create(name="Biên tập viên")
    task = GroupApprovalTask.objects.create(name="Lãnh đạo duyệt")
    task.groups.add(moderators)
    workflow = Workflow.objects.create(name="Duyệt tin bài", active=True)
    workflow.workflow_tasks.create(task=task, sort_order=0)
    workflow.save()  # a ClusterableModel: its child relation is written on save
    workflow.start(submitted, editor)
    walk.visit("dashboard-awaiting-review", "/admin/")
    walk.visit("workflow-edit-submitted", f"/admin/pages/{submitted.pk}/edit/")
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    walk.check("workflow-actions")
    page.locator("footer [data-workflow-action-name='approve'][data-workflow-action-modal-url]").first.click()
    page.locator(".modal-content textarea").first.wait_for(state="visible")
    walk.check("workflow-approve-dialog")
    with page.expect_navigation():
        page.locator(".modal-content button[type=submit]").last.click()
    walk.check("workflow-approved")
    submitted.refresh_from_db()
    assert submitted.live
    walk.visit("workflow-history", f"/admin/pages/{submitted.pk}/workflow_history/")

    assert len(walk.screens) >= 25
    assert not walk.found, "English admin words on screen:\n" + "\n".join(
        f"  {screen}: {', '.join(words)}" for screen, words in walk.found.items())
