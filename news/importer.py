"""Import articles from a legacy portal's JSON Lines export (see `manage.py import_articles`).

Each line is checked completely before anything is written, and each record is written in its
own transaction: a bad line is rejected with its field and reason, every good line is kept,
and nothing is ever half-written (`core.importing`: the row error, the result, the date parser).
"""

import json
import re
from dataclasses import dataclass

import nh3
from django.conf import settings
from django.utils.text import slugify
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.coreutils import string_to_ascii
from wagtail.models import Page
from wagtail.rich_text import RichText

from core.importing import Result, RowError, parse_datetime

from .models import ArticleIndexPage, ArticlePage

REQUIRED = ("legacy_id", "category", "title", "published_at", "body_html")
COUNTERS = ("views", "rating_total", "rating_count")
# What the article body's rich-text editor allows (settings.RICH_TEXT_FEATURES), as HTML tags.
ALLOWED_TAGS = {"p", "br", "h2", "h3", "h4", "b", "strong", "i", "em", "ul", "ol", "li", "a", "blockquote",
                "hr", "sup", "sub"}
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
BLOCK_KEY_RE = re.compile(r' data-block-key="[^"]*"')


Rejected = RowError  # Rejected(field, reason): the record is rejected for that field


@dataclass
class Outcome:
    action: str  # created, updated, unchanged or rejected
    key: str  # the legacy_id, or "line N" when there is none
    path: str = ""
    field: str = ""
    reason: str = ""

    def line(self):
        if self.action == "rejected":
            return f"rejected {self.key} {self.field}: {self.reason}"
        # An unchanged record is reported as updated: it is in its imported state.
        action = "updated" if self.action == "unchanged" else self.action
        return f"{action} {self.key} {self.path}"


def make_slug(text):
    """The title transliterated to ASCII (đ → d), lower-case, hyphens: 'Đảng bộ' → 'dang-bo'."""
    return slugify(string_to_ascii(text))[:255].strip("-") or "bai-viet"


def clean_body(html):
    """Reduce legacy HTML to what the rich-text editor allows: scripts, styles, event handlers and
    foreign elements go, their text stays (table cells are kept apart by a space)."""
    html = re.sub(r"<(/?)h1\b", r"<\1h2", html, flags=re.IGNORECASE)
    html = re.sub(r"<(/?)h[56]\b", r"<\1h4", html, flags=re.IGNORECASE)
    html = re.sub(r"(</t[dh]\s*>)", r" \1", html, flags=re.IGNORECASE)
    cleaned = nh3.clean(
        html, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, url_schemes={"http", "https", "mailto"},
        link_rel=None, clean_content_tags={"script", "style", "noscript", "template"}, strip_comments=True,
    )
    # The editor's own converter normalises the markup exactly as saving from the editor would.
    converter = ContentstateConverter(settings.RICH_TEXT_FEATURES)
    return converter.to_database_format(converter.from_database_format(cleaned))


def comparable(html):
    return BLOCK_KEY_RE.sub("", html or "")


def parse_published_at(value):
    """ISO 8601; without an offset, legacy times are local (Asia/Ho_Chi_Minh)."""
    if not isinstance(value, str) or not value.strip():
        raise Rejected("published_at", "must be an ISO 8601 date-time string")
    return parse_datetime(value, "published_at", reason="not an ISO 8601 date-time: %(value)r")


def parse_counter(record, field):
    value = record.get(field, 0)
    if value is None:
        return 0
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise Rejected(field, f"must be a non-negative integer, got {value!r}")
    if value < 0:
        raise Rejected(field, f"must not be negative, got {value}")
    if value > 2_147_483_647:
        raise Rejected(field, f"is too large: {value}")
    return value


def optional_text(record, field, max_length=None):
    value = record.get(field)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Rejected(field, f"must be a string, got {type(value).__name__}")
    value = value.strip()
    if max_length and len(value) > max_length:
        raise Rejected(field, f"is longer than {max_length} characters")
    return value


def parse_json(raw):
    try:
        return json.loads(raw)
    except json.JSONDecodeError as error:
        raise Rejected("json", f"invalid JSON ({error.msg} at column {error.colno})") from None


def validate(record):
    """Check one record completely, before anything is written. Returns clean values."""
    if not isinstance(record, dict):
        raise Rejected("json", "each line must be a JSON object")
    for field in REQUIRED:
        value = record.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise Rejected(field, "is required")
    for field in ("legacy_id", "category", "title", "body_html"):
        if not isinstance(record[field], str):
            raise Rejected(field, f"must be a string, got {type(record[field]).__name__}")
    data = {
        "legacy_id": record["legacy_id"].strip(),
        "category": " ".join(record["category"].split()),
        "title": " ".join(record["title"].split()),
        "published_at": parse_published_at(record["published_at"]),
        "author": optional_text(record, "author", 160),
        "summary": optional_text(record, "summary"),
    }
    if len(data["legacy_id"]) > 64:
        raise Rejected("legacy_id", "is longer than 64 characters")
    if len(data["title"]) > 255:
        raise Rejected("title", "is longer than 255 characters")
    if len(data["category"]) > 255:
        raise Rejected("category", "is longer than 255 characters")
    slug = optional_text(record, "slug", 255).lower()
    if slug and not SLUG_RE.match(slug):
        raise Rejected("slug", f"may hold only a-z, 0-9 and single hyphens, got {slug!r}")
    data["slug"] = slug
    tags = record.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise Rejected("tags", "must be a list of strings")
    data["tags"] = sorted({" ".join(tag.split())[:100] for tag in tags if tag.strip()})
    for field in COUNTERS:
        data[field] = parse_counter(record, field)
    body = clean_body(record["body_html"])
    if not re.sub(r"<[^>]+>", "", body).strip():
        raise Rejected("body_html", "holds no text once scripts and disallowed markup are removed")
    data["body"] = body
    return data


