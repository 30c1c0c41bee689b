"""The public procedures catalogue ("Thủ tục hành chính"): list with filters and search, one page per procedure.

Filters are plain GET parameters (field, agency, level, q), so they work without JavaScript and can be
bookmarked. The search ignores accents and case: every word must be in the folded code, name or sector.
"""

from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import search_filter

from . import aggregation, rules
from .models import Agency, Dossier, OnlineLevel, Procedure

PER_PAGE = 20
FIGURES_CACHE_SECONDS = 300


def catalogue_page():
    from .catalogue_page import ProcedureIndexPage

    return ProcedureIndexPage.objects.live().public().first()


def _filters(request):
    get = request.GET
    return {
        "q": get.get("q", "").strip()[:200],
        "field": get.get("field", "").strip()[:160],
        "agency": get.get("agency", "").strip()[:20],
        "level": get.get("level", "").strip()[:20],
    }


def filtered(filters):
    procedures = Procedure.objects.filter(active=True).select_related("agency")
    if filters["field"]:
        procedures = procedures.filter(sector=filters["field"])
    if filters["agency"].isdigit():
        procedures = procedures.filter(agency_id=int(filters["agency"]))
    if filters["level"] in OnlineLevel.values:
        procedures = procedures.filter(online_level=filters["level"])
    if filters["q"]:
        procedures = search_filter(procedures, "search_text", filters["q"])
    return procedures.order_by("sector", "name", "code")


def chips(filters, labels):
    """One removable chip per active filter: (label, value, the address without it)."""
    active = {name: value for name, value in filters.items() if value}
    result = []
    for name, value in active.items():
        rest = {key: val for key, val in active.items() if key != name}
        shown = labels.get(name, {}).get(value, value)
        result.append({"name": name, "value": shown, "url": "?" + urlencode(rest) if rest else "?"})
    return result


def catalogue(request, page=None):
    page = page or catalogue_page()
    filters = _filters(request)
    procedures = filtered(filters)
    agencies = Agency.objects.filter(procedures__active=True).distinct().order_by("name")
    fields = (
        Procedure.objects.filter(active=True).exclude(sector="").order_by("sector")
        .values_list("sector", flat=True).distinct()
    )
    levels = [(value, label) for value, label in OnlineLevel.choices]
    labels = {
        "agency": {str(agency.pk): agency.name for agency in agencies},
        "level": dict(levels),
    }
    active = {name: value for name, value in filters.items() if value}
    context = {
        "page": page,
        "title": page.title if page else _("Administrative procedures"),
        "filters": filters,
        "procedures": Paginator(procedures, PER_PAGE).get_page(request.GET.get("page")),
        "agencies": agencies,
        "fields": list(fields),
        "levels": levels,
        "chips": chips(filters, labels),
        "query_prefix": urlencode(active),
    }
    return render(request, "dossiers/procedure_index_page.html", context)


def latest_figures(procedure, today=None):
    """(month, Figures) of the current reporting month for this procedure, else the previous month's.

    One grouped query on the procedure's dossiers, cached a few minutes.
    """
    today = today or timezone.localdate()
    mode = aggregation.period_mode()
    current = rules.period_month(today, mode)
    key = f"dossiers:catalogue:figures:{procedure.pk}:{current:%Y%m}:{mode}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    queryset = Dossier.objects.filter(procedure=procedure)
    result = None
    for month in (current, rules.add_months(current, -1)):
        _start, _end, _ref, _per_agency, total = aggregation.compute(month, mode, today, queryset)
        if total.received or total.resolved or total.in_progress:
            result = (month, total)
            break
    result = result or (current, rules.Figures())
    cache.set(key, result, FIGURES_CACHE_SECONDS)
    return result


def procedure_detail(request, code):
    procedure = get_object_or_404(Procedure.objects.select_related("agency"), code=code, active=True)
    month, figures = latest_figures(procedure)
    context = {
        "page": catalogue_page(),
        "procedure": procedure,
        "month": month,
        "figures": figures,
    }
    return render(request, "dossiers/procedure_detail.html", context)
