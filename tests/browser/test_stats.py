"""The "Thống kê truy cập" block in a real browser: readable at 360 px, no axe violations, no Nu errors."""

import pytest
from django.core.management import call_command

from tests import factories
from tests.browser.conftest import axe_violations, nu_errors, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_visit_stats_block(live_server, browser_page):
    home = factories.home_page()
    call_command("set_visit_baseline", "--total", "9615404")
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(live_server.url + home.url)
    block = page.locator(".visit-stats")
    block.scroll_into_view_if_needed()
    assert block.is_visible()
    assert page.locator('[data-stat="total"]').inner_text() == "9.615.404"
    for name in ("online", "bots", "guests", "today", "month", "total"):
        figure = page.locator(f'[data-stat="{name}"]')
        box = figure.bounding_box()
        assert box and box["width"] > 0 and box["x"] + box["width"] <= 360, name
    # Nothing overflows the narrow screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "stats-block-360", width=360)
    assert axe_violations(page) == []
    assert nu_errors(page.content()) == []
