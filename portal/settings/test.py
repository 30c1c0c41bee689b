"""Settings for the test suite: development settings with a fast password hasher."""

from .dev import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Whatever the shell exports, the suite never writes to a real bucket nor purges a real cache; the tests that need
# them (tests/portal/test_storage.py, test_frontend_cache.py) override these with a mocked bucket and a local server.
STORAGES = {**STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}  # noqa: F405
WAGTAILFRONTENDCACHE = {}
