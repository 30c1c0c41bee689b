"""The anonymous readers' page cache: a published page is rendered once, then served from the shared cache.

Why our own middleware and not Django's per-site cache or wagtail-cache: every page reads `request.user`, so
Django marks it `Vary: Cookie` and its cache would keep one copy per visitor; and wagtail-cache invalidates with
`cache.clear()`, which on the shared Redis would also wipe the comment rate limits and the stats block. Here:

- Only Wagtail pages are stored, marked by the `before_serve_page` hook (portal/wagtail_hooks.py) when they have no
  view restriction; only for a GET without a session or messages cookie (editors, previews and a reader who has
  just posted are never served a stored page), and only when the response is a plain 200 HTML page that set no
  cookie and used no CSRF token (so no token, message or form error of one reader reaches another).
- Invalidation is one "generation" value in the cache. Every stored entry carries the generation read when its
  request began; any change that can show on a page (publish, unpublish, move, delete, a comment approved or
  removed, a new rating, banners, site settings, a refreshed dossier summary...) replaces the generation at once
  and again after its transaction commits, so every page is fresh at once, on every host.
  Entries are never deleted one by one.
- Entries live PORTAL_PAGE_CACHE_SECONDS (15 s by default). The visit block is cached STATS_BLOCK_CACHE_SECONDS
  (15 s) on its own, so a figure on a stored page is at most 30 s behind (checked in portal/checks.py).
- The visit middleware sits outside this one: a page served from here is still counted, with its page id, which
  the entry remembers.
"""

import hashlib
import logging
import uuid

from compression_middleware.middleware import compressor, compressors
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
ENTRY_PREFIX = "pagecache:entry:"
STATUS_HEADER = "X-Portal-Cache"
CACHEABLE_ATTR = "_page_cache_ok"
PAGE_ID_ATTR = "_stats_page_id"  # the mark the stats middleware reads (stats.middleware.PAGE_ID_ATTR)
# Query parameters that make a different but still shared page (listing pages); any other parameter
# (search, filters) is served uncached, so nobody can fill the cache with made-up addresses.
SHARED_PARAMETERS = {"page"}
EXCLUDED_PREFIXES = ("/admin/", "/documents/", "/static/", "/media/", "/healthz")
# Headers a stored page keeps: whatever the inner middleware set, but nothing about one reader.
DROPPED_HEADERS = {"set-cookie", "vary", STATUS_HEADER.lower(), "content-length"}


def enabled():
    return page_cache_seconds() > 0


def page_cache_seconds():
    # At most 30 s: the visit block's bound (its own cache gets what remains, see stats_tags.cache_seconds).
    return max(0, min(int(settings.PORTAL_PAGE_CACHE_SECONDS), 30))


def cache():
    return caches[settings.PORTAL_PAGE_CACHE_ALIAS]


def new_generation():
    return uuid.uuid4().hex


def invalidate(**kwargs):
    """Make every stored page stale, now and again once the current transaction commits: a request that read
    the old data before the commit and stores its page afterwards stores it under a generation that the second
    replacement makes stale."""
    if not enabled():
        return
    _replace_generation()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_replace_generation)


def _replace_generation():
    try:
        cache().set(GENERATION_KEY, new_generation(), None)
    except Exception:  # the cache being down must not break an editor's publish
        logger.exception("page cache: could not invalidate")


def entry_key(request):
    # The scheme and host are part of the page (canonical and sharing links), so of the key.
    raw = f"{request.scheme}|{request.get_host()}|{request.path}|{request.META.get('QUERY_STRING', '')}"
    return ENTRY_PREFIX + hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


def request_is_eligible(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(EXCLUDED_PREFIXES) or request.path.startswith(settings.STATIC_URL or "/static/"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return False
    if request.GET and (set(request.GET) - SHARED_PARAMETERS or len(request.META.get("QUERY_STRING", "")) > 40):
        return False
    return True


def response_is_storable(request, response):
    if request.method != "GET" or not getattr(request, CACHEABLE_ATTR, False):
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page carries this reader's CSRF token
    messages = getattr(request, "_messages", None)
    if messages is not None and len(messages):
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-store"))


def _compressed_variants(content):
    """The page once per encoding the compression middleware offers (zstd, Brotli, gzip), made when it is stored,
    so a page served from the cache costs no compression."""
    variants = {}
    for encoding, compress, _stream in compressors:
        packed = compress(content)
        if len(packed) < len(content):
            variants[encoding] = packed
    return variants


def _from_entry(entry, request):
    encoding, _compress, _stream = compressor(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    packed = entry.get("variants", {}).get(encoding) if encoding else None
    response = HttpResponse(packed if packed is not None else entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    patch_vary_headers(response, ("Accept-Encoding",))
    if packed is not None:
        # As the compression middleware marks what it compresses (which then leaves this response alone).
        response["Content-Encoding"] = encoding
        if response.get("ETag", "").startswith('"'):
            response["ETag"] = "W/" + response["ETag"]
    return response


class PageCacheMiddleware:
    """Serves and stores anonymous readers' pages (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or not request_is_eligible(request):
            return self.get_response(request)
        key = entry_key(request)
        store = cache()
        try:
            found = store.get_many([GENERATION_KEY, key])
        except Exception:
            logger.warning("page cache: unavailable, page rendered", exc_info=True)
            return self.get_response(request)
        generation = found.get(GENERATION_KEY)
        if generation is None:
            generation = new_generation()
            if not store.add(GENERATION_KEY, generation, None):
                generation = store.get(GENERATION_KEY) or generation
        entry = found.get(key)
        if entry is not None and entry.get("generation") == generation:
            setattr(request, PAGE_ID_ATTR, entry.get("page_id"))
            response = _from_entry(entry, request)
            response[STATUS_HEADER] = "hit"
            return response

        response = self.get_response(request)
        if response_is_storable(request, response):
            public_headers(response)
            entry = {
                "generation": generation,
                "status": response.status_code,
                "content": response.content,
                "variants": _compressed_variants(response.content),
                "headers": [(name, value) for name, value in response.items()
                            if name.lower() not in DROPPED_HEADERS],
                "page_id": getattr(request, PAGE_ID_ATTR, None),
            }
            try:
                store.set(key, entry, page_cache_seconds())
            except Exception:
                logger.warning("page cache: could not store a page", exc_info=True)
            response[STATUS_HEADER] = "miss"
        elif getattr(request, CACHEABLE_ATTR, False) and response.status_code == 200:
            # A page that carries something of this reader's own: browsers and proxies must not share it.
            response["Cache-Control"] = "private, no-cache"
        return response


def public_headers(response):
    """What browsers and proxies get for a shared page: they may keep it but must ask again each time
    (`no-cache`), answered with 304 when the ETag still matches; so every view reaches the portal and is
    counted, and a publish is seen at once."""
    response["Cache-Control"] = "public, no-cache"
    if not response.has_header("ETag"):
        response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
    if response.has_header("Vary"):
        del response["Vary"]
