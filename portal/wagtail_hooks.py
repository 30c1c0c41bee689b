from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Banner
from .page_cache import CACHEABLE_ATTR, READS_ATTR


class BannerViewSet(SnippetViewSet):
    model = Banner
    icon = "image"
    menu_label = _("Banners")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["title", "active"]
    list_filter = ["active"]


register_snippet(BannerViewSet)


@hooks.register("before_serve_page", order=1000)
def allow_page_cache(page, request, serve_args, serve_kwargs):
    """A page Wagtail really serves (its view restrictions passed) may be stored for anonymous readers,
    unless it has restrictions at all: a private page is never shared, whoever was let in."""
    if not getattr(request, "is_preview", False) and not page.get_view_restrictions().exists():
        setattr(request, CACHEABLE_ATTR, True)
        # The query parameters this page type reads (None: not declared, so only `page` is shared).
        setattr(request, READS_ATTR, getattr(page, "cache_parameters", None))
