"""The shell's pages: the home page and the sidebar banners (the unit's details are core.models.PortalSettings)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index

from news.models import ArticleIndexPage, ArticlePage


class HomePage(Page):
    """The portal's front page: featured article, newest articles per category, sidebar."""

    # The query parameters this page reads; the page cache ignores every other one (portal/page_cache.py).
    cache_parameters = ()

    featured_article = models.ForeignKey(
        "news.ArticlePage", verbose_name=_("featured article"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("Shown large at the top. Left empty, the newest article is featured."),
    )
    articles_per_category = models.PositiveSmallIntegerField(
        _("articles per category"), default=5, help_text=_("How many of each category's newest articles to show.")
    )

    content_panels = Page.content_panels + [
        FieldPanel("featured_article"),
        FieldPanel("articles_per_category"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "news.ArticleIndexPage", "publications.DocumentIndexPage", "dossiers.ProcedureIndexPage",
        "organisation.GeneralPage", "organisation.OrganisationChartPage", "organisation.EnglishIntroductionPage",
        "questions.QuestionIndexPage", "questions.ContactPage",
    ]
    max_count = 1
    search_fields = Page.search_fields

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        categories = list(ArticleIndexPage.objects.child_of(self).live().public().in_menu())
        newest = ArticlePage.objects.newest_per_category(categories, self.articles_per_category)
        featured = self.featured_article
        if featured is None or not featured.live:
            featured = ArticlePage.objects.live().public().descendant_of(self).for_listing().first()
        context["featured"] = featured
        context["category_blocks"] = [
            (category, newest.get(category.path, [])) for category in categories
        ]
        return context


class Banner(Orderable):
    """An editor-managed sidebar banner, such as the administrative map."""

    title = models.CharField(_("title"), max_length=160)
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), on_delete=models.PROTECT, related_name="+"
    )
    alt_text = models.CharField(
        _("alternative text"), max_length=255,
        help_text=_("What the image shows, read aloud to blind readers."),
    )
    link_url = models.URLField(_("link"), blank=True)
    link_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("link to a page"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    show_title = models.BooleanField(_("show title"), default=True)
    active = models.BooleanField(_("shown"), default=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("image"),
        FieldPanel("alt_text"),
        FieldPanel("link_url"),
        FieldPanel("link_page"),
        FieldPanel("show_title"),
        FieldPanel("active"),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("banner")
        verbose_name_plural = _("banners")

    def __str__(self):
        return self.title

    @property
    def url(self):
        if self.link_page_id:
            return self.link_page.url
        return self.link_url
