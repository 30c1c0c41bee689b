"""The library's list: GET filters (type, issuer, field, year, status, q), removable chips, pages.

Every filter is a plain query parameter, so the form works without JavaScript and a filtered
list can be bookmarked or shared.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.text import fold, search_filter

from .models import DocumentStatus, DocumentType, LegalDocumentPage

PER_PAGE = 20
FILTERS = ("q", "type", "issuer", "field", "year", "status")


def read_filters(request):
    return {name: request.GET.get(name, "").strip()[:200] for name in FILTERS}


def _document_type(value):
    """A type given by its id or by its name (accents and case ignored)."""
    if value.isdigit():
        return DocumentType.objects.filter(pk=int(value)).first()
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
        year = int(filters["year"]) if filters["year"].isdigit() else None
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
    "q": lambda: _("Search"),
    "type": lambda: _("Type"),
    "issuer": lambda: _("Issuing body"),
    "field": lambda: pgettext("subject area", "Field"),
    "year": lambda: _("Year"),
    "status": lambda: _("Status"),
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
