"""The dossier widget at 360 px; axe and the Nu validator on the report and lookup pages."""

import datetime

import pytest

from dossiers import aggregation, rules
from tests import factories
from tests.browser.conftest import axe_violations, nu_errors, screenshot

# serialized_rollback: the site, home page and settings made by migrations survive the flush.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
D = datetime.date


def _ensure_site():
    """Other transactional tests may have flushed the migrations' site: put one back if so."""
    factories.home_page()


@pytest.fixture(scope="module")
def stored(module_db):
    """Built once for the module (see `module_db` in conftest.py): its tests only read it."""
    from django.utils import timezone

    _ensure_site()

    procedure = factories.procedure("P1", processing_days=3, name="Cấp giấy phép xây dựng nhà ở riêng lẻ")
    factories.procedure("P2", online_level="toan_trinh")
    today = timezone.localdate()
    factories.dossier(procedure, (today.year, today.month, 1, 9), code="HS-TRA-CUU-1", status="processing",
                      applicant_name="Lò Văn Pấng")
    factories.dossier(procedure, (2024, 3, 4, 9), due_date=D(2024, 3, 8), resolved_at=(2024, 3, 7, 10))
    aggregation.refresh(D(2024, 3, 1), rules.CALENDAR_PERIOD)
    aggregation.refresh(today, rules.CALENDAR_PERIOD)


def test_widget_readable_at_360px(stored, module_live_server, browser_page):
    browser_page.set_viewport_size({"width": 360, "height": 800})
    browser_page.goto(f"{module_live_server.url}/ho-so/tra-cuu/")
    widget = browser_page.locator("[data-dossier-widget]")
    widget.scroll_into_view_if_needed()
    assert widget.is_visible()
    box = widget.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    # Nothing in the widget overflows it sideways.
    assert browser_page.evaluate(
        "() => { const w = document.querySelector('[data-dossier-widget]');"
        " return w.scrollWidth <= w.clientWidth + 1; }"
    )
    assert widget.locator('[data-dossier="rate"]').is_visible()
    font_size = browser_page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('[data-dossier=\"received\"]')).fontSize)")
    assert font_size >= 12
    assert browser_page.evaluate("() => document.documentElement.scrollWidth") <= 360
    screenshot(browser_page, "dossiers-widget-360", width=360)


PAGES = [
    "/ho-so/thong-ke/2024-03/", "/ho-so/tra-cuu/?ma=HS-TRA-CUU-1",
    "/ho-so/tra-cuu/", "/ho-so/tra-cuu/?ma=KHONG-CO",
]


@pytest.mark.parametrize("path", PAGES)
def test_report_and_lookup_are_accessible_and_valid(stored, module_live_server, browser_page, path):
    response = browser_page.goto(f"{module_live_server.url}{path}")
    assert response.status in (200, 404)
    assert axe_violations(browser_page) == []
    assert nu_errors(browser_page.content()) == []
