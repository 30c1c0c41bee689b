"""Counts visits after the response is built; never blocks or breaks a page.

Placed first in MIDDLEWARE, so it sees the final response (redirects, errors and all).
The Wagtail page being served is known through the `before_serve_page` hook in
stats/wagtail_hooks.py, which marks the request with the page id: stats counts pages
without knowing what kind of page they are.
"""

import logging

from django.conf import settings

from stats import bots, clock, identity, store
from stats.models import VisitorKind

logger = logging.getLogger(__name__)

PAGE_ID_ATTR = "_stats_page_id"
DEFAULT_EXCLUDED_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/healthz", "/static/", "/media/",
                             "/favicon.ico", "/robots.txt", "/sitemap.xml")


def excluded_prefixes():
    extra = tuple(settings.PORTAL_STATS_EXCLUDED_PREFIXES)
    urls = tuple(u for u in (settings.STATIC_URL, settings.MEDIA_URL) if u and u.startswith("/"))
    return DEFAULT_EXCLUDED_PREFIXES + urls + extra


def is_counted(request, response):
    """A GET for a public page answering 200 with HTML (not the admin, previews, files, feeds, errors).

    A 304 for a Wagtail page (the browser revalidated its copy on the ETag) is a view of that page as well.
    """
    if request.method != "GET":
        return False
    if response.status_code == 304 and getattr(request, PAGE_ID_ATTR, None) is not None:
        return not getattr(request, "is_preview", False)
    if response.status_code != 200:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False  # feeds, JSON, files
    if getattr(request, "is_preview", False):
        return False
    return not request.path.startswith(excluded_prefixes())


def classify(request):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return VisitorKind.MEMBER, user
    if bots.is_bot(request.META.get("HTTP_USER_AGENT")):
        return VisitorKind.BOT, None
    return VisitorKind.GUEST, None


def count(request):
    instant = clock.now()
    kind, user = classify(request)
    key = identity.visitor_key(request, instant.day, user)
    outcome = store.record(
        key=key, kind=kind, url_hash=identity.url_hash(request.get_full_path()),
        page_id=getattr(request, PAGE_ID_ATTR, None), instant=instant,
    )
    store.maybe_prune(instant)
    return outcome


class VisitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PORTAL_STATS_ENABLED:
            try:
                if is_counted(request, response):
                    count(request)
            except Exception:
                # The reader never pays for a counting failure (locked database, store down).
                logger.exception("stats: a request could not be counted")
        return response
