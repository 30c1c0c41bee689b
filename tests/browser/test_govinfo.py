"""Documents, procedures, organisation, questions and contact pages in Chromium: keyboard use at 360 px,
the question form, and axe + the Nu validator on every new page type."""

import io

import pytest

from tests import factories
from tests.browser.conftest import axe_violations, nu_errors, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(scope="module")
def demo_site(module_db):
    """Built once for the module (see `module_db` in conftest.py); `demo` puts it back as it was after each test."""
    from django.core.cache import cache

    from dossiers import catalogue_demo
    from dossiers.demo import load_demo_dossiers
    from organisation import demo as organisation_demo
    from publications import demo as publications_demo
    from questions import demo as questions_demo

    cache.clear()
    home = factories.home_page()
    out = io.StringIO()
    load_demo_dossiers(out, count=40)
    for loader in (publications_demo, organisation_demo, questions_demo, catalogue_demo):
        loader.load_demo(out, home)
    return home


@pytest.fixture
def demo(demo_site, settings):
    from django.core.cache import cache

    from questions.models import Question

    cache.clear()
    settings.PORTAL_QUESTIONS_MIN_FILL_SECONDS = 1
    asked_before = set(Question.objects.values_list("pk", flat=True))
    yield demo_site
    Question.objects.exclude(pk__in=asked_before).delete()  # a question a test asked: the next test never sees it
    cache.clear()


def _tab_to(page, selector, limit=60):
    """Press Tab until `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement && document.activeElement.matches('{selector}')"):
            return
    raise AssertionError(f"{selector} never received the keyboard focus")


def test_filter_and_search_documents_with_the_keyboard_at_360px(demo, module_live_server, browser_page):
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{module_live_server.url}/van-ban/")
    total = int(page.locator('[data-documents="count"]').inner_text())
    assert total == 9
    _tab_to(page, "#documents-q")
    page.keyboard.type("ke hoach su dung dat")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator('[data-documents="count"]').inner_text() == "2"
    # Narrow to the documents still in force, with the keyboard only.
    _tab_to(page, "#documents-status")
    page.keyboard.press("ArrowDown")  # "In force"
    _tab_to(page, ".filter-actions button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator('[data-documents="count"]').inner_text() == "1"
    assert "412" in page.locator("[data-document-result] a").first.inner_text()
    screenshot(page, "govinfo-documents-360")
    assert page.evaluate("() => document.documentElement.scrollWidth <= 361")
    # Remove the search chip: the status filter stays.
    _tab_to(page, '[data-filter-chip="q"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "status=in_force" in page.url and "q=" not in page.url
    assert int(page.locator('[data-documents="count"]').inner_text()) == total - 1
    # Open a result from the keyboard.
    _tab_to(page, "[data-document-result] a")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("[data-field='number']").is_visible()


def test_ask_a_question_and_see_the_confirmation(demo, module_live_server, browser_page):
    from questions.models import Question

    page = browser_page
    page.goto(f"{module_live_server.url}/hoi-dap/")
    form = page.locator("#question-form")
    form.locator("[name=name]").fill("Vàng Thị Dung")
    form.locator("[name=email]").fill("dung@example.vn")
    form.locator("[name=subject]").fill("Đăng ký tạm trú cho người thuê nhà")
    form.locator("[name=question]").fill("Người thuê nhà của gia đình tôi cần đăng ký tạm trú ở đâu?")
    page.wait_for_timeout(1200)  # the minimum fill time, set to one second for the test
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    confirmation = page.locator("[data-question-sent]")
    assert confirmation.is_visible()
    screenshot(page, "govinfo-question-sent")
    question = Question.objects.get(subject="Đăng ký tạm trú cho người thuê nhà")
    assert not question.published
    assert "Đăng ký tạm trú" not in page.content()  # private: not listed


def _pages():
    from dossiers.models import Procedure
    from publications.models import LegalDocumentPage
    from questions.models import Question

    return {
        "documents": "/van-ban/",
        "document": LegalDocumentPage.objects.get(number="198/QĐ-UBND").url,
        "procedures": "/thu-tuc-hanh-chinh/?field=H%E1%BB%99+t%E1%BB%8Bch",
        "procedure": f"/thu-tuc-hanh-chinh/{Procedure.objects.order_by('code').first().code}/",
        "questions": "/hoi-dap/",
        "question": f"/hoi-dap/{Question.objects.published().first().pk}/",
        "general": "/gioi-thieu/",
        "chart": "/gioi-thieu/co-cau-to-chuc/",
        "english": "/introduction/",
        "contact": "/lien-he/",
        "contact-sent": "/lien-he/?sent=1",
    }


def test_axe_and_nu_on_every_new_page_type(demo, module_live_server, browser_page):
    problems = {}
    for name, path in _pages().items():
        browser_page.goto(f"{module_live_server.url}{path}")
        violations = axe_violations(browser_page)
        errors = nu_errors(_source(module_live_server.url + path))
        if violations or errors:
            problems[name] = {"axe": violations, "nu": errors}
    assert problems == {}


def _source(url):
    from urllib.request import urlopen

    with urlopen(url) as response:  # noqa: S310 - the test's own live server
        return "<!DOCTYPE html>" + response.read().decode("utf-8").split("<!DOCTYPE html>", 1)[-1]
