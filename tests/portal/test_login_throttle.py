"""Admin sign-in: lockouts per username and per client address (django-axes, in the database), the password-reset
limit per address, and the optional two-step verification (django-otp) of superusers and moderators."""

import datetime
import re
import time

import pytest
import time_machine
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from django.utils.module_loading import import_string
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
RESET = "/admin/password_reset/"
PASSWORD = "mat-khau-dung-2026"
LOCKED = "Đăng nhập sai quá nhiều lần"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def canbo(django_user_model):
    user = django_user_model.objects.create_user("canbo", "canbo@muongte.example.vn", PASSWORD)
    user.groups.add(Group.objects.get(name="Editors"))  # Wagtail's group: may use the admin
    return user


def sign_in(client, username, password, address="203.0.113.7", **extra):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"},
                       REMOTE_ADDR=address, **extra)


def signed_in(client):
    return "_auth_user_id" in client.session


def test_attempts_are_kept_in_the_database_by_axes_handler_with_the_portal_limits():
    assert issubclass(import_string(settings.AXES_HANDLER), AxesDatabaseHandler)
    assert "cache" not in settings.AXES_HANDLER
    assert settings.AXES_CLIENT_IP_CALLABLE == "core.client.client_ip"
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert (settings.PORTAL_LOGIN_FAILURES_PER_USERNAME, settings.PORTAL_LOGIN_FAILURES_PER_ADDRESS,
            settings.PORTAL_LOGIN_LOCKOUT_MINUTES, settings.PORTAL_PASSWORD_RESETS_PER_HOUR) == (5, 20, 15, 3)
    assert settings.PORTAL_REQUIRE_2FA is False


def test_the_login_page_and_a_right_password_work_as_before(client, canbo):
    page = client.get(LOGIN)
    assert page.status_code == 200 and 'name="username"' in page.content.decode()
    response = sign_in(client, "canbo", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert signed_in(client)


def test_five_failures_lock_the_username_the_right_password_too_for_fifteen_minutes(client, canbo, monkeypatch):
    for attempt in range(1, 5):
        response = sign_in(client, "canbo", f"sai-{attempt}")
        assert response.status_code == 200 and LOCKED not in response.content.decode()
    fifth = sign_in(client, "canbo", "sai-5")
    assert fifth.status_code == 429 and LOCKED in fifth.content.decode()

    hashed = []
    original = ModelBackend.authenticate
    monkeypatch.setattr(ModelBackend, "authenticate", lambda *a, **k: hashed.append(1) or original(*a, **k))
    refused = sign_in(client, "canbo", PASSWORD)
    html = refused.content.decode()
    assert refused.status_code == 429 and not signed_in(client)
    # Wagtail's login page with its form, the Vietnamese message in place of "wrong password".
    assert "Đăng nhập sai quá nhiều lần. Việc đăng nhập tạm bị khóa trong 15 phút" in html
    assert 'name="username"' in html and 'name="password"' in html and '<html lang="vi"' in html
    assert hashed == []  # refused before any password is hashed
    # From another address too: the username is locked, wherever the attempts come from.
    assert sign_in(Client(), "canbo", PASSWORD, address="198.51.100.9").status_code == 429

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=14)):
        assert sign_in(client, "canbo", PASSWORD).status_code == 429
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=15, seconds=5)):
        response = sign_in(client, "canbo", PASSWORD)
        assert response.status_code == 302 and signed_in(client)


def test_twenty_failures_from_one_address_lock_that_address_only(client, canbo):
    for number in range(20):  # one try each for twenty usernames: no username reaches its own limit
        response = sign_in(client, f"doan-{number}", "sai")
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert sign_in(client, "canbo", PASSWORD).status_code == 429 and not signed_in(client)
    other = Client()
    assert sign_in(other, "canbo", PASSWORD, address="198.51.100.9").status_code == 302 and signed_in(other)


def test_nineteen_failures_from_one_address_do_not_lock_it(client, canbo):
    for number in range(19):
        assert sign_in(client, f"doan-{number}", "sai").status_code == 200
    assert sign_in(client, "canbo", PASSWORD).status_code == 302


