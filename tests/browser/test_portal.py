"""A citizen's walk through the portal in Chromium: home → category → article → back to the top,
at phone and desktop widths, with axe and the Nu validator on every page type."""

import urllib.request

import pytest

from tests import factories
from tests.browser.conftest import axe_violations, nu_errors, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(scope="module")
def portal(module_db):
    """Built once for the module (see `module_db` in conftest.py): its tests only read it."""
    home = factories.home_page()
    news = factories.category(home, "Tin tức - Sự kiện")
    party = factories.category(home, "Xây dựng Đảng")
    picture = factories.image("Ruộng bậc thang", 1200, 800, (60, 120, 70))
    for n in range(1, 15):
        factories.article(
            party if n % 5 else news, title=f"Bài viết số {n} về hoạt động của huyện",
            date=factories.local_dt(2024, 3, n, 8, 30), author="Lò Văn Thành", feed_image=picture,
            legacy_views=1000 * n, legacy_rating_total=4 * n, legacy_rating_count=n,
            body=[("paragraph", "<h2>Kết quả</h2><p>" + "Nội dung chi tiết của bài viết. " * 40 + "</p>"),
                  ("table", {"data": [["Xã", "Số hộ"], ["Bum Tở", "1.250"]], "first_row_is_table_header": True,
                             "first_col_is_header": False, "table_caption": "Số hộ theo xã"}),
                  ("quote", {"text": "Đoàn kết, đoàn kết, đại đoàn kết.", "attribution": "Trích phát biểu"})],
        )
    factories.banner("Bản đồ hành chính", alt_text="Bản đồ hành chính các xã của huyện")
    article = party.get_children().live().last().specific
    return {"home": "/", "category": party.url, "article": article.url, "article_title": article.title}


def test_citizen_walks_home_category_article_and_back_to_top(browser_page, module_live_server, portal):
    page = browser_page
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(module_live_server.url + "/")
        screenshot(page, f"home-{width}")
        page.get_by_role("navigation", name="Menu chính").get_by_role("link", name="Xây dựng Đảng").click()
        page.wait_for_url("**" + portal["category"])
        screenshot(page, f"category-{width}")
        page.get_by_role("link", name=portal["article_title"]).first.click()
        page.wait_for_url("**" + portal["article"])
        assert page.locator("[data-article=published]").inner_text().startswith("Thứ")
        screenshot(page, f"article-{width}")
        # Nothing wider than the screen on a phone: no horizontal scrolling.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # Down by mouse, back up by keyboard.
        page.get_by_role("link", name="Xuống cuối trang").click()
        # Wait for the smooth scroll to reach the bottom and come to rest before turning back: a fragment link
        # followed while the last frames of the previous smooth scroll are still running can be swallowed by it.
        page.wait_for_function(
            """() => {
                const y = window.scrollY;
                const atBottom = y + window.innerHeight >= document.documentElement.scrollHeight - 2;
                const still = window.__lastScrollY === y;
                window.__lastScrollY = y;
                return atBottom && still;
            }""", polling=150
        )
        page.get_by_role("link", name="Lên đầu trang").focus()
        page.keyboard.press("Enter")
        # A function: a bare expression would be eval()ed in the page, which its CSP refuses.
        page.wait_for_function("() => window.scrollY < 5", polling=100)


@pytest.mark.parametrize("which", ["home", "category", "article"])
def test_pages_have_no_axe_violations(browser_page, module_live_server, portal, which):
    for width in (360, 1280):
        browser_page.set_viewport_size({"width": width, "height": 800})
        browser_page.goto(module_live_server.url + portal[which])
        assert axe_violations(browser_page) == []


@pytest.mark.parametrize("which", ["home", "category", "article"])
def test_pages_are_valid_html(module_live_server, portal, which):
    with urllib.request.urlopen(module_live_server.url + portal[which]) as response:
        html = response.read().decode("utf-8")
    assert nu_errors(html) == []


def test_pages_work_without_javascript(playwright_browser, module_live_server, portal):
    context = playwright_browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(module_live_server.url + portal["category"] + "?page=2")
    assert page.locator(".pagination [aria-current=page]").inner_text().strip() == "2"
    page.get_by_role("link", name="Trang 1").click()
    page.get_by_role("link", name=portal["article_title"]).first.click()
    assert page.locator("[data-article=rating]").inner_text().startswith("Tổng số điểm của bài viết là:")
    context.close()
