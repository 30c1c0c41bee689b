"""Shared fixtures. Factories live in tests/factories.py."""

import os
import shutil

import pytest
from django.db import connection

from tests import factories

IN_CI = bool(os.environ.get("CI"))


def require(condition, message):
    """Skip on a developer's laptop when something optional is missing; fail in CI, where nothing may skip."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI needs this, and it is missing: {message}")
    pytest.skip(message)


def page_queries(captured):
    """Queries made to build the page (the visit counter's own writes are measured in tests/stats)."""
    return len([q for q in captured.captured_queries if '"stats_' not in q["sql"]])


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def home(db):
    return factories.home_page()


@pytest.fixture
def category(home):
    return factories.category(home, "Xây dựng Đảng")


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium") or "/usr/bin/chromium"
    require(os.path.exists(path), "Chromium is not installed (apt-get install chromium); browser tests skipped.")
    return path


def pytest_collection_modifyitems(items):
    """Transactional tests (live server, threads, processes) flush the database afterwards; restore what
    the migrations put there (home page, Site, root collection, Wagtail's groups) for the tests after them."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = "live_server" in getattr(item, "fixturenames", ()) or (
            marker is not None and marker.kwargs.get("transaction")
        )
        if transactional and not (marker and marker.kwargs.get("serialized_rollback")):
            kwargs = {**(marker.kwargs if marker else {}), "transaction": True, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(*(marker.args if marker else ()), **kwargs), append=False)
