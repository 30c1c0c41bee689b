"""core/guard.py `origin_or_token_csrf`: the Origin header must be this site's own, scheme, host and port alike."""

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from core.guard import origin_or_token_csrf
from tests.news import feedback_helpers
from tests.news.feedback_helpers import rate_url

_fresh_cache = feedback_helpers._fresh_cache
article = feedback_helpers.article


@origin_or_token_csrf
def view(request):
    return HttpResponse("ok")


def post(origin, host="testserver", secure=False, **meta):
    request = RequestFactory().post("/form/", {"x": "1"}, HTTP_HOST=host, HTTP_ORIGIN=origin, secure=secure, **meta)
    return view(request).status_code


@pytest.mark.parametrize("origin,host,secure", [
    ("http://testserver", "testserver", False),
    ("https://testserver", "testserver", True),
    ("https://testserver:443", "testserver", True),  # the default port, written or not
    ("https://testserver", "testserver:443", True),
    ("http://testserver:80", "testserver", False),
    ("http://testserver", "testserver:80", False),
    ("http://testserver:8000", "testserver:8000", False),
    ("HTTPS://TestServer", "testserver", True),  # scheme and host names are case-insensitive
    ("http://[::1]:8000", "[::1]:8000", False),
])
def test_same_origin_is_accepted(settings, origin, host, secure):
    settings.ALLOWED_HOSTS = ["testserver", "[::1]"]
    assert post(origin, host, secure) == 200


@pytest.mark.parametrize("origin,host,secure", [
    ("http://testserver", "testserver", True),  # http page posting to the https site
    ("https://testserver", "testserver", False),
    ("http://testserver:443", "testserver", True),
    ("https://testserver:8443", "testserver", True),  # another port
    ("http://testserver:8001", "testserver:8000", False),
    ("http://testserver", "testserver:8000", False),
    ("https://evil.example", "testserver", True),
    ("https://testserver.evil.example", "testserver", True),
    ("https://sub.testserver", "testserver", True),
    ("null", "testserver", True),
    ("", "testserver", True),
    ("https://testserver/path", "testserver", True),  # an Origin is scheme://host[:port], nothing else
    ("https://user@testserver", "testserver", True),
    ("ftp://testserver", "testserver", False),
    ("https://[::1", "testserver", True),  # unparsable
])
def test_other_origin_is_refused(origin, host, secure):
    assert post(origin, host, secure) == 403


def test_behind_the_tls_proxy_the_scheme_is_https(settings):
    # Production: nginx terminates TLS and says so in X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER).
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert post("https://testserver", HTTP_X_FORWARDED_PROTO="https") == 200
    assert post("http://testserver", HTTP_X_FORWARDED_PROTO="https") == 403
    assert post("https://testserver") == 403  # a request that did not come through TLS


def test_trusted_origins_are_accepted_exactly_as_written(settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://cong.muongte.example.vn", "http://127.0.0.1:8080"]
    assert post("https://cong.muongte.example.vn", secure=True) == 200
    assert post("http://127.0.0.1:8080") == 200
    assert post("http://cong.muongte.example.vn", secure=True) == 403
    assert post("https://cong.muongte.example.vn:8443", secure=True) == 403
    assert post("https://x.cong.muongte.example.vn", secure=True) == 403


@pytest.mark.django_db
def test_http_page_cannot_post_a_rating_to_the_https_site(article):
    client = Client(enforce_csrf_checks=True)
    refused = client.post(rate_url(article), {"score": "5"}, HTTP_ORIGIN="http://testserver", secure=True)
    assert refused.status_code == 403
    accepted = client.post(rate_url(article), {"score": "5"}, HTTP_ORIGIN="https://testserver", secure=True)
    assert accepted.status_code == 302
