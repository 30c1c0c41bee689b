"""Organisation and people: "Giới thiệu" pages, the organisation chart (units and leaders), the English page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

# The brief asks general pages to reuse the article body's blocks rather than copy them.
from core.blocks import ArticleBodyBlock
from core.models import Unit, UnitKind  # noqa: F401 - the chart's units are the toolkit's (questions use them too)


class GeneralPage(Page):
    """Overview, history, functions and duties…: a content page written with the article body's blocks."""

    # The query parameters this page reads; the page cache ignores every other one (portal/page_cache.py).
    cache_parameters = ()

    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["portal.HomePage", "organisation.GeneralPage"]
    subpage_types = ["organisation.GeneralPage", "organisation.OrganisationChartPage"]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("general page")
        verbose_name_plural = _("general pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["subpages"] = self.get_children().live().public().specific()
        return context


class Leader(models.Model):
    photo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("photo"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    full_name = models.CharField(_("full name"), max_length=160)
    position = models.CharField(_("position"), max_length=200)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.SET_NULL, related_name="leaders"
    )
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    email = models.EmailField(_("email"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    panels = [
        FieldPanel("photo"), FieldPanel("full_name"), FieldPanel("position"), FieldPanel("unit"),
        FieldPanel("phone"), FieldPanel("email"), FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("leader")
        verbose_name_plural = _("leaders")
        ordering = ["sort_order", "full_name"]

    def __str__(self):
        return f"{self.full_name} - {self.position}"


def unit_tree():
    """[(unit, [children…])] for the whole chart, built from two queries."""
    units = list(Unit.objects.order_by("sort_order", "name"))
    leaders = {}
    for leader in Leader.objects.select_related("photo").order_by("sort_order", "full_name"):
        leaders.setdefault(leader.unit_id, []).append(leader)
    by_parent = {}
    for unit in units:
        unit.leader_list = leaders.get(unit.pk, [])
        by_parent.setdefault(unit.parent_id, []).append(unit)
    known = {unit.pk for unit in units}

    def branch(parent_id, seen):
        nodes = []
        for unit in by_parent.get(parent_id, []):
            if unit.pk in seen:  # a loop typed in by mistake: shown once, not forever
                continue
            nodes.append({"unit": unit, "children": branch(unit.pk, seen | {unit.pk})})
        return nodes

    roots = [u for u in units if u.parent_id is None or u.parent_id not in known]
    return [{"unit": unit, "children": branch(unit.pk, {unit.pk})} for unit in roots], leaders.get(None, [])


class OrganisationChartPage(Page):
    """The organisation chart as an accessible nested list of units with their leaders and contacts."""

    # The query parameters this page reads; the page cache ignores every other one (portal/page_cache.py).
    cache_parameters = ()

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage", "organisation.GeneralPage"]
    subpage_types = []
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("organisation chart")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["tree"], context["unassigned_leaders"] = unit_tree()
        return context


class EnglishIntroductionPage(Page):
    """The unit's name, functions and contacts in English; its content is marked lang="en"."""

    # The query parameters this page reads; the page cache ignores every other one (portal/page_cache.py).
    cache_parameters = ()

    unit_name_en = models.CharField(_("unit name in English"), max_length=200)
    body = RichTextField(_("functions and duties, in English"), features=["h2", "h3", "bold", "italic", "ol", "ul",
                                                                          "link"])
    address_en = models.CharField(_("address in English"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    email = models.EmailField(_("email"), blank=True)
    office_hours_en = models.CharField(_("office hours in English"), max_length=200, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("unit_name_en"), FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("address_en"), FieldPanel("phone"), FieldPanel("email"), FieldPanel("office_hours_en")],
            heading=_("Contacts"),
        ),
    ]
    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count = 1
    search_fields = Page.search_fields + [index.SearchField("unit_name_en"), index.SearchField("body")]

    class Meta:
        verbose_name = _("English introduction page")
