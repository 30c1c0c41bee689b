"""Search from the header (phone width, keyboard), results and tag pages checked by axe and the Nu validator,
and an article printed without the portal's navigation."""

import urllib.parse
import urllib.request

import pytest

from tests import factories
from tests.browser.conftest import axe_violations, nu_errors, screenshot
from tests.news.search_helpers import article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(scope="module")
def portal(module_db):
    """Built once for the module (see `module_db` in conftest.py): its tests only read it."""
    home = factories.home_page()
    party = factories.category(home, "Xây dựng Đảng")
    picture = factories.image("Ruộng bậc thang", 1200, 800, (60, 120, 70))
    pages = [
        article(party, f"Đảng bộ xã Bum Nưa tổng kết năm {2014 + n}", tags=["Đảng bộ", "Bum Nưa"],
                body="Huyện Mường Tè tổ chức hội nghị. " * 20, author="Lò Văn Thành", feed_image=picture,
                date=factories.local_dt(2024, 3, 1 + n, 8))
        for n in range(12)
    ]
    # Other content the site search finds, each with its type named.
    library = factories.document_library(home)
    factories.legal_document(library, number="7-KH/UBND", summary="Kế hoạch phát triển du lịch Mường Tè")
    factories.procedure_catalogue(home)
    factories.procedure(name="Cấp giấy phép kinh doanh lữ hành tại Mường Tè", sector="Du lịch")
    factories.question_index(home)
    factories.question(subject="Làm homestay du lịch cần giấy tờ gì?", answer="<p>Đăng ký kinh doanh.</p>",
                       published=True)
    return {"article": pages[-1], "tag_url": "/chu-de/" + urllib.parse.quote(pages[-1].tags.first().slug) + "/"}


def html_of(url):
    with urllib.request.urlopen(url) as response:  # noqa: S310 - the live test server
        return response.read().decode("utf-8")


def search_from_header(page, text):
    page.get_by_role("searchbox").fill(text)
    page.get_by_role("searchbox").press("Enter")
    page.wait_for_url("**/tim-kiem/?q=*")


def test_search_from_the_header_on_a_phone(browser_page, module_live_server, portal):
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(module_live_server.url + "/")
    assert page.get_by_role("searchbox").is_visible()
    search_from_header(page, "dang bo bum nua")
    assert page.locator("[data-search=count]").inner_text() == "12"
    assert page.locator("[data-search-result]").count() == 10
    assert page.locator("[data-search-result] mark").count() > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "search-results-360")
    page.locator("[data-search-result]").first.locator("a[href]").first.click()
    page.wait_for_url("**" + portal["article"].url)


def test_search_by_keyboard(browser_page, module_live_server, portal):
    page = browser_page
    page.goto(module_live_server.url + portal["article"].url)
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-search-q":
            break
    assert page.evaluate("document.activeElement.id") == "site-search-q"
    page.keyboard.type("MƯỜNG TÈ")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tim-kiem/?q=*")
    assert page.locator("[data-search=count]").inner_text() == "12"
    page.keyboard.press("Tab")  # the skip link comes first, as on every page
    assert page.evaluate("document.activeElement.className") == "skip-link"


@pytest.mark.parametrize("path, name", [("/tim-kiem/?q=m%C6%B0%E1%BB%9Dng+t%C3%A8", "search-results"),
                                        ("/tim-kiem/?q=kh%C3%B4ng+c%C3%B3", "search-empty"),
                                        ("/tim-kiem/", "search-blank"),
                                        ("/tim-kiem/?q=du+lich", "search-other-types"),
                                        (None, "tag-page")])
def test_search_and_tag_pages_pass_axe_and_nu(browser_page, module_live_server, portal, path, name):
    path = path or portal["tag_url"]
    page = browser_page
    page.goto(module_live_server.url + path)
    if name == "search-empty":
        assert page.locator("[data-search=count]").inner_text() == "0"
    if name == "tag-page":
        assert page.locator(".card").count() == 10
    if name == "search-other-types":
        assert page.locator("[data-search-section]").count() == 3
    screenshot(page, name)
    assert axe_violations(page) == []
    assert nu_errors(html_of(module_live_server.url + path)) == []


def test_article_passes_axe_and_nu_with_share_links(browser_page, module_live_server, portal):
    page = browser_page
    url = module_live_server.url + portal["article"].url
    page.goto(url)
    assert page.locator("[data-share=copy]").is_visible() and page.locator("[data-print]").is_visible()
    assert axe_violations(page) == []
    assert nu_errors(html_of(url)) == []


def test_printed_article_has_no_navigation(browser_page, module_live_server, portal):
    page = browser_page
    page.goto(module_live_server.url + portal["article"].url)
    page.emulate_media(media="print")
    for selector in (".main-menu", ".sidebar", ".site-search", ".share-links", ".comments", ".jump-links",
                     ".breadcrumbs"):
        assert not page.locator(selector).first.is_visible(), selector
    for selector in (".article-title", "[data-article=published]", "[data-article=author]", ".article-body",
                     ".article-hero img", ".print-source", ".brand-title"):
        assert page.locator(selector).first.is_visible(), selector
    assert portal["article"].url in page.locator(".print-source").inner_text()
    screenshot(page, "article-print")
