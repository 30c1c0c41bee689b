"""Two application hosts (two gunicorn instances on two ports) sharing one PostgreSQL database and one Redis:
a page published through one is fresh on the other at once, visits counted on both add up exactly, and a
comment rate limit reached on one holds on the other."""

import importlib.util
import json
import os
import re
import time
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener, urlopen

from django.conf import settings
from django.db import connection

from news.guard import fill_token
from tests.conftest import require

ROOT = Path(__file__).resolve().parent.parent.parent
_spec = importlib.util.spec_from_file_location("stats_bench_visits", ROOT / "bench" / "visits.py")
visits = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(visits)

REDIS_URL = os.environ.get("PORTAL_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
UA = visits.BROWSER_UA


def _postgres_url():
    if connection.vendor == "postgresql":
        data = connection.settings_dict
        password = f":{data['PASSWORD']}" if data["PASSWORD"] else ""
        return (f"postgres://{data['USER'] or 'postgres'}{password}@{data['HOST'] or '127.0.0.1'}:"
                f"{data['PORT'] or 5432}/{data['NAME']}_two_hosts")
    return "postgres://postgres@127.0.0.1:5432/portal_two_hosts"


def _reachable(postgres_url):
    try:
        import psycopg

        with psycopg.connect(postgres_url.rsplit("/", 1)[0] + "/postgres", connect_timeout=3):
            return True
    except Exception:
        return False


def _redis_ready():
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3)
        client.flushdb()
        return True
    except Exception:
        return False


def start_host(db_url, log_path):
    """One application host: gunicorn (2 workers) with the shared database and Redis and the page cache on."""
    extra = {"CACHE_URL": REDIS_URL, "PORTAL_PAGE_CACHE_SECONDS": "15", "SECRET_KEY": settings.SECRET_KEY}
    return visits.Server(db_url, counting=True, workers=2, log_path=log_path, extra_env=extra)


# The public name both hosts answer to, as nginx passes it on (`proxy_set_header Host $host`).
PUBLIC_HOST = "localhost"


def fetch(url, xff="192.0.2.1", data=None, headers=None, opener=None):
    headers = {"User-Agent": UA, "X-Forwarded-For": xff, "Host": PUBLIC_HOST, **(headers or {})}
    request = Request(url, data=data, headers=headers)
    try:
        with (opener.open if opener else urlopen)(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read().decode()
    except HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def login(host, username, password):
    opener = build_opener(HTTPCookieProcessor(CookieJar()))
    _, _, page = fetch(host.url + "/admin/login/", opener=opener)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password, "next": "/admin/"})
    status, _, _ = fetch(host.url + "/admin/login/", data=form.encode(), opener=opener,
                         headers={"Referer": f"http://{PUBLIC_HOST}/admin/login/", "Origin": f"http://{PUBLIC_HOST}"})
    assert status == 200
    return opener


def publish_through(host, opener, page_id):
    """Publish the page's latest revision with the admin's bulk "publish" action on this host."""
    url = f"{host.url}/admin/bulk/wagtailcore/page/publish/?id={page_id}&next=/admin/"
    _, _, form_page = fetch(url, opener=opener)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page).group(1)
    status, _, _ = fetch(url, data=urlencode({"csrfmiddlewaretoken": token}).encode(), opener=opener,
                         headers={"Referer": url.replace(host.url, f"http://{PUBLIC_HOST}"),
                                  "Origin": f"http://{PUBLIC_HOST}"})
    assert status == 200


SETUP = """
from django.contrib.auth import get_user_model
get_user_model().objects.create_superuser("hai_may", "hm@example.vn", "mat-khau-hai-may-2026")
"""

DRAFT = """
from news.models import ArticlePage
page = ArticlePage.objects.get(pk=ARTICLE)
page.title = "Tiêu đề mới từ máy thứ nhất"
page.save_revision()
"""


def test_two_hosts_share_pages_counts_and_limits(tmp_path, migrated_postgres):
    postgres_url = _postgres_url()
    require(_reachable(postgres_url), "PostgreSQL is not reachable on 127.0.0.1:5432")
    require(_redis_ready(), f"Redis is not reachable at {REDIS_URL}")
    # What visits.fresh_database makes (migrated, one published article), from the session's migrated template.
    db_url = migrated_postgres.database(postgres_url)
    article_id, path = visits.manage(db_url, code=visits.MAKE_ARTICLE).strip().splitlines()[-1].split()
    article_id = int(article_id)
    visits.manage(db_url, code=SETUP)
    one, two = start_host(db_url, tmp_path / "one.log"), None
    try:
        two = start_host(db_url, tmp_path / "two.log")

        # Both hosts serve the page from the one shared cache.
        assert fetch(one.url + path)[0] == 200
        status, headers, page = fetch(two.url + path)
        assert status == 200 and headers.get("X-Portal-Cache") == "hit"
        assert "Bài đo tải" in page

        # Published through the first host: fresh on the second at once.
        visits.manage(db_url, code=DRAFT.replace("ARTICLE", str(article_id)))
        publish_through(one, login(one, "hai_may", "mat-khau-hai-may-2026"), article_id)
        _, _, page = fetch(two.url + path)
        assert "Tiêu đề mới từ máy thứ nhất" in page

        # Visits on both add up exactly (distinct readers behind the trusted proxy).
        before = visits.counts(db_url, article_id)
        statuses = (visits.exact_visits(one.url, path, 150, connections=16, prefix="172.20")
                    + visits.exact_visits(two.url, path, 130, connections=16, prefix="172.21"))
        assert statuses.count(200) == 280
        after = visits.counts(db_url, article_id)
        assert after["page_views"] - before["page_views"] == 280
        assert after["visits"] - before["visits"] == 280

        # The comment rate limit (5 per reader per 10 minutes) is shared: hosts take turns, the 6th is refused.
        answers = []
        for n in range(6):
            host = (one, two)[n % 2]
            form = urlencode({"name": "Lò Văn Sáu", "email": "sau@example.vn", "body": f"Ý kiến số {n}",
                              "website": "", "rendered": fill_token(article_id, time.time() - 10)}).encode()
            status, _, body = fetch(f"{host.url}/binh-luan/{article_id}/", xff="203.0.113.77", data=form,
                                    headers={"Origin": f"http://{PUBLIC_HOST}", "Accept": "application/json"})
            answers.append(status)
        assert answers == [200, 200, 200, 200, 200, 429], answers
        assert json.loads(body)["ok"] is False
    finally:
        one.stop()
        if two is not None:
            two.stop()
