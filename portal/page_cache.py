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
  Entries are never deleted one by one. A change that concerns one page only (a rating, a comment decision)
  replaces that page's own generation instead (`invalidate_pages`): the other pages stay stored, and a listing
  that shows the page's figures catches up when its entry expires (at most PORTAL_PAGE_CACHE_SECONDS).
- Query parameters: tracking tags added by whoever shared the link (PORTAL_CACHE_IGNORED_PARAMETERS: `utm_*`,
  `fbclid`, `zarsrc`...) are ignored; a page type declares the parameters it reads (`cache_parameters`, e.g. a
  category's `page`) and every other parameter is ignored too, so `?fbclid=<random>` costs what the plain address
  costs. Which parameters a path's page reads is learnt when the page is first rendered and kept beside the entries;
  until then, and for a page type that declares nothing, any parameter but `page` is served uncached, as is a
  query string over 40 characters (nobody can fill the cache with made-up addresses).
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
from django.utils.http import urlencode
from wagtail.models import Page

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
ENTRY_PREFIX = "pagecache:entry:"
STATUS_HEADER = "X-Portal-Cache"
CACHEABLE_ATTR = "_page_cache_ok"
READS_ATTR = "_page_cache_reads"  # the parameters the served page declared (portal/wagtail_hooks.py)
READS_PREFIX = "pagecache:reads:"
PATH_GENERATION_PREFIX = "pagecache:pathgen:"
PAGE_ID_ATTR = "_stats_page_id"  # the mark the stats middleware reads (stats.middleware.PAGE_ID_ATTR)
# What a page that declares nothing is assumed to read: a listing's page number.
SHARED_PARAMETERS = ("page",)
MAX_QUERY_LENGTH = 40
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


def invalidate_pages(page_ids):
    """Make the stored copies of these pages stale (every host and query string), now and after the commit."""
    if not enabled() or not page_ids:
        return
    paths = [parts[2] for parts in (page.get_url_parts() for page in Page.objects.filter(pk__in=page_ids)) if parts]
    keys = [path_generation_key(path) for path in paths]
    _replace_path_generations(keys)
    if keys and transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _replace_path_generations(keys))


def _replace_path_generations(keys):
    try:
        cache().set_many({key: new_generation() for key in keys}, None)
    except Exception:
        logger.exception("page cache: could not invalidate pages")


def _replace_generation():
    try:
        cache().set(GENERATION_KEY, new_generation(), None)
    except Exception:  # the cache being down must not break an editor's publish
        logger.exception("page cache: could not invalidate")


def _digest(*parts):
    return hashlib.sha256("|".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def entry_key(request, kept=()):
    """The key of the page at this address with the kept parameters [(name, value)...], in a fixed order.

    The scheme and host are part of the page (canonical and sharing links), so of the key.
    """
    return ENTRY_PREFIX + _digest(request.scheme, request.get_host(), request.path, urlencode(sorted(kept)))


def path_generation_key(path):
    return PATH_GENERATION_PREFIX + _digest(path)


def reads_key(request):
    return READS_PREFIX + _digest(request.scheme, request.get_host(), request.path)


def is_ignored(name):
    """A tracking tag: never part of a page, so never of its key (PORTAL_CACHE_IGNORED_PARAMETERS; `x*` = prefix)."""
    for pattern in settings.PORTAL_CACHE_IGNORED_PARAMETERS:
        if name == pattern or (pattern.endswith("*") and name.startswith(pattern[:-1])):
            return True
    return False


def query_parameters(request):
    """[(name, value)...] of the query string, tracking tags left out."""
    return [(name, value) for name, values in request.GET.lists() if not is_ignored(name) for value in values]


def kept_parameters(parameters, reads):
    """The parameters the page reads, or None when this address cannot be shared (too long, or undeclared ones)."""
    declared = SHARED_PARAMETERS if reads is None else reads
    kept = [(name, value) for name, value in parameters if name in declared]
    if reads is None and len(kept) != len(parameters):
        return None  # a page that declares nothing may read anything: not shared
    if len(urlencode(kept)) > MAX_QUERY_LENGTH:
        return None
    return kept


def request_is_eligible(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(EXCLUDED_PREFIXES) or request.path.startswith(settings.STATIC_URL or "/static/"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return False
    return len(request.META.get("QUERY_STRING", "")) <= 4096


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
        parameters = query_parameters(request)
        plain_key = entry_key(request)
        store = cache()
        path_key = path_generation_key(request.path)
        wanted = [GENERATION_KEY, path_key, plain_key] + ([reads_key(request)] if parameters else [])
        try:
            found = store.get_many(wanted)
            key = plain_key
            if parameters:
                # Which parameters this address's page reads: learnt when it was stored (None: not known yet).
                known = found.get(reads_key(request))
                kept = kept_parameters(parameters, known["reads"] if known else None)
                if kept is None or known is None:
                    key = None  # rendered; stored only if the page then declares what it reads
                elif kept:
                    key = entry_key(request, kept)
                    found[key] = store.get(key)
        except Exception:
            logger.warning("page cache: unavailable, page rendered", exc_info=True)
            return self.get_response(request)
        generation = found.get(GENERATION_KEY)
        if generation is None:
            generation = new_generation()
            if not store.add(GENERATION_KEY, generation, None):
                generation = store.get(GENERATION_KEY) or generation
        path_generation = found.get(path_key) or ""
        entry = found.get(key) if key else None
        if entry is not None and (entry.get("generation"), entry.get("path_generation", "")) == (
                generation, path_generation):
            setattr(request, PAGE_ID_ATTR, entry.get("page_id"))
            response = _from_entry(entry, request)
            response[STATUS_HEADER] = "hit"
            return response

        response = self.get_response(request)
        if key is None and response_is_storable(request, response):
            # Now the page said which parameters it reads: keep them for this address, and the page under them.
            reads = getattr(request, READS_ATTR, None)
            kept = kept_parameters(parameters, reads)
            if kept is not None:
                key = entry_key(request, kept)
                try:
                    store.set(reads_key(request), {"reads": reads}, max(page_cache_seconds() * 20, 600))
                except Exception:
                    logger.warning("page cache: could not store a page", exc_info=True)
        if key is not None and response_is_storable(request, response):
            public_headers(response)
            entry = {
                "generation": generation,
                "path_generation": path_generation,
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
