"""Shared fixtures. Factories live in tests/factories.py."""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.db import connection

from tests import factories

IN_CI = bool(os.environ.get("CI"))
ROOT = Path(__file__).resolve().parent.parent
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"  # where the tests' own scratch databases go, as in CI
_MIGRATED = {}


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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    """pytest-django's test database; on SQLite, also a copy of it as the migrations left it, for the tests whose
    subprocesses need a migrated database file of their own (see `migrated_sqlite_file`)."""
    from django.db import connections

    default = connections["default"]
    if default.vendor == "sqlite":
        with django_db_blocker.unblock():
            default.ensure_connection()
            path = tmp_path_factory.mktemp("migrated") / "migrated.sqlite3"
            copy = sqlite3.connect(path)
            try:
                default.connection.backup(copy)
            finally:
                copy.close()
        _MIGRATED["sqlite"] = path
    yield


@pytest.fixture
def migrated_sqlite_file(tmp_path, django_db_setup):
    """A SQLite file with every migration applied, for a `manage.py` subprocess (DATABASE_URL=sqlite:///<it>):
    a copy of the freshly migrated test database on SQLite, else (PostgreSQL runs) `manage.py migrate` makes it."""
    path = tmp_path / "migrated.sqlite3"
    if "sqlite" not in _MIGRATED:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        _MIGRATED["sqlite"] = tmp_path.parent / "migrated-by-manage-py.sqlite3"  # for the next test that needs one
        shutil.copyfile(path, _MIGRATED["sqlite"])
        return path
    shutil.copyfile(_MIGRATED["sqlite"], path)
    return path


class MigratedPostgres:
    """A PostgreSQL database on POSTGRES_SERVER with every migration applied, from which `database(url)` makes the
    scratch databases of the tests whose subprocesses (gunicorn, manage.py, pg_dump) need one (CREATE DATABASE …
    TEMPLATE: a fraction of a second, where `manage.py migrate` takes some twenty).

    `manage.py migrate` runs once, in the background from the end of the collection (pytest_collection_finish)
    when a collected test takes the `migrated_postgres` fixture, so that it is ready by the time they run; the
    template is dropped at the end of the session.
    """

    def __init__(self):
        self.name = f"portal_test_migrated_{os.getpid()}"
        self.process = self.log = self.unavailable = None
        self.ready = False

    @staticmethod
    def _admin():
        import psycopg

        return psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True, connect_timeout=5)

    def start(self):
        if self.process is not None or self.unavailable:
            return
        try:
            with self._admin() as admin:
                names = admin.execute("SELECT datname FROM pg_database WHERE datname LIKE 'portal_test_migrated_%'")
                for (name,) in names.fetchall():
                    if name == self.name or not _alive(int(name.rsplit("_", 1)[1])):  # left by a killed session
                        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                admin.execute(f'CREATE DATABASE "{self.name}"')
        except Exception as error:  # noqa: BLE001 - no server here: the tests that need one say so
            self.unavailable = f"PostgreSQL does not answer at {POSTGRES_SERVER} ({error})"
            return
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, stdin=subprocess.DEVNULL,
            stdout=self.log, stderr=subprocess.STDOUT, env=_manage_env(f"{POSTGRES_SERVER}/{self.name}"),
            preexec_fn=die_with_parent,
        )

    def wait(self):
        self.start()
        require(not self.unavailable, self.unavailable)
        if not self.ready:
            status = self.process.wait(timeout=900)
            if status:
                self.log.seek(0)
                raise RuntimeError(f"manage.py migrate failed:\n{self.log.read().decode(errors='replace')[-3000:]}")
            self.ready = True

    def database(self, url):
        """(Re)create the database `url` names, migrated: a copy of the template when it is on the same server."""
        server, name = url.rsplit("/", 1)
        if server.replace("postgresql://", "postgres://") != POSTGRES_SERVER:
            import psycopg

            with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=5) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                admin.execute(f'CREATE DATABASE "{name}"')
            subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT,
                           env=_manage_env(url), check=True, capture_output=True)
            return url
        self.wait()
        with self._admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.name}"')
        return url

    def stop(self):
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.log.close()
        try:
            with self._admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        except Exception:  # noqa: BLE001, S110 - the server went away meanwhile: nothing left to drop
            pass


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def die_with_parent():
    """In a child, before exec: the kernel stops it if pytest itself dies (Linux; elsewhere a no-op)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _manage_env(database_url):
    """The environment of a `manage.py` subprocess on its own database, with the development settings."""
    dropped = {"DATABASE_URL", "CACHE_URL", "DJANGO_SETTINGS_MODULE", "PORTAL_S3_BUCKET"}
    return {**{k: v for k, v in os.environ.items() if k not in dropped},
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev", "DATABASE_URL": database_url}


_POSTGRES_TEMPLATE = MigratedPostgres()


def pytest_collection_finish(session):
    if any("migrated_postgres" in getattr(item, "fixturenames", ()) for item in session.items):
        _POSTGRES_TEMPLATE.start()


def pytest_sessionfinish(session):
    _POSTGRES_TEMPLATE.stop()


@pytest.fixture(scope="session")
def migrated_postgres():
    """See MigratedPostgres: `migrated_postgres.database(url)` gives a freshly migrated PostgreSQL database."""
    return _POSTGRES_TEMPLATE


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
