"""What the questions tests share: a fresh cache for every test (the forms' rate limits live there)."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()
