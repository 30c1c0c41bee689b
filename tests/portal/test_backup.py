"""bin/backup-db and bin/restore-db, end to end on PostgreSQL: a migrated demo portal is dumped, restored into another
database, and the copy has the same pages; old dumps are removed, recent ones kept.

It works on scratch databases of its own (not the test database), so it runs in the SQLite run and in the PostgreSQL
run alike; it needs pg_dump and a PostgreSQL server on 127.0.0.1:5432 (user postgres), as CI has.
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from tests.conftest import require

ROOT = Path(__file__).resolve().parent.parent.parent
SERVER = "postgresql://postgres@127.0.0.1:5432"
DAY = 24 * 60 * 60


def admin_connection():
    return psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=5)


def server_answers():
    try:
        with admin_connection():
            return True
    except psycopg.OperationalError:
        return False


def counts(url):
    with psycopg.connect(url) as connection:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 - fixed names
            for table in ("wagtailcore_page", "news_articlepage", "wagtaildocs_document", "dossiers_dossier")
        } | {
            "titles": connection.execute("SELECT array_agg(title ORDER BY path) FROM wagtailcore_page").fetchone()[0],
        }


def run(command, env, timeout=300):
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture
def scratch_databases(migrated_postgres):
    """The source, already migrated (a copy of the session's migrated template database), and an empty destination."""
    require(shutil.which("pg_dump") and shutil.which("pg_restore"),
            "pg_dump and pg_restore are not installed (apt-get install postgresql-client); backup test skipped.")
    require(server_answers(), f"PostgreSQL does not answer at {SERVER}; backup test skipped.")
    names = [f"portal_backup_src_{os.getpid()}", f"portal_backup_dst_{os.getpid()}"]
    with admin_connection() as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    try:
        migrated_postgres.database(f"{SERVER}/{names[0]}")
        with admin_connection() as admin:
            admin.execute(f'CREATE DATABASE "{names[1]}"')
        yield [f"{SERVER}/{name}" for name in names]
    finally:
        with admin_connection() as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_nightly_dump_restores_into_an_identical_database(scratch_databases, tmp_path):
    source, destination = scratch_databases
    backup_dir = tmp_path / "backups"
    backup_dir.mkdir()
    environment = {
        key: value for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CACHE_URL", "DJANGO_SETTINGS_MODULE", "PORTAL_S3_BUCKET"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="portal.settings.dev", MEDIA_ROOT=str(tmp_path / "media"),
        BACKUP_DIR=str(backup_dir), BACKUP_KEEP_DAYS="14",
    )

    # A portal with content: migrations (the fixture's), then the demo (pages, articles, documents, dossiers).
    django = {**environment, "DATABASE_URL": source}
    run([sys.executable, "manage.py", "load_demo"], django)
    before = counts(source)
    assert before["news_articlepage"] > 0 and before["wagtaildocs_document"] > 0

    # Yesterday's dumps stay; those older than BACKUP_KEEP_DAYS go; files that are not dumps are left alone.
    recent = backup_dir / "portal-20250101-020000.dump"
    old = backup_dir / "portal-20241201-020000.dump"
    unrelated = backup_dir / "notes.txt"
    for path, age_days in ((recent, 1), (old, 20), (unrelated, 40)):
        path.write_bytes(b"older file")
        os.utime(path, (time.time() - age_days * DAY, time.time() - age_days * DAY))

    dump = Path(run(["sh", "bin/backup-db"], {**environment, "DATABASE_URL": source}).strip())
    assert dump.parent == backup_dir and dump.name.startswith("portal-") and dump.suffix == ".dump"
    assert dump.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    assert oct(dump.stat().st_mode & 0o777) == oct(0o600)  # readers' names and e-mails inside
    assert recent.exists() and unrelated.exists()
    assert not old.exists()
    assert not list(backup_dir.glob("*.partial"))

    run(["sh", "bin/restore-db", str(dump)], {**environment, "DATABASE_URL": destination})
    assert counts(destination) == before

    # Restoring again over a database that already has the tables (the usual disaster case) works too.
    run(["sh", "bin/restore-db", str(dump)], {**environment, "DATABASE_URL": destination})
    assert counts(destination) == before


def test_restore_refuses_a_missing_file():
    result = subprocess.run(["sh", "bin/restore-db", "/nonexistent/portal.dump"], cwd=ROOT, capture_output=True,
                            text=True, env={**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1/none"},
                            check=False)
    assert result.returncode == 2
    assert "usage" in result.stderr
