"""The demo loader: a believable portal, loaded idempotently, only into a fresh or demo database."""

import os
import re
import subprocess
import sys
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.images.models import Image
from wagtail.models import Page, Revision

from core.models import PortalSettings
from news.models import ArticleIndexPage, ArticlePage
from portal.management.commands.load_demo import PUBLISHED_PASSWORD, Command
from portal.models import Banner
from tests import factories
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db

PASSWORD_LINE = re.compile(r"^Wagtail admin: http://127\.0\.0\.1:8000/admin/  user: bientap  password: (\S+)  ", re.M)


def snapshot():
    User = get_user_model()
    return (Page.objects.count(), Revision.objects.count(), Image.objects.count(), Banner.objects.count(),
            User.objects.count(), list(Page.objects.order_by("pk").values_list("pk", "title", "live")),
            list(User.objects.order_by("pk").values_list("username", "password", "is_superuser")),
            list(PortalSettings.objects.order_by("pk").values_list("unit_name", "authority_name")))


def load_demo(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def test_demo_loads_a_believable_portal_and_twice_changes_nothing(client):
    first = load_demo()
    categories = set(ArticleIndexPage.objects.values_list("title", flat=True))
    assert {"Tin tức - Sự kiện", "Xây dựng Đảng"} <= categories and len(categories) >= 4
    articles = ArticlePage.objects.live()
    assert articles.count() >= 24
    assert not articles.filter(feed_image__isnull=True).exists()
    assert Banner.objects.filter(title="Bản đồ hành chính").exists()
    # The demo account: an editor with a random password, printed once, that signs in.
    editor = get_user_model().objects.get(username="bientap")
    assert not editor.is_superuser and not editor.is_staff
    assert list(editor.groups.values_list("name", flat=True)) == ["Editors"]
    password = PASSWORD_LINE.search(first).group(1)
    assert len(password) >= 16 and password != PUBLISHED_PASSWORD and editor.check_password(password)
    response = client.post("/admin/login/", {"username": "bientap", "password": password})
    assert response.status_code == 302 and client.get("/admin/").status_code == 200

    before = snapshot()
    second = load_demo()
    assert snapshot() == before
    assert password not in second and "password:" not in second
    assert "user: bientap  (the account exists and keeps the password" in second
    html = client.get("/").content.decode()
    assert "Huyện Mường Tè" in html and "Bản đồ hành chính" in html


def test_the_password_changes_only_when_asked_or_when_it_is_the_published_one(django_user_model):
    first = Command.editor()
    assert first and Command.editor() is None
    assert django_user_model.objects.get(username="bientap").check_password(first)
    again = Command.editor(reset_password=True)
    assert again and again != first
    assert django_user_model.objects.get(username="bientap").check_password(again)
    # An earlier demo's account: a superuser with the published password. Demoted, and given a new password.
    django_user_model.objects.filter(username="bientap").delete()
    django_user_model.objects.create_superuser("bientap", "bientap@muongte.example.vn", PUBLISHED_PASSWORD)
    replaced = Command.editor()
    user = django_user_model.objects.get(username="bientap")
    assert replaced and user.check_password(replaced) and not user.check_password(PUBLISHED_PASSWORD)
    assert not user.is_superuser and user.groups.filter(name="Editors").exists()


@pytest.mark.parametrize("real_content", ["account", "article"])
def test_a_database_with_content_other_than_the_demo_is_refused_and_left_as_it_was(real_content, django_user_model):
    if real_content == "account":
        django_user_model.objects.create_superuser("quantri", "quantri@example.vn", "mat-khau-that-2026")
        expected = "accounts other than the demo's: 1 (quantri)"
    else:
        factories.article(factories.category(factories.home_page(), "Tin tức - Sự kiện"), title="Bài viết thật")
        expected = "articles not from the demo: 1 (Bài viết thật)"
    before = snapshot()
    with pytest.raises(CommandError) as refused:
        load_demo()
    message = str(refused.value)
    assert message.startswith("refused: this database holds content that is not the demo's")
    assert expected in message and "Nothing was changed" in message
    assert refused.value.returncode == 1  # manage.py exits with it
    assert snapshot() == before
    assert not django_user_model.objects.filter(username="bientap").exists()


def test_manage_py_exits_1_on_a_database_with_an_account(migrated_sqlite_file):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{migrated_sqlite_file}",
           "DJANGO_SETTINGS_MODULE": "portal.settings.dev", "DJANGO_SUPERUSER_PASSWORD": "mat-khau-that-2026"}
    subprocess.run([sys.executable, "manage.py", "createsuperuser", "--noinput", "--username", "quantri",
                    "--email", "quantri@example.vn"], cwd=ROOT, env=env, check=True, capture_output=True)
    run = subprocess.run([sys.executable, "manage.py", "load_demo"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 1
    assert "refused" in run.stderr and "quantri" in run.stderr and run.stdout == ""
