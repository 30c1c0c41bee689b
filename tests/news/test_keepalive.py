"""The idle dialog for logged-in users: present only for them, keep-alive and idle logout endpoints."""

import time

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.test import Client
from django.urls import reverse

from portal.keepalive import ACTIVE_AT_KEY
from tests.news.feedback_helpers import JSON

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("bien-tap", "bt@example.com", "secret-pass-123")


def test_dialog_is_absent_for_anonymous_readers(client, article):
    html = client.get(article.url).content.decode()
    assert "keepalive-dialog" not in html and "keepalive.js" not in html
    assert "csrfmiddlewaretoken" not in html  # anonymous HTML stays cacheable: nothing per-visitor
    assert not client.get(article.url).cookies  # no session or CSRF cookie for anonymous readers


def test_dialog_for_logged_in_users(client, article, user, settings):
    settings.SESSION_COOKIE_AGE = 30 * 60
    client.force_login(user)
    html = client.get(article.url).content.decode()
    assert '<dialog class="keepalive" id="keepalive-dialog"' in html
    assert 'data-session-seconds="1800"' in html and 'data-warning-seconds="60"' in html
    assert 'role="timer">60</span>' in html
    assert reverse("keep_alive") in html and reverse("idle_logout") in html
    assert "csrfmiddlewaretoken" in html and "keepalive.js" in html
    assert 'aria-labelledby="keepalive-title"' in html and "autofocus" in html


def test_short_session_shortens_the_countdown(client, article, user, settings):
    settings.SESSION_COOKIE_AGE = 20
    client.force_login(user)
    html = client.get(article.url).content.decode()
    assert 'data-session-seconds="20"' in html and 'data-warning-seconds="10"' in html


def test_keep_alive_extends_the_session(client, user):
    client.force_login(user)
    session = client.session
    session[ACTIVE_AT_KEY] = int(time.time()) - 1700
    session.save()
    response = client.post(reverse("keep_alive"), **JSON)
    assert response.status_code == 200 and response.json()["logged_in"] is True
    assert client.session[ACTIVE_AT_KEY] >= int(time.time()) - 2
    assert client.session.get_expiry_age() > 1700


def test_keep_alive_needs_csrf_and_post(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(reverse("keep_alive"), **JSON).status_code == 403
    assert client.get(reverse("keep_alive")).status_code == 405
    client.cookies["csrftoken"] = "A" * 32
    forged = client.post(reverse("keep_alive"), HTTP_X_CSRFTOKEN="B" * 32, **JSON)
    assert forged.status_code == 403
    good = client.post(reverse("keep_alive"), HTTP_X_CSRFTOKEN="A" * 32, **JSON)
    assert good.status_code == 200


def test_keep_alive_for_anonymous_says_so(client):
    response = client.post(reverse("keep_alive"), **JSON)
    assert response.status_code == 401 and response.json()["logged_in"] is False


def test_keep_alive_without_js_redirects_back_safely(client, user):
    client.force_login(user)
    url = reverse("keep_alive")
    assert client.post(url, {"next": "/xay-dung-dang/"})["Location"] == "/xay-dung-dang/"
    assert client.post(url, {"next": "https://evil.example/"})["Location"] == "/"
    assert client.post(url, {"next": "javascript:alert(1)"})["Location"] == "/"


def test_idle_logout_logs_out_after_the_countdown(client, user, settings):
    settings.SESSION_COOKIE_AGE = 1800
    client.force_login(user)
    session = client.session
    session[ACTIVE_AT_KEY] = int(time.time()) - 1800
    session.save()
    response = client.post(reverse("idle_logout"), **JSON)
    assert response.json() == {"ok": True, "logged_in": False}
    assert SESSION_KEY not in client.session


def test_idle_logout_keeps_a_user_active_in_another_tab(client, user, settings, article):
    settings.SESSION_COOKIE_AGE = 1800
    client.force_login(user)
    client.get(article.url)  # a page view in another tab is activity
    response = client.post(reverse("idle_logout"), **JSON)
    assert response.json()["logged_in"] is True and response.json()["expires_in"] > 1700
    assert SESSION_KEY in client.session


def test_idle_logout_needs_csrf(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(reverse("idle_logout"), **JSON).status_code == 403
    assert SESSION_KEY in client.session