def test_the_client_address_is_the_proxy_aware_one(settings, canbo):
    settings.PORTAL_TRUSTED_PROXIES = ["10.0.0.1"]
    behind_proxy = {"address": "10.0.0.1"}
    attacker, colleague = Client(), Client()
    for number in range(20):
        sign_in(attacker, f"doan-{number}", "sai", HTTP_X_FORWARDED_FOR="203.0.113.66", **behind_proxy)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66"}
    assert sign_in(attacker, "canbo", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.66", **behind_proxy).status_code == 429
    # Another reader behind the same proxy is not the attacker.
    response = sign_in(colleague, "canbo", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.20", **behind_proxy)
    assert response.status_code == 302 and signed_in(colleague)


def test_lockouts_hold_without_the_cache(settings, client, canbo):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}  # forgets everything
    for attempt in range(5):
        sign_in(client, "canbo", f"sai-{attempt}")
    attempt = AccessAttempt.objects.get(username="canbo")
    assert attempt.failures_since_start == 5 and "sai-" not in attempt.post_data  # passwords are masked
    assert sign_in(client, "canbo", PASSWORD).status_code == 429


def test_password_reset_sends_three_emails_per_address_and_hour_then_refuses(client, canbo):
    for _ in range(3):
        response = client.post(RESET, {"email": "canbo@muongte.example.vn"}, REMOTE_ADDR="203.0.113.7")
        assert response.status_code == 302
    assert len(mail.outbox) == 3
    refused = client.post(RESET, {"email": "canbo@muongte.example.vn"}, REMOTE_ADDR="203.0.113.7")
    html = refused.content.decode()
    assert refused.status_code == 429 and len(mail.outbox) == 3
    assert "Địa chỉ này đã gửi quá nhiều yêu cầu đặt lại mật khẩu. Vui lòng thử lại sau một giờ." in html
    assert 'name="email"' in html
    # Another address still may; the next hour, this one again.
    assert client.post(RESET, {"email": "canbo@muongte.example.vn"}, REMOTE_ADDR="198.51.100.9").status_code == 302
    with time_machine.travel(time.time() + 3600):
        assert client.post(RESET, {"email": "canbo@muongte.example.vn"}, REMOTE_ADDR="203.0.113.7").status_code == 302
    assert len(mail.outbox) == 5


# --- Two-step verification ---------------------------------------------------------------------------------------

def code_for(device, seconds_ahead=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + seconds_ahead
    return f"{totp.token():06d}"


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("quantri", "quantri@muongte.example.vn", PASSWORD)


def test_without_the_setting_nobody_is_asked_for_a_code(client, superuser):
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 200


def test_a_superuser_sets_up_an_app_then_gives_a_code_at_each_sign_in(settings, client, superuser):
    settings.PORTAL_REQUIRE_2FA = True
    client.force_login(superuser)
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response["Location"] == "/admin/2fa/setup/?next=%2Fadmin%2Fpages%2F"
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and "Cài đặt xác thực hai bước" in html
    assert 'src="data:image/svg+xml' in html and re.search(r"<code>[A-Z2-7]{4}( [A-Z2-7]{1,4})+</code>", html)
    device = TOTPDevice.objects.get(user=superuser, confirmed=False)

    wrong = client.post("/admin/2fa/setup/", {"code": "000000", "next": "/admin/pages/"})
    assert wrong.status_code == 200 and "Mã không đúng hoặc đã hết hạn" in wrong.content.decode()
    # django-otp's throttling: right after a wrong code, even the right one waits a second.
    too_soon = client.post("/admin/2fa/setup/", {"code": code_for(device), "next": "/admin/pages/"})
    assert too_soon.status_code == 200 and "Nhập sai mã quá nhiều lần" in too_soon.content.decode()
    with time_machine.travel(time.time() + 2):
        done = client.post("/admin/2fa/setup/", {"code": code_for(device), "next": "/admin/pages/"})
    assert done.status_code == 302 and done["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200
    assert TOTPDevice.objects.get(user=superuser).confirmed

    # A new sign-in: the code again, the same device.
    later = Client()
    later.force_login(superuser)
    response = later.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/2fa/?next=")
    assert "Xác thực hai bước" in later.get(response["Location"]).content.decode()
    assert later.post("/admin/2fa/", {"code": "123", "next": "/admin/"}).status_code == 200
    # After that wrong code django-otp makes even the right one wait a second (as above): let it pass.
    with time_machine.travel(time.time() + 2):
        ok = later.post("/admin/2fa/", {"code": code_for(device, seconds_ahead=30), "next": "https://evil.example/"})
        assert ok.status_code == 302 and ok["Location"] == "/admin/"  # never sent off the site
        assert later.get("/admin/").status_code == 200


def test_moderators_are_asked_editors_are_not(settings, django_user_model):
    settings.PORTAL_REQUIRE_2FA = True
    moderator = django_user_model.objects.create_user("kiemduyet", password=PASSWORD)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    editor = django_user_model.objects.create_user("bientapvien", password=PASSWORD)
    editor.groups.add(Group.objects.get(name="Editors"))
    for user, expected in ((moderator, 302), (editor, 200)):
        client = Client()
        client.force_login(user)
        assert client.get("/admin/").status_code == expected, user.username


def test_login_logout_and_reset_stay_open_with_the_setting(settings, client, superuser):
    settings.PORTAL_REQUIRE_2FA = True
    assert client.get(LOGIN).status_code == 200
    client.force_login(superuser)
    assert client.get(RESET).status_code == 200
    assert client.post("/admin/logout/").status_code == 302 and not signed_in(client)
