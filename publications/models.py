"""The documents library ("Văn bản"): document types, the library page and one page per document.

The library's list (at the end): GET filters (type, issuer, field, year, status, q), removable chips, pages.
Every filter is a plain query parameter, so the form works without JavaScript and a filtered list can be
bookmarked or shared.
"""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core import params
from core.text import fold, search_filter


class DocumentType(models.Model):
    """Nghị quyết, Quyết định, Kế hoạch…: an editable list (a snippet)."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    panels = [FieldPanel("name"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    @classmethod
    def for_name(cls, name):
        """The type whose name matches `name` ignoring accents and case, created when new."""
        wanted = fold(name)
        for existing in cls.objects.all():
            if fold(existing.name) == wanted:
                return existing
        return cls.objects.create(name=name.strip())


class DocumentStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("No longer in force")


class DocumentIndexPage(Page):
    """The library at /van-ban/: filters, accent-insensitive search, newest issue date first."""

    # The query parameters this page reads; the page cache ignores every other one (portal/page_cache.py).
    cache_parameters = ("q", "type", "issuer", "field", "year", "status", "page")  # FILTERS and the list

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["publications.LegalDocumentPage"]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("documents library")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(listing_context(self, request))
        return context


class LegalDocumentPage(Page):
    """One document: number and symbol, type, issuer, dates, signer, field, summary, status, files."""

    # The query parameters this page reads; the page cache ignores every other one (portal/page_cache.py).
    cache_parameters = ()

    number = models.CharField(_("number and symbol"), max_length=80, help_text=_("E.g. “13-KH/HU”."))
    document_type = models.ForeignKey(
        DocumentType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="documents"
    )
    issuer = models.CharField(_("issuing body"), max_length=200)
    issued_on = models.DateField(_("issue date"))
    effective_on = models.DateField(_("effective date"), null=True, blank=True)
    signer = models.CharField(_("signer"), max_length=160, blank=True)
    field = models.CharField(_("field"), max_length=160, blank=True, help_text=_("E.g. “Đất đai”, “Giáo dục”."))
    summary = models.TextField(_("summary"), help_text=_("The document's trích yếu."))
    status = models.CharField(
        _("status"), max_length=12, choices=DocumentStatus.choices, default=DocumentStatus.IN_FORCE
    )
    replaced_by = models.ForeignKey(
        "self", verbose_name=_("replaced by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="replaces",
    )
    # Folded number and summary (core.text.fold), refreshed on every save, for the library's search.
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)

    content_panels = Page.content_panels + [
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("number"), FieldPanel("document_type")]),
            FieldPanel("issuer"),
            FieldRowPanel([FieldPanel("issued_on"), FieldPanel("effective_on")]),
            FieldRowPanel([FieldPanel("signer"), FieldPanel("field")]),
        ], heading=_("Details")),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("status"), FieldPanel("replaced_by")], heading=_("Status")),
        InlinePanel("attachments", label=_("Attached files"), min_num=0),
    ]
    parent_page_types = ["publications.DocumentIndexPage"]
    subpage_types = []
    search_fields = Page.search_fields + [
        index.SearchField("number"),
        index.SearchField("summary"),
        index.SearchField("search_text"),
        index.SearchField("issuer"),
        index.FilterField("issued_on"),
    ]

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["issued_on"])]

    def clean(self):
        super().clean()
        if self.issued_on and self.effective_on and self.effective_on < self.issued_on:
            raise ValidationError({"effective_on": _("A document cannot take effect before it is issued.")})
        if self.replaced_by_id and self.replaced_by_id == self.pk:
            raise ValidationError({"replaced_by": _("A document cannot replace itself.")})
        duplicate = LegalDocumentPage.objects.filter(number=self.number, issuer=self.issuer).exclude(pk=self.pk)
        if self.number and duplicate.exists():
            raise ValidationError({"number": _("This issuing body already has a document with this number.")})

    def save(self, *args, **kwargs):
        self.search_text = search_text(self.number, self.summary)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    @property
    def type_label(self):
        return self.document_type.name if self.document_type_id else ""


def search_text(number, summary):
    """Folded number (also split at its punctuation, so '13 kh hu' finds '13-KH/HU') and summary."""
    folded_number = fold(number)
    split = " ".join("".join(c if c.isalnum() else " " for c in folded_number).split())
    return f"{folded_number} {split} {fold(summary)}".strip()


class LegalDocumentAttachment(Orderable):
    page = ParentalKey(LegalDocumentPage, related_name="attachments", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("file"), on_delete=models.CASCADE, related_name="+"
    )
    label = models.CharField(
        _("link text"), max_length=160, blank=True, help_text=_("Defaults to the file's title.")
    )

    panels = [FieldPanel("document"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")

    @property
    def text(self):
        return self.label or self.document.title

    @property
    def extension(self):
        return self.document.file_extension.upper()


# --- The library's list ----------------------------------------------------------------------------

PER_PAGE = 20
FILTERS = ("q", "type", "issuer", "field", "year", "status")


def read_filters(request):
    return {name: params.text(request.GET.get(name), 200) for name in FILTERS}


def _document_type(value):
    """A type given by its id or by its name (accents and case ignored)."""
    pk = params.positive_int(value)
    if pk is not None:
        return DocumentType.objects.filter(pk=pk).first()
    wanted = fold(value)
    return next((kind for kind in DocumentType.objects.all() if fold(kind.name) == wanted), None)


def _status(value):
    if value in DocumentStatus.values:
        return value
    folded = fold(value)
    for choice, label in DocumentStatus.choices:
        if folded in (fold(str(label)), fold(choice)):
            return choice
    aliases = {"con hieu luc": DocumentStatus.IN_FORCE, "het hieu luc": DocumentStatus.EXPIRED}
    return aliases.get(folded)


def documents_of(index):
    return (
        LegalDocumentPage.objects.live().public().child_of(index)
        .select_related("document_type")
        .order_by("-issued_on", "-pk")
    )


def apply_filters(documents, filters):
    """(filtered documents, {filter: label} of the filters that apply)."""
    applied = {}
    if filters["type"]:
        kind = _document_type(filters["type"])
        documents = documents.filter(document_type=kind) if kind else documents.none()
        applied["type"] = kind.name if kind else filters["type"]
    for name in ("issuer", "field"):
        if filters[name]:
            documents = documents.filter(**{name: filters[name]})
            applied[name] = filters[name]
    if filters["year"]:
        year = params.year(filters["year"])
        documents = documents.filter(issued_on__year=year) if year else documents.none()
        applied["year"] = filters["year"]
    if filters["status"]:
        status = _status(filters["status"])
        documents = documents.filter(status=status) if status else documents.none()
        applied["status"] = str(DocumentStatus(status).label) if status else filters["status"]
    if filters["q"]:
        documents = search_filter(documents, "search_text", filters["q"])
        applied["q"] = filters["q"]
    return documents, applied


FILTER_LABELS = {
    "q": lambda: gettext("Search"),
    "type": lambda: gettext("Type"),
    "issuer": lambda: gettext("Issuing body"),
    "field": lambda: pgettext("subject area", "Field"),
    "year": lambda: gettext("Year"),
    "status": lambda: gettext("Status"),
}


def chips(filters, applied):
    """A removable chip per applied filter: its label, value, and the address without it."""
    active = {name: value for name, value in filters.items() if value}
    result = []
    for name in applied:
        rest = {key: value for key, value in active.items() if key != name}
        result.append({
            "name": name, "label": FILTER_LABELS[name](), "value": applied[name],
            "url": "?" + urlencode(rest),
        })
    return result


def choices(index):
    """The values the filter form offers, taken from the published documents."""
    documents = LegalDocumentPage.objects.live().public().child_of(index).order_by()
    years = (
        documents.annotate(year=ExtractYear("issued_on")).values_list("year", flat=True).distinct()
    )
    return {
        "types": DocumentType.objects.filter(documents__in=documents).distinct().order_by("sort_order", "name"),
        "issuers": sorted(set(documents.values_list("issuer", flat=True))),
        "fields": sorted(set(documents.exclude(field="").values_list("field", flat=True))),
        "years": sorted(set(years), reverse=True),
        "statuses": DocumentStatus.choices,
    }


def listing_context(index, request):
    filters = read_filters(request)
    documents, applied = apply_filters(documents_of(index), filters)
    active = {name: value for name, value in filters.items() if value}
    selected_type = _document_type(filters["type"]) if filters["type"] else None
    return {
        "filters": filters,
        "selected_type": selected_type.pk if selected_type else None,
        "selected_status": _status(filters["status"]) if filters["status"] else "",
        "documents": Paginator(documents, PER_PAGE).get_page(request.GET.get("page")),
        "chips": chips(filters, applied),
        "query_prefix": urlencode(active),
        "choices": choices(index),
    }
