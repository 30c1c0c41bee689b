"""What every page shares: the home page, the unit's details and the sidebar banners."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable, Page
from wagtail.search import index


class UnitLevel(models.TextChoices):
    """Administrative levels after the 2025 two-tier reform, plus the older ones still in use."""

    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    TOWN = "town", _("Town")
    URBAN_DISTRICT = "urban_district", _("Urban district")
    COMMUNE = "commune", _("Commune")
    WARD = "ward", _("Ward")
    SPECIAL_ZONE = "special_zone", _("Special zone")


@register_setting(icon="home")
class PortalSettings(BaseSiteSetting):
    """The local unit that runs this portal: one province can roll the same code out to every unit."""

    portal_title = models.CharField(
        _("portal title"), max_length=120, default="Trang thông tin điện tử",
        help_text=_("Shown above the unit's name in the page header."),
    )
    unit_level = models.CharField(
        _("administrative level"), max_length=20, choices=UnitLevel.choices, default=UnitLevel.DISTRICT
    )
    unit_name = models.CharField(
        _("unit name"), max_length=120, default="Mường Tè",
        help_text=_("The name without its level, e.g. “Mường Tè”."),
    )
    authority_name = models.CharField(
        _("people's committee"), max_length=160, blank=True,
        help_text=_("E.g. “UBND huyện Mường Tè”. Left empty, it is made from the level and the name."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    email = models.EmailField(_("email"), blank=True)
    editor_in_charge = models.CharField(
        _("responsible for content"), max_length=160, blank=True,
        help_text=_("Name and position of the person responsible for the portal's content."),
    )
    licence = models.CharField(
        _("licence"), max_length=255, blank=True, help_text=_("Operating licence number and issuing body.")
    )
    comments_enabled = models.BooleanField(
        _("comments enabled"), default=True, help_text=_("Readers may comment on articles.")
    )
    ratings_enabled = models.BooleanField(
        _("ratings enabled"), default=True, help_text=_("Readers may rate articles.")
    )
    comment_premoderation = models.BooleanField(
        _("Moderate comments before publishing"), default=True,
        help_text=_("New comments stay hidden until a moderator approves them."),
    )
    banned_words = models.TextField(
        _("banned words"), blank=True,
        help_text=_("One word or phrase per line; a comment containing one is marked as spam."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("portal_title"), FieldPanel("unit_level"), FieldPanel("unit_name"),
             FieldPanel("authority_name")],
            heading=_("Unit"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email"),
             FieldPanel("editor_in_charge"), FieldPanel("licence")],
            heading=_("Contact and responsibility"),
        ),
        MultiFieldPanel(
            [FieldPanel("comments_enabled"), FieldPanel("comment_premoderation"), FieldPanel("banned_words"),
             FieldPanel("ratings_enabled")],
            heading=_("Readers' comments and ratings"),
        ),
    ]

    class Meta:
        verbose_name = _("portal settings")

    @property
    def unit_full_name(self):
        """'Huyện Mường Tè': the level's label (capitalised) and the name."""
        return f"{self.get_unit_level_display()} {self.unit_name}".strip()

    @property
    def authority(self):
        if self.authority_name:
            return self.authority_name
        level = self.get_unit_level_display()
        return f"UBND {level[:1].lower()}{level[1:]} {self.unit_name}".strip()


class HomePage(Page):
    """The portal's front page: featured article, newest articles per category, sidebar."""

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
        from news.models import ArticleIndexPage, ArticlePage

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
