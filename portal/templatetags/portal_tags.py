"""The site shell's pieces: main menu, banners, breadcrumbs."""

from django import template
from wagtail.models import Page, Site

from portal.models import Banner

register = template.Library()


def _site_root(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    root = _site_root(context)
    current = context.get("page")
    items = list(root.get_children().live().public().in_menu().only("id", "title", "url_path", "path")) if root else []
    active = None
    if current is not None and root is not None:
        for item in items:
            if current.path.startswith(item.path):
                active = item.pk
    return {"root": root, "items": items, "active": active, "current": current, "request": context.get("request")}


@register.inclusion_tag("includes/banners.html", takes_context=True)
def sidebar_banners(context):
    banners = Banner.objects.filter(active=True).select_related("image", "link_page").order_by("sort_order")
    return {"banners": banners, "request": context.get("request")}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    ancestors = Page.objects.ancestor_of(page).filter(depth__gt=1).live().public()
    ancestors = ancestors.only("id", "title", "url_path", "path")
    return {"ancestors": ancestors, "page": page, "request": context.get("request")}
