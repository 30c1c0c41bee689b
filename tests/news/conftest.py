"""What the news tests share: a fresh cache for every test (the rate limits live there), the article readers
comment on and rate, the site's settings and a moderator. The first three are defined in feedback_helpers.py,
which tests elsewhere (tests/core, tests/portal) use too."""

import pytest
from django.contrib.auth import get_user_model

from tests.news.feedback_helpers import _fresh_cache, article, portal_settings  # noqa: F401 - fixtures


@pytest.fixture
def moderator(db):
    return get_user_model().objects.create_superuser("moderator", "mod@example.com", "secret-pass-123")
