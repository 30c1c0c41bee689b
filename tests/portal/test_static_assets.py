"""Static assets as production serves them: hashed names, a year's `immutable` lifetime, precompressed."""

import re

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client


@pytest.mark.django_db
def test_hashed_names_are_immutable_for_a_year(settings, tmp_path, home):
    settings.STATIC_ROOT = str(tmp_path / "static")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = False
    # The project's own files only (static/): the public pages link nothing else, and hashing and compressing
    # every installed app's files (Wagtail's admin above all) took most of this test's time.
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    call_command("collectstatic", "--noinput", verbosity=0)
    url = static("css/portal.css")
    assert re.search(r"/portal\.[0-9a-f]{12}\.css$", url), url
    response = Client().get(url, HTTP_ACCEPT_ENCODING="br, gzip")
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "immutable" in cache_control and "max-age=31536000" in cache_control, cache_control
    assert response["Content-Encoding"] == "br"
    # The pages link the hashed name, never the plain one.
    html = Client().get("/").content.decode()
    assert f'href="{url}"' in html and '/static/css/portal.css"' not in html
