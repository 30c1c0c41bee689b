"""What search engines, feed readers and share targets read: description, canonical URL, feed links,
OpenGraph, schema.org JSON-LD; and the share and print buttons.

Used by base.html for every page type, so nothing here knows a room: a page announces its feeds through its own
`get_feed_links()` (news' categories and articles do), and an article-like page gives `article_head` the fields
it reads (summary, author, tags, display_date, rating_totals(), feed_image).
"""

import json
from urllib.parse import urlencode

from django import template
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from core import params
from core.models import PortalSettings

register = template.Library()

OG_IMAGE_SPEC = "fill-1200x630|format-jpeg"
DESCRIPTION_CHARS = 300
# Inside <script>, JSON must not be able to close the element or start a comment.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _settings(context):
    request = context.get("request")
    if request is not None:
        return PortalSettings.for_request(request)
    return PortalSettings.for_site(Site.objects.filter(is_default_site=True).first())


def _page(context):
    page = context.get("page")
    return page if isinstance(page, Page) else None


def _specific(page):
    return page.specific_deferred if type(page) is Page else page


def _absolute(request, url):
    if url and url.startswith("/") and request is not None:
        return request.build_absolute_uri(url)
    return url


@register.simple_tag(takes_context=True)
def page_description(context):
    """The page's search description, else its summary or introduction, else the portal's own name."""
    page = _page(context)
    text = ""
    if page is not None:
        specific = _specific(page)
        text = (specific.search_description or getattr(specific, "summary", "")
                or strip_tags(getattr(specific, "intro", "") or ""))
    if not text.strip():
        portal = _settings(context)
        text = f"{portal.portal_title} {portal.unit_full_name}".strip()
    return Truncator(" ".join(text.split())).chars(DESCRIPTION_CHARS)


def _routed_subpath(request, page):
    """The sub-URL of a RoutablePageMixin page the request was routed to ("HT01/"), "" for the page itself."""
    match = getattr(request, "routable_resolver_match", None)
    if match is None or not getattr(match, "url_name", None):
        return ""
    page = _specific(page)
    if not hasattr(page, "reverse_subpage"):
        return ""
    return page.reverse_subpage(match.url_name, args=match.args, kwargs=match.kwargs)


def canonical_url(context):
    request = context.get("request")
    if request is None:
        return ""
    page = _page(context)
    if page is not None:
        url = page.get_full_url(request) + _routed_subpath(request, page)
    else:
        url = request.build_absolute_uri(request.path)
    number = params.positive_int(request.GET.get("page"))
    if number is not None and number > 1:  # each page of a listing is its own canonical page
        url = f"{url}?{urlencode({'page': number})}"
    return url


def feed_links(page):
    """(title, URL) of the feeds a page announces: what its `get_feed_links()` gives, if it has one."""
    get_feed_links = getattr(page, "get_feed_links", None)
    return list(get_feed_links()) if callable(get_feed_links) else []


@register.inclusion_tag("core/includes/head_links.html", takes_context=True)
def head_links(context):
    """Canonical URL and the RSS feeds: the portal's, and the page's own (a category's; an article's category's)."""
    page = _page(context)
    feeds = feed_links(_specific(page)) if page is not None else []
    return {"canonical": canonical_url(context), "feeds": feeds, "portal": _settings(context)}


def _og_image(page, request):
    if not getattr(page, "feed_image", None):
        return None
    try:
        rendition = page.feed_image.get_rendition(OG_IMAGE_SPEC)
    except (OSError, ValueError):  # a lost original file must not take the article down
        return None
    return {"url": _absolute(request, rendition.url), "width": rendition.width, "height": rendition.height}


def _iso(value):
    return timezone.localtime(value).isoformat() if value else None


def _jsonld(data):
    text = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped JSON


def _aggregate_rating(context, page):
    total, count = context.get("rating_total"), context.get("rating_count")
    if total is None or count is None:
        total, count = page.rating_totals()
    if not count:
        return None
    return {"@type": "AggregateRating", "ratingValue": round(total / count, 1), "ratingCount": count,
            "bestRating": 5, "worstRating": 1}


@register.inclusion_tag("core/includes/article_head.html", takes_context=True)
def article_head(context, page):
    """OpenGraph tags and schema.org NewsArticle (with the readers' rating) + BreadcrumbList for an article."""
    request = context.get("request")
    portal = _settings(context)
    url = page.get_full_url(request)
    image = _og_image(page, request)
    tags = [tag.name for tag in page.tags.all()]
    category = context.get("category") or page.get_parent()
    description = page.search_description or page.summary
    published = page.display_date
    modified = page.last_published_at or published
    publisher = {"@type": "Organization", "name": portal.authority or portal.unit_full_name,
                 "logo": {"@type": "ImageObject", "url": _absolute(request, static("img/emblem.svg"))}}
    article = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": Truncator(page.title).chars(110),
        "description": description,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": _iso(published),
        "dateModified": _iso(modified),
        "author": ({"@type": "Person", "name": page.author} if page.author
                   else {"@type": "Organization", "name": publisher["name"]}),
        "publisher": publisher,
        "articleSection": category.title if category else None,
        "keywords": tags or None,
    }
    if image:
        article["image"] = [image["url"]]
    rating = _aggregate_rating(context, page)
    if rating:
        article["aggregateRating"] = rating
    article = {key: value for key, value in article.items() if value is not None}
    crumbs = list(Page.objects.ancestor_of(page, inclusive=True).filter(depth__gt=1).live().public()
                  .only("id", "title", "url_path", "path", "depth"))
    breadcrumbs = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": crumb.title if n > 1 else _("Home"),
             "item": crumb.get_full_url(request)}
            for n, crumb in enumerate(crumbs, start=1)
        ],
    }
    return {
        "page": page, "url": url, "image": image, "description": description, "category": category,
        "published": _iso(published), "modified": _iso(modified), "portal": portal,
        "tags": tags,
        "article_jsonld": _jsonld(article), "breadcrumb_jsonld": _jsonld(breadcrumbs),
    }


@register.inclusion_tag("core/includes/share_links.html", takes_context=True)
def share_links(context, page):
    """Facebook and Zalo as plain links (no third-party script), copy-link and print through a local script."""
    url = page.get_full_url(context.get("request"))
    portal = _settings(context)
    return {
        "url": url,
        "portal_name": f"{portal.portal_title} {portal.unit_full_name}".strip(),
        "facebook": "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        "zalo": "https://sp.zalo.me/share_to?" + urlencode({"url": url}),
    }
