import pytest
from django.core.cache import cache

from stats import identity, store

BROWSER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
)
GOOGLEBOT_UA = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


@pytest.fixture(autouse=True)
def _clean_stats_state(settings):
    settings.PORTAL_TRUSTED_PROXIES = []
    cache.clear()
    identity.reset_salt_memo()
    store._last_prune[0] = 0.0
    yield
    cache.clear()
    identity.reset_salt_memo()


def hit(client, path="/", ip="203.0.113.10", ua=BROWSER_UA, method="get", **extra):
    meta = {"REMOTE_ADDR": ip, **extra}
    if ua is not None:
        meta["HTTP_USER_AGENT"] = ua
    return getattr(client, method)(path, **meta)
