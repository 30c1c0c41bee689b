"""The catalogue's place in the page tree: a menu entry, an editable introduction, sitemap entries.

The catalogue itself is served by dossiers.catalogue (also mounted at /thu-tuc-hanh-chinh/ in
portal/urls.py, so the address works even before an editor creates this page).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class ProcedureIndexPage(Page):
    """"Thủ tục hành chính": the unit's procedures, with filters and a page per procedure."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count = 1
    search_fields = Page.search_fields + [index.SearchField("intro")]
    template = "dossiers/procedure_index_page.html"

    class Meta:
        verbose_name = _("procedures catalogue")

    def serve(self, request, *args, **kwargs):
        from .catalogue import catalogue

        return catalogue(request, page=self)

    def get_sitemap_urls(self, request=None):
        from django.urls import reverse

        from .models import Procedure

        urls = super().get_sitemap_urls(request)
        site = self.get_site()
        root = site.root_url if site else ""
        for (code,) in Procedure.objects.filter(active=True).order_by("code").values_list("code"):
            urls.append({"location": root + reverse("procedure_detail", args=[code])})
        return urls
