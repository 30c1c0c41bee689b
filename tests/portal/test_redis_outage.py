"""Redis is an accelerator, never a single point of failure: a real redis-server, killed (SIGKILL) and hung (SIGSTOP).

With Redis gone or hanging, every page still answers 200 within 2 s (uncached), /healthz answers 200 naming the
cache "down" (503 with ?strict=1), and the comment, rating and question forms keep working with their limits
counted in the database (core.models.RateCounter). When Redis is back, pages are stored and served from it again.
"""

import os
import shutil
import signal
import socket
import subprocess
import time

import pytest
import redis
from django.test import Client

from core.models import RateCounter
from tests import factories
from tests.conftest import require
from tests.news.feedback_helpers import JSON, comment_data, comment_url, rate_url
from tests.questions.test_questions import form_data as question_data

pytestmark = pytest.mark.django_db

TIMEOUT = 0.25  # the backend's socket timeouts here
RETRY = 0.5  # its circuit breaker's pause
BUDGET = 2.0  # seconds any answer may take, Redis up, gone or hanging


class RedisServer:
    def __init__(self, directory):
        self.directory = directory
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_timeout=0.5)
        for _ in range(100):
            try:
                client.ping()
                return client
            except redis.ConnectionError:
                time.sleep(0.02)
        raise RuntimeError("redis-server did not start")

    def signal(self, number):
        os.kill(self.process.pid, number)

    def kill(self):
        if self.process and self.process.poll() is None:
            self.signal(signal.SIGCONT)
            self.signal(signal.SIGKILL)
            self.process.wait(5)


@pytest.fixture
def redis_server(tmp_path, settings):
    require(shutil.which("redis-server"), "redis-server is not installed (apt-get install redis-server)")
    server = RedisServer(tmp_path)
    server.start()
    settings.CACHES = {"default": {
        "BACKEND": "core.cache.ResilientRedisCache",
        "LOCATION": f"redis://127.0.0.1:{server.port}/0",
        "OPTIONS": {"socket_connect_timeout": TIMEOUT, "socket_timeout": TIMEOUT, "retry_seconds": RETRY},
    }}
    settings.PORTAL_PAGE_CACHE_SECONDS = 15
    settings.PORTAL_COMMENT_RATE_LIMITS = {"comment_ip": (2, 600), "rating_ip": (2, 600)}
    settings.PORTAL_QUESTIONS_RATE_LIMITS = {"question_ip": (2, 3600)}
    yield server
    server.kill()


@pytest.fixture
def site(home, category):
    factories.question_index(home)
    article = factories.article(category, title="Bài viết khi Redis ngừng")
    return {"home": home.url, "category": category.url, "article": article.url, "page": article}


def timed(call, *args, **kwargs):
    started = time.monotonic()
    response = call(*args, **kwargs)
    elapsed = time.monotonic() - started
    assert elapsed < BUDGET, f"{args[0]} took {elapsed:.2f} s"
    return response


def check_pages(site, cache):
    for name in ("home", "category", "article"):
        response = timed(Client().get, site[name])
        assert response.status_code == 200, name
        assert "Bài viết khi Redis ngừng" in response.content.decode()
    health = timed(Client().get, "/healthz")
    assert health.status_code == 200
    assert health.json() == {"status": "ok" if cache == "ok" else "degraded", "database": "ok", "cache": cache}
    assert timed(Client().get, "/healthz", {"strict": "1"}).status_code == (200 if cache == "ok" else 503)


def check_forms(site, ip):
    """Two of each accepted, the third refused: the limits (2 per client address) hold."""
    page = site["page"]
    comments = [timed(Client().post, comment_url(page), comment_data(page), REMOTE_ADDR=ip, **JSON).status_code
                for _ in range(3)]
    ratings = [timed(Client().post, rate_url(page), {"score": "4"}, REMOTE_ADDR=ip, HTTP_USER_AGENT=f"UA{n}")
               .status_code for n in range(3)]
    questions = [timed(Client().post, "/hoi-dap/", question_data(), REMOTE_ADDR=ip).status_code for _ in range(3)]
    assert (comments, ratings, questions) == ([200, 200, 429], [302, 302, 429], [302, 302, 429])


def wait_until_cache_used(site):
    """Once the breaker has let Redis back in: a page is stored, then served from the cache."""
    time.sleep(RETRY)
    Client().get(site["home"])
    assert Client().get(site["home"])["X-Portal-Cache"] == "hit"


def test_pages_forms_and_healthz_without_redis(redis_server, site):
    # Up: pages are stored and served from Redis, the limits count there.
    check_pages(site, "ok")
    assert Client().get(site["home"])["X-Portal-Cache"] == "hit"
    check_forms(site, "10.0.0.1")
    assert not RateCounter.objects.exists()

    # Gone (SIGKILL): every page rendered uncached, the limits counted in the database.
    redis_server.kill()
    check_pages(site, "down")
    check_forms(site, "10.0.0.2")
    assert RateCounter.objects.filter(key__contains="comment_ip", hits=3).count() == 1
    assert RateCounter.objects.filter(key__contains="question_ip", hits=3).count() == 1

    # Back (empty): used again.
    redis_server.start()
    wait_until_cache_used(site)

    # Hanging (SIGSTOP): connections are accepted, nothing answers; each worker pays a timeout now and then.
    redis_server.signal(signal.SIGSTOP)
    check_pages(site, "down")
    check_forms(site, "10.0.0.3")
    assert RateCounter.objects.filter(key__contains="comment_ip", hits=3).count() == 2
    redis_server.signal(signal.SIGCONT)
    wait_until_cache_used(site)
    check_pages(site, "ok")


def test_a_publish_missed_while_redis_hangs_is_stale_no_longer_than_the_page_cache_time(redis_server, site, settings):
    """The page cache's invalidation (a new generation) cannot reach a hanging Redis, and is not even tried while
    the breaker is open; the pages stored before then still carry Redis' own expiry (wall clock, which runs on while
    Redis is stopped), so they are served at most PORTAL_PAGE_CACHE_SECONDS after the publish."""
    settings.PORTAL_PAGE_CACHE_SECONDS = 2
    page = site["page"]
    Client().get(site["article"])
    assert Client().get(site["article"])["X-Portal-Cache"] == "hit"

    redis_server.signal(signal.SIGSTOP)
    Client().get(site["home"])  # the breaker opens
    page.title = "Tiêu đề đã sửa"
    page.save_revision().publish()  # its invalidation is lost
    published = time.monotonic()
    assert "Tiêu đề đã sửa" in timed(Client().get, site["article"]).content.decode()  # rendered: fresh
    redis_server.signal(signal.SIGCONT)

    time.sleep(max(0.0, published + 2 + 0.1 - time.monotonic()))
    response = Client().get(site["article"])
    assert "Tiêu đề đã sửa" in response.content.decode()
