"""System checks of the portal's own settings."""

from django.conf import settings
from django.core.checks import Warning, register

VISIT_BLOCK_BOUND = 30  # seconds: the visit block on a page a reader gets is never further behind than this


@register()
def freshness_bounds(app_configs, **kwargs):
    page = int(settings.PORTAL_PAGE_CACHE_SECONDS)
    block = int(settings.PORTAL_STATS_CACHE_SECONDS)
    if page + block > VISIT_BLOCK_BOUND:
        return [Warning(
            f"PORTAL_PAGE_CACHE_SECONDS ({page}) + PORTAL_STATS_CACHE_SECONDS ({block}) exceed {VISIT_BLOCK_BOUND} s: "
            "the visit block on a cached page could be older than its bound; the block's own cache is shortened.",
            id="portal.W001",
        )]
    return []
