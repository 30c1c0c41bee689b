"""Categories and articles: the news and party-building pages citizens read."""

from django.core.paginator import Paginator
from django.db import models
from django.db.models import F, Window
from django.db.models.functions import Coalesce, Length, RowNumber, Substr
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from core.blocks import ArticleBodyBlock
from stats.api import page_view_count  # the one door between rooms: news asks stats for view counts

from ..feeds import CategoryFeed
from .feedback import Comment, live_rating_totals

ARTICLES_PER_PAGE = 10


class ArticleIndexPage(RoutablePageMixin, Page):
    """A category ("chuyên mục") such as "Tin tức - Sự kiện" or "Xây dựng Đảng"; categories nest."""

    # The query parameters this page reads; the page cache ignores every other one (portal/page_cache.py).
    cache_parameters = ("page",)

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage", "news.ArticleIndexPage"]
    subpage_types = ["news.ArticleIndexPage", "news.ArticlePage"]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.live().public().descendant_of(self).for_listing()
        context["articles"] = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
        context["subcategories"] = ArticleIndexPage.objects.child_of(self).live().public()
        return context

    @path("rss/")
    def rss(self, request):
        return CategoryFeed(ArticlePage.objects.all())(request, category=self)

    def get_feed_links(self):
        """(title, URL) of the feeds the head of this page announces (core's seo_tags asks): this category's."""
        return [(self.title, f"{self.url}{self.reverse_subpage('rss')}")]


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey("news.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE)


class ArticlePageQuerySet(PageQuerySet):
    def with_sort_date(self):
        # The date line is the editor's publish date, else the first publication.
        return self.annotate(sort_date=Coalesce("date", "first_published_at", "latest_revision_created_at"))

    def for_listing(self):
        return (
            self.with_sort_date()
            .select_related("feed_image").prefetch_related("feed_image__renditions")
            .order_by(F("sort_date").desc(nulls_last=True), "-pk")
        )

    def newest_per_category(self, categories, limit):
        """{category path: [newest articles directly in it]} in one query, not one per category."""
        if not categories:
            return {}
        depth = categories[0].depth + 1
        parent_path = Substr("path", 1, Length("path") - Page.steplen)
        queryset = (
            self.live().public().filter(depth=depth)
            .with_sort_date()
            .annotate(parent_path=parent_path)
            .filter(parent_path__in=[category.path for category in categories])
            .annotate(
                rank=Window(
                    RowNumber(), partition_by=[parent_path],
                    order_by=[F("sort_date").desc(nulls_last=True), F("pk").desc()],
                )
            )
            .filter(rank__lte=limit)
            .select_related("feed_image").prefetch_related("feed_image__renditions")
            .order_by("parent_path", "rank")
        )
        grouped = {}
        for article in queryset:
            grouped.setdefault(article.parent_path, []).append(article)
        return grouped


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)


class ArticlePage(Page):
    """A news or party-building article, laid out as on the legacy portal."""

    # The query parameters this page reads; the page cache ignores every other one (portal/page_cache.py).
    cache_parameters = ("y-kien",)  # the comments' page number (news/templatetags/feedback_tags.py)

    date = models.DateTimeField(
        _("publish date"), null=True, blank=True,
        help_text=_("Shown in the date line. Left empty, the date of first publication is used."),
    )
    summary = models.TextField(_("summary"), max_length=600, help_text=_("One or two sentences, shown in bold."))
    feed_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("featured image"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"))
    author = models.CharField(_("author"), max_length=160, blank=True)
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True, verbose_name=_("tags"))

    # Figures carried over from the legacy portal; live counts are added to them.
    legacy_id = models.CharField(_("legacy ID"), max_length=64, null=True, blank=True, unique=True)
    legacy_views = models.PositiveIntegerField(_("legacy view count"), default=0)
    legacy_rating_total = models.PositiveIntegerField(_("legacy rating points"), default=0)
    legacy_rating_count = models.PositiveIntegerField(_("legacy number of ratings"), default=0)

    # Readers' feedback switches; the site-wide ones are in PortalSettings.
    allow_comments = models.BooleanField(_("allow comments"), default=True)
    allow_ratings = models.BooleanField(_("allow ratings"), default=True)

    objects = ArticlePageManager()

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("feed_image"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("author"), FieldPanel("date"), FieldPanel("tags")], heading=_("Details")),
    ]
    legacy_panels = [
        FieldPanel("legacy_id", read_only=True),
        FieldPanel("legacy_views", read_only=True),
        FieldPanel("legacy_rating_total", read_only=True),
        FieldPanel("legacy_rating_count", read_only=True),
    ]
    edit_handler = TabbedInterface([
        ObjectList(content_panels, heading=_("Content")),
        ObjectList(Page.promote_panels, heading=_("Promote")),
        ObjectList(Page.settings_panels + [
            MultiFieldPanel(
                [FieldPanel("allow_comments"), FieldPanel("allow_ratings")], heading=_("Readers' feedback")
            ),
        ], heading=_("Settings")),
        ObjectList(legacy_panels, heading=_("Legacy data")),
    ])

    parent_page_types = ["news.ArticleIndexPage"]
    subpage_types = []
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("author"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    @property
    def display_date(self):
        return self.date or self.first_published_at or self.latest_revision_created_at

    @cached_property
    def category(self):
        return self.get_parent().specific

    def get_feed_links(self):
        """An article announces its category's feed."""
        category = self.category
        return category.get_feed_links() if isinstance(category, ArticleIndexPage) else []

    def view_count(self):
        return self.legacy_views + page_view_count(self.pk)

    def comment_count(self):
        """Approved comments only: pending, rejected and spam ones are not the public's."""
        return Comment.objects.approved().filter(page=self).count()

    def rating_totals(self):
        """(sum of scores, number of ratings), legacy figures included."""
        total, count = live_rating_totals(self.pk)
        return self.legacy_rating_total + total, self.legacy_rating_count + count

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        category = self.category
        siblings = ArticlePage.objects.live().public().child_of(category).with_sort_date().exclude(pk=self.pk)
        mine = self.display_date
        context["category"] = category
        newer = siblings.filter(sort_date__gt=mine).order_by("sort_date", "pk")[:5] if mine else []
        context["newer_articles"] = list(newer)[::-1]
        older = siblings.filter(sort_date__lt=mine).order_by("-sort_date", "-pk")[:5] if mine else []
        context["older_articles"] = older
        rating_total, rating_count = self.rating_totals()
        context.update(
            views=self.view_count(), comments=self.comment_count(),
            rating_total=rating_total, rating_count=rating_count,
        )
        return context

