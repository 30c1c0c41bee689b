"""RSS 2.0 feeds: the whole portal at /rss/, each category at <category path>rss/ (a route of ArticleIndexPage).

A feed is given the articles it may list (ArticlePage.objects), so this module needs no page model.
"""

import logging

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from core.models import PortalSettings

FEED_SIZE = 30
ENCLOSURE_RENDITION = "fill-1200x630|format-jpeg"
logger = logging.getLogger(__name__)


class PortalRssFeed(Rss201rev2Feed):
    content_type = "application/rss+xml; charset=utf-8"


def portal_settings(request):
    return PortalSettings.for_request(request)


class ArticleFeed(Feed):
    """The newest articles under the site's root page; `articles` is the article model's queryset."""

    feed_type = PortalRssFeed

    def __init__(self, articles):
        self.articles = articles

    def __call__(self, request, *args, **kwargs):
        self.request = request
        self.settings = portal_settings(request)
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        site = Site.find_for_request(request)
        return site.root_page.specific if site else None

    def site_name(self):
        return f"{self.settings.portal_title} {self.settings.unit_full_name}".strip()

    def title(self, obj):
        return self.site_name()

    def link(self, obj):
        return obj.get_url(self.request) if obj is not None else "/"

    def description(self, obj):
        return _("The newest articles of %(site)s") % {"site": self.site_name()}

    def feed_url(self, obj):
        return self.request.path

    def items(self, obj):
        articles = self.articles.live().public()
        if obj is not None:
            articles = articles.descendant_of(obj)
        items = list(articles.for_listing()[:FEED_SIZE])
        # Every item's category in one query rather than one per item.
        steplen = Page.steplen
        parents = {page.path: page for page in Page.objects.filter(
            path__in={item.path[:-steplen] for item in items}).only("id", "title", "path")}
        for item in items:
            item.feed_category = parents.get(item.path[:-steplen])
        return items

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.search_description or item.summary

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        # RFC 822 dates in the portal's own offset (+0700), as readers in Vietnam expect.
        date = item.display_date
        return timezone.localtime(date) if date else None

    def item_updateddate(self, item):
        return timezone.localtime(item.last_published_at) if item.last_published_at else None

    def item_author_name(self, item):
        return item.author or None

    def item_categories(self, item):
        category = getattr(item, "feed_category", None)
        return [category.title] if category else []

    def item_enclosures(self, item):
        if not item.feed_image:
            return []
        try:
            rendition = item.feed_image.get_rendition(ENCLOSURE_RENDITION)
            url = rendition.url
            if url.startswith("/"):
                url = self.request.build_absolute_uri(url)
            return [Enclosure(url, str(rendition.file.size), "image/jpeg")]
        except (OSError, ValueError):  # a missing original file must not take the feed down
            logger.warning("no enclosure for article %s: image file missing", item.pk)
            return []


class CategoryFeed(ArticleFeed):
    def get_object(self, request, *args, **kwargs):
        return kwargs["category"]

    def title(self, obj):
        return f"{obj.title} - {self.site_name()}"

    def description(self, obj):
        return _("The newest articles in %(category)s") % {"category": obj.title}

