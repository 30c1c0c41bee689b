"""`import_documents`: CSV rows to document pages, idempotent by number + issuing body.

Every good row is kept; each bad one is reported as `line N <column>: <reason>`.
"""

import hashlib
from pathlib import Path

from django.core.files import File
from django.utils.text import slugify
from wagtail.coreutils import string_to_ascii
from wagtail.documents import get_document_model
from wagtail.models import Site

from core.importing import HeaderError, Result, RowError, parse_date, read_csv
from core.text import fold

from .models import DocumentIndexPage, DocumentStatus, DocumentType, LegalDocumentAttachment, LegalDocumentPage

COLUMNS = ("number", "type", "issuer", "issued_on", "effective_on", "signer", "field", "summary", "status", "file")
REQUIRED_COLUMNS = ("number", "type", "issuer", "issued_on", "summary")
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
STATUS_ALIASES = {
    "": DocumentStatus.IN_FORCE,
    "con hieu luc": DocumentStatus.IN_FORCE,
    "in force": DocumentStatus.IN_FORCE,
    "in_force": DocumentStatus.IN_FORCE,
    "het hieu luc": DocumentStatus.EXPIRED,
    "expired": DocumentStatus.EXPIRED,
    "no longer in force": DocumentStatus.EXPIRED,
}
FILE_EXTENSIONS = ("pdf", "docx", "xlsx", "doc", "xls", "odt", "ods")
LIMITS = {"number": 80, "type": 80, "issuer": 200, "signer": 160, "field": 160}


def document_date(column, value, required):
    if not value and required:
        raise RowError(column, "missing")
    return parse_date(value, column, DATE_FORMATS, reason="not a date: %(value)r (use DD/MM/YYYY or YYYY-MM-DD)")


def clean_row(row, base_dir):
    values = {name: (row.get(name) or "").strip() for name in COLUMNS}
    for name in REQUIRED_COLUMNS:
        if not values[name]:
            raise RowError(name, "missing")
    for name, limit in LIMITS.items():
        if len(values[name]) > limit:
            raise RowError(name, f"longer than {limit} characters")
    issued_on = document_date("issued_on", values["issued_on"], required=True)
    effective_on = document_date("effective_on", values["effective_on"], required=False)
    if effective_on and effective_on < issued_on:
        raise RowError("effective_on", "before the issue date")
    status = STATUS_ALIASES.get(fold(values["status"]))
    if status is None:
        raise RowError("status", f"unknown status: {values['status']!r} (còn hiệu lực / hết hiệu lực)")
    path = None
    if values["file"]:
        path = (base_dir / values["file"]).resolve()
        # Only files in the CSV's folder (or below it): no "../", no absolute path, no link leading out of it.
        if not path.is_relative_to(Path(base_dir).resolve()):
            raise RowError("file", f"outside the folder of the CSV file: {values['file']}")
        if path.suffix.lower().lstrip(".") not in FILE_EXTENSIONS:
            raise RowError("file", f"not a PDF, DOCX or XLSX file: {values['file']}")
        if not path.is_file():
            raise RowError("file", f"no such file: {values['file']}")
    return {
        "number": values["number"],
        "type": values["type"],
        "issuer": values["issuer"],
        "issued_on": issued_on,
        "effective_on": effective_on,
        "signer": values["signer"],
        "field": values["field"],
        "summary": values["summary"],
        "status": status,
        "file": path,
    }


def library(create=True, home=None):
    """The documents library page; created under the home page (`home`, or the default site's root page) as
    /van-ban/ when there is none."""
    index = DocumentIndexPage.objects.order_by("path").first()
    if index is not None or not create:
        return index
    if home is None:
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        home = site.root_page
    index = DocumentIndexPage(title="Văn bản", slug="van-ban", show_in_menus=True)
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def unique_slug(index, number):
    base = slugify(string_to_ascii(number))[:70] or "van-ban"
    slug, n = base, 1
    siblings = set(index.get_children().values_list("slug", flat=True))
    while slug in siblings:
        n += 1
        slug = f"{base}-{n}"
    return slug


def title_for(values):
    return f"{values['type']} {values['number']}"[:255]


def attach(page, path):
    """Attach the file unless a file with the same content already is; True when attached."""
    content = path.read_bytes()
    digest = hashlib.sha1(content, usedforsecurity=False).hexdigest()
    for attachment in page.attachments.select_related("document"):
        if attachment.document.file_hash == digest:
            return False
    Document = get_document_model()
    with path.open("rb") as handle:
        document = Document(title=path.stem, file=File(handle, name=path.name))
        document.file_hash = digest
        document.file_size = len(content)
        document.save()
    LegalDocumentAttachment.objects.create(page=page, document=document, sort_order=page.attachments.count())
    return True


FIELDS = ("number", "issuer", "issued_on", "effective_on", "signer", "field", "summary", "status")


def save_row(index, values, kinds):
    kind = kinds.get(fold(values["type"]))
    if kind is None:
        kind = kinds[fold(values["type"])] = DocumentType.for_name(values["type"])
    page = LegalDocumentPage.objects.filter(number=values["number"], issuer=values["issuer"]).first()
    if page is None:
        page = LegalDocumentPage(
            title=title_for(values), slug=unique_slug(index, values["number"]), document_type=kind,
            **{name: values[name] for name in FIELDS},
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        outcome = "created"
    else:
        changed = page.document_type_id != kind.pk or any(getattr(page, n) != values[n] for n in FIELDS)
        if changed:
            page.document_type = kind
            for name in FIELDS:
                setattr(page, name, values[name])
            page.title = title_for(values)
            page.save_revision().publish()
        outcome = "updated" if changed else "unchanged"
    if values["file"] and attach(page, values["file"]) and outcome == "unchanged":
        outcome = "updated"
    return outcome


def import_documents(path, index=None):
    """Import the CSV file at `path`; a Result whose `rejected` lists `line N <column>: <reason>`.
    Raises FileNotFoundError, or HeaderError when the file is not UTF-8 or lacks a required column."""
    path = Path(path)
    result = Result()
    try:
        rows = read_csv(path, COLUMNS, required=REQUIRED_COLUMNS, result=result)
    except UnicodeDecodeError as error:
        raise HeaderError(f"the file is not UTF-8 text: {error}") from None
    except HeaderError as error:
        raise HeaderError(
            f"line 1: missing columns: {', '.join(error.missing)} (expected: {','.join(COLUMNS)})"
        ) from None
    base_dir = path.resolve().parent
    index = index or library()
    kinds = {}
    for line, row in rows:
        outcome, error = result.run_row(line, save_good_row, index, row, base_dir, kinds)
        if error is None:
            result.add(outcome)
        else:
            kinds.clear()  # the row's transaction rolled back: a type created for it no longer exists
    return result


def save_good_row(index, row, base_dir, kinds):
    """Check the row completely, then write it (the caller's transaction)."""
    return save_row(index, clean_row(row, base_dir), kinds)
