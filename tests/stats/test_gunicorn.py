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


def test_four_gunicorn_workers_count_exactly(tmp_path):
    postgres_url = _postgres_url() if connection.vendor == "postgresql" else None
    db_url, article_id, path = visits.fresh_database(
        "postgres" if postgres_url else "sqlite", str(tmp_path), postgres_url=postgres_url)
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
