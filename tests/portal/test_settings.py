"""Settings: production refuses to start without SECRET_KEY, and passes `check --deploy`."""

import os
import subprocess
import sys

import pytest

SAFE_KEY = "x" * 20 + "-production-test-key-" + "y" * 20


def run(args, **env):
    dropped = ("SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    clean.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], env=clean, capture_output=True, text=True, timeout=120)


def test_production_refuses_to_start_without_secret_key():
    result = run(["check"], DJANGO_SETTINGS_MODULE="portal.settings.production", ALLOWED_HOSTS="portal.example.vn")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = run(["check"], DJANGO_SETTINGS_MODULE="portal.settings.production", ALLOWED_HOSTS="portal.example.vn",
                 SECRET_KEY="short")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = run(["check", "--deploy", "--fail-level", "WARNING"], DJANGO_SETTINGS_MODULE="portal.settings.production",
                 SECRET_KEY=SAFE_KEY, ALLOWED_HOSTS="portal.example.vn",
                 DATABASE_URL="postgres://postgres@127.0.0.1:5432/test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_migrate_alone_gives_a_home_page_and_a_site():
    from wagtail.models import Site

    from portal.models import HomePage

    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.root_page.live


def test_healthz_checks_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_healthz_reports_a_broken_database(client, db, monkeypatch):
    from portal import views

    class DownConnection:
        def cursor(self):
            raise RuntimeError("database is down")

    monkeypatch.setattr(views, "connection", DownConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "down", "cache": "ok"}
