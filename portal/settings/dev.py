"""Development settings: `make run` and `manage.py` use these by default."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# A fixed key is acceptable only here: development data is throw-away.
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-not-for-production")  # noqa: S105
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
STORAGES = {
    **STORAGES,  # noqa: F405 - "default" as base.py reads it: local disk, or the bucket when PORTAL_S3_BUCKET is set
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
