"""Front-end cache purging (wagtail.contrib.frontend_cache) configured from the environment: PURGE requests reach a
throwaway HTTP server standing in for nginx or Varnish, on 127.0.0.1 only."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from portal.settings.base import frontend_cache_backends
from tests import factories

HTTP_BACKEND = "wagtail.contrib.frontend_cache.backends.HTTPBackend"


class PurgeRecorder(ThreadingHTTPServer):
    """An HTTP cache's purge endpoint: records (method, path, Host) of every request and answers 200."""

    daemon_threads = True

    def __init__(self):
        self.requests = []
        self.lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(handler):  # noqa: N802 - http.server dispatches on the method's name
                with self.lock:
                    self.requests.append(("PURGE", handler.path, handler.headers["Host"]))
                handler.send_response(200)
                handler.send_header("Content-Length", "0")
                handler.end_headers()

            def log_message(handler, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def purged(self):
        with self.lock:
            return list(self.requests)


@pytest.fixture
def purge_server(monkeypatch):
    # Wagtail's HTTPBackend uses urllib, which honours *_proxy variables: the purge must go straight to 127.0.0.1.
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    server = PurgeRecorder()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def configured(*servers):
    """WAGTAILFRONTENDCACHE as base.py builds it from PORTAL_FRONTEND_CACHE_URLS."""
    urls = ",".join(server.url for server in servers)
    return override_settings(WAGTAILFRONTENDCACHE=frontend_cache_backends({"PORTAL_FRONTEND_CACHE_URLS": urls}))


def path_of(page):
    return page.relative_url(None)


@pytest.mark.django_db
def test_publishing_a_page_purges_its_url(category, purge_server):
    with configured(purge_server):
        article = factories.article(category, title="Hội nghị triển khai nhiệm vụ năm mới")
    assert ("PURGE", path_of(article), "localhost") in purge_server.purged()


@pytest.mark.django_db
def test_republishing_and_unpublishing_purge_again(category, purge_server):
    article = factories.article(category)
    with configured(purge_server):
        article.title = "Tiêu đề đã sửa"
        factories.publish(article)
        assert purge_server.purged() == [("PURGE", path_of(article), "localhost")]
        article.unpublish()
    assert purge_server.purged() == [("PURGE", path_of(article), "localhost")] * 2


@pytest.mark.django_db
def test_every_configured_cache_is_purged(category, purge_server):
    second = PurgeRecorder()
    thread = threading.Thread(target=second.serve_forever, daemon=True)
    thread.start()
    try:
        with configured(purge_server, second):
            article = factories.article(category)
        assert purge_server.purged() == second.purged() == [("PURGE", path_of(article), "localhost")]
    finally:
        second.shutdown()
        second.server_close()


@pytest.mark.django_db
def test_nothing_is_sent_when_no_cache_is_configured(category, purge_server):
    """The app is always installed; with the variables unset its publish handler sends nothing anywhere."""
    with override_settings(WAGTAILFRONTENDCACHE=frontend_cache_backends({})):
        factories.article(category)
    assert purge_server.purged() == []


def test_variables_make_http_and_cloudflare_backends():
    backends = frontend_cache_backends({
        "PORTAL_FRONTEND_CACHE_URLS": "http://10.0.0.10, http://10.0.0.11:6081",
        "PORTAL_CLOUDFLARE_ZONE_ID": "zone-123",
        "PORTAL_CLOUDFLARE_BEARER_TOKEN": "token-456",
    })
    assert backends == {
        "http0": {"BACKEND": HTTP_BACKEND, "LOCATION": "http://10.0.0.10"},
        "http1": {"BACKEND": HTTP_BACKEND, "LOCATION": "http://10.0.0.11:6081"},
        "cloudflare": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "ZONEID": "zone-123",
            "BEARER_TOKEN": "token-456",
        },
    }
    assert frontend_cache_backends({"PORTAL_FRONTEND_CACHE_URLS": ""}) == {}


def test_a_cloudflare_zone_without_its_token_is_refused_at_startup():
    with pytest.raises(ImproperlyConfigured, match="PORTAL_CLOUDFLARE_BEARER_TOKEN"):
        frontend_cache_backends({"PORTAL_CLOUDFLARE_ZONE_ID": "zone-123"})
