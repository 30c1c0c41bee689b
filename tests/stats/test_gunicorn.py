"""Several real gunicorn worker processes, 64 concurrent connections: exact totals, no 5xx, no lock errors."""

import importlib.util
import os
from pathlib import Path

import pytest
from django.db import connection

# bench/visits.py, the benchmark's harness, loaded by path (bench/ is not a package).
_spec = importlib.util.spec_from_file_location(
    "stats_bench_visits", Path(__file__).resolve().parent.parent.parent / "bench" / "visits.py")
visits = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(visits)

pytestmark = pytest.mark.django_db

N = 400


def _postgres_url():
    settings_dict = connection.settings_dict
    user = settings_dict["USER"] or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}_gunicorn"


def fresh_database(request):
    """What visits.fresh_database makes (a migrated database with one published article), from an already migrated
    database: a copy of the test database as migrations left it (SQLite) or of the session's migrated template."""
    if connection.vendor == "postgresql":
        db_url = request.getfixturevalue("migrated_postgres").database(_postgres_url())
    else:
        db_url = f"sqlite:///{request.getfixturevalue('migrated_sqlite_file')}"
    article_id, path = visits.manage(db_url, code=visits.MAKE_ARTICLE).strip().splitlines()[-1].split()
    return db_url, int(article_id), path


def test_four_gunicorn_workers_count_exactly(tmp_path, request):
    db_url, article_id, path = fresh_database(request)
    log = tmp_path / "gunicorn.log"
    server = visits.Server(db_url, counting=True, workers=4, log_path=log)
    try:
        statuses = visits.exact_visits(server.url, path, N, connections=64)
    finally:
        server.stop()
    assert statuses.count(200) == N
    counted = visits.counts(db_url, article_id)
    assert counted == {"visits": N, "page_views": N, "views": N}
    assert "database is locked" not in log.read_text()
    assert os.path.exists(log)
