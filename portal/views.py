import logging
import random

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.cache import cache_state
from news.search_views import article_results

from .site_search import other_sections

logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    """For the load balancer and the monitor: each dependency's state, {"status", "database", "cache"}.

    200 while the database answers, even with the cache down: Redis is an accelerator, and a host without it still
    serves every page (uncached) and every form (limits counted in the database); 503 when the database does not.
    `?strict=1` answers 503 when anything is down, for a monitor that should page someone. The cache check is a
    real PING, bounded by PORTAL_CACHE_TIMEOUT_SECONDS, whatever core/cache.py's breaker thinks.
    """
    state = {"database": "ok", "cache": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("healthz: database check failed")
        state["database"] = "down"
    for alias in settings.CACHES:
        if cache_state(alias) != "ok":
            logger.warning("healthz: cache %r is down", alias)
            state["cache"] = "down"
    all_ok = all(value == "ok" for value in state.values())
    serving = state["database"] == "ok"
    status = 200 if (all_ok or (serving and request.GET.get("strict") in (None, "", "0"))) else 503
    return JsonResponse({"status": "ok" if all_ok else ("degraded" if serving else "error"), **state}, status=status)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Kept free of database lookups: the database may be the reason we are here.
    return render(request, "500.html", status=500)


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", f"Disallow: {reverse('search')}", "", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
def search(request):
    """/tim-kiem/: articles (ranked, paginated) and, on the first page, the other content types grouped."""
    context = article_results(request)
    first_page = context["page_obj"].number == 1
    context["other_sections"] = other_sections(context["search_query"]) if first_page else []
    response = render(request, "portal/search_results.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


# bench/pages.py compares the portal's pages with this: Django's cost without the portal's work.
_BENCH_WORDS = "trang thong tin dien tu huyen muong te tinh lai chau uy ban nhan dan xa thi tran ban tin".split()
_BENCH_BODY = " ".join(random.Random(7).choices(_BENCH_WORDS, k=6000)).encode()[:20 * 1024]  # noqa: S311


@require_GET
def bench_bare(request):
    """20 KB, no database, no template; mounted at /_bench/bare only with PORTAL_BENCH_VIEW=1. Plain text, so the
    visit counter (HTML only) leaves it alone: the baseline carries none of the portal's own work."""
    return HttpResponse(_BENCH_BODY, content_type="text/plain; charset=utf-8")


def not_found(request, *args, **kwargs):
    """An address that can name nothing here: the ordinary 404 page."""
    raise Http404("no such address")
