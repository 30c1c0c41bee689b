"""The procedures catalogue ("Thủ tục hành chính"): one page in the tree that serves the list and, as its
sub-URLs, one page per procedure (<catalogue>/<code>/).

Filters are plain GET parameters (field, agency, level, q), so they work without JavaScript and can be
bookmarked. The search ignores accents and case: every word must be in the folded code, name or sector.
"""

from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core import params
from core.text import search_filter

from .. import aggregation, rules
from .records import Agency, Dossier, OnlineLevel, Procedure

PER_PAGE = 20
FIGURES_CACHE_SECONDS = 300


class ProcedureIndexPage(RoutablePageMixin, Page):
    """"Thủ tục hành chính": the unit's procedures, with filters and a page per procedure."""

    # The query parameters this page reads; the page cache ignores every other one (portal/page_cache.py).
    cache_parameters = ("q", "field", "agency", "level", "page")  # read_filters() and the list

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count = 1
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("procedures catalogue")

    @classmethod
    def find(cls):
        """The live, public catalogue page, or None before an editor creates it."""
        return cls.objects.live().public().first()

    @path("")
    def index_route(self, request):
        filters = read_filters(request)
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
        procedures = Paginator(filtered(filters), PER_PAGE).get_page(request.GET.get("page"))
        for procedure in procedures:
            procedure.url = self.procedure_url(procedure, request)
        return self.render(request, context_overrides={
            "title": self.title,
            "filters": filters,
            "procedures": procedures,
            "agencies": agencies,
            "fields": list(fields),
            "levels": levels,
            "chips": chips(filters, labels),
            "query_prefix": urlencode(active),
        })

    @path("<str:code>/", name="procedure")
    def procedure(self, request, code):
        if not params.storable(code):
            raise Http404("no such procedure")
        procedure = get_object_or_404(Procedure.objects.select_related("agency"), code=code, active=True)
        month, figures = latest_figures(procedure)
        return self.render(request, template="dossiers/procedure_detail.html", context_overrides={
            "procedure": procedure,
            "month": month,
            "figures": figures,
        })

    def procedure_url(self, procedure, request=None):
        """The address of one procedure's page, under this catalogue."""
        return self.get_url(request) + self.reverse_subpage("procedure", args=[procedure.code])

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        for (code,) in Procedure.objects.filter(active=True).order_by("code").values_list("code"):
            urls.append({"location": base + self.reverse_subpage("procedure", args=[code])})
        return urls


def read_filters(request):
    get = request.GET
    return {
        "q": params.text(get.get("q"), 200),
        "field": params.text(get.get("field"), 160),
        "agency": params.text(get.get("agency"), 20),
        "level": params.text(get.get("level"), 20),
    }


def filtered(filters):
    procedures = Procedure.objects.filter(active=True).select_related("agency")
    if filters["field"]:
        procedures = procedures.filter(sector=filters["field"])
    agency = params.positive_int(filters["agency"])
    if agency is not None:
        procedures = procedures.filter(agency_id=agency)
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