class ArticleImporter:
    def __init__(self, home=None):
        self.home = home or self._home()
        self.categories = {}
        self.result = Result()  # the counts and errors of every line run so far

    @staticmethod
    def _home():
        from wagtail.models import Site

        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise RuntimeError("no default Site: run `manage.py migrate` first")
        return site.root_page

    def run(self, lines):
        """Yield one Outcome per non-blank line."""
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            yield self.import_line(number, raw)

    def import_line(self, number, raw):
        key = f"line {number}"
        record, rejection = self.result.run_row(number, parse_json, raw, atomic=False)
        if rejection is not None:
            return Outcome("rejected", key, field=rejection.column, reason=rejection.reason)
        if isinstance(record, dict) and isinstance(record.get("legacy_id"), str) and record["legacy_id"].strip():
            key = record["legacy_id"].strip()
        outcome, rejection = self.result.run_row(number, self.check_and_save, key, record)
        if rejection is not None:
            # The transaction rolled back: a category made for this record no longer exists.
            self.categories.clear()
            return Outcome("rejected", key, field=rejection.column, reason=rejection.reason)
        self.result.add(outcome.action)
        return outcome

    def check_and_save(self, key, record):
        return self.save(key, validate(record))

    def category_for(self, title):
        if title in self.categories:
            return self.categories[title]
        matches = list(ArticleIndexPage.objects.descendant_of(self.home).filter(title=title).order_by("depth", "path"))
        category = matches[0] if matches else None
        if category is None:
            slug = self.free_slug(self.home, make_slug(title))
            category = ArticleIndexPage(title=title, slug=slug, show_in_menus=True)
            self.home.add_child(instance=category)
            category.save_revision().publish()
        self.categories[title] = category
        return category

    @staticmethod
    def free_slug(parent, slug, exclude=None):
        taken = set(Page.objects.child_of(parent).exclude(pk=exclude).values_list("slug", flat=True))
        candidate, n = slug, 2
        while candidate in taken:
            candidate = f"{slug[:250]}-{n}"
            n += 1
        return candidate

    def save(self, key, data):
        category = self.category_for(data["category"])
        page = ArticlePage.objects.filter(legacy_id=data["legacy_id"]).first()
        if data["slug"]:
            clash = Page.objects.child_of(category).filter(slug=data["slug"])
            if page is not None:
                clash = clash.exclude(pk=page.pk)
            if clash.exists():
                raise Rejected("slug", f"{data['slug']!r} is already used by another page in {data['category']!r}")
        if page is None:
            return self.create(key, category, data)
        return self.update(key, page, category, data)

    @staticmethod
    def apply(page, data):
        page.title = data["title"]
        page.draft_title = data["title"]
        page.summary = data["summary"]
        page.author = data["author"]
        page.date = data["published_at"]
        page.body = [("paragraph", RichText(data["body"]))]
        page.legacy_views = data["views"]
        page.legacy_rating_total = data["rating_total"]
        page.legacy_rating_count = data["rating_count"]

    def create(self, key, category, data):
        page = ArticlePage(legacy_id=data["legacy_id"])
        self.apply(page, data)
        page.slug = data["slug"] or self.free_slug(category, make_slug(data["title"]))
        page.first_published_at = data["published_at"]
        page.tags.add(*data["tags"])
        category.add_child(instance=page)
        page.save_revision().publish()
        return Outcome("created", key, path=self.path_of(page))

    def update(self, key, page, category, data):
        moved = page.get_parent().pk != category.pk
        current_body = comparable(page.body[0].value.source) if len(page.body) == 1 else None
        unchanged = (
            not moved
            and page.live
            and not page.has_unpublished_changes
            and page.title == data["title"]
            and (not data["slug"] or page.slug == data["slug"])
            and page.summary == data["summary"]
            and page.author == data["author"]
            and page.date == data["published_at"]
            and current_body == comparable(data["body"])
            and sorted(tag.name for tag in page.tags.all()) == data["tags"]
            and (page.legacy_views, page.legacy_rating_total, page.legacy_rating_count)
            == (data["views"], data["rating_total"], data["rating_count"])
        )
        if unchanged:
            return Outcome("unchanged", key, path=self.path_of(page))
        if moved:
            page.move(category, pos="last-child")
            page.refresh_from_db()
            siblings = Page.objects.child_of(category).exclude(pk=page.pk)
            if not data["slug"] and siblings.filter(slug=page.slug).exists():
                page.slug = self.free_slug(category, page.slug, exclude=page.pk)
        self.apply(page, data)
        if data["slug"]:
            page.slug = data["slug"]
        page.tags.set(data["tags"])
        page.save_revision().publish()
        page.refresh_from_db()
        return Outcome("updated", key, path=self.path_of(page))

    @staticmethod
    def path_of(page):
        parts = page.get_url_parts()
        return parts[2] if parts else page.url_path
