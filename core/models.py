"""What several rooms read: the unit's site settings and the units (departments) of its organisation.

PortalSettings: name, level, contact, readers' feedback switches; news, dossiers and the page frame read it.
Unit: the organisation chart shows the units, questions are assigned to them.

They live in the toolkit because a room may import neither the shell nor another room. Both moved here from
elsewhere (portal, organisation) with their tables kept under the old names: no data moved.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


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
        db_table = "portal_portalsettings"
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


class UnitKind(models.TextChoices):
    LEADERSHIP = "leadership", _("Leadership")
    OFFICE = "office", _("Office")
    DEPARTMENT = "department", _("Department (phòng)")
    BOARD = "board", _("Board (ban)")
    COMMUNE = "commune", _("Commune or town")
    OTHER = "other", _("Other unit")


class Unit(models.Model):
    """A unit of the local government: a phòng, a ban, a xã, nested under its parent.

    The organisation chart shows them and citizens' questions are assigned to them: two rooms need them, so they
    live in the toolkit. The table keeps its old name (`organisation_unit`): the model moved without its data.
    """

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=UnitKind.choices, default=UnitKind.DEPARTMENT)
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="children",
    )
    functions = models.TextField(_("functions"), blank=True, max_length=1000)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    email = models.EmailField(_("email"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    panels = [
        FieldPanel("name"), FieldPanel("kind"), FieldPanel("parent"), FieldPanel("functions"),
        MultiFieldPanel([FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")], heading=_("Contact")),
        FieldPanel("sort_order"),
    ]

    class Meta:
        db_table = "organisation_unit"
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class RateCounter(models.Model):
    """A rate-limit window's count while the cache (Redis) is unreachable: core/guard.py `rate_limited`.

    One row per limit, client and fixed window; raised by an atomic INSERT ... ON CONFLICT DO UPDATE, so every
    worker on every host counts exactly. Rows of past windows are pruned as the fallback runs.
    """

    key = models.CharField(max_length=255)
    window_start = models.BigIntegerField(help_text="Unix time (seconds) the fixed window began.")
    expires_at = models.BigIntegerField(db_index=True, help_text="Unix time (seconds) after which it can go.")
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="core_ratecounter_window")]

    def __str__(self):
        return f"{self.key} @ {self.window_start}: {self.hits}"
