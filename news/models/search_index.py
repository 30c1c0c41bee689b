"""The search index: one row of normalised text per live article, refreshed whenever an article is published.

Kept as a table of our own (rather than Wagtail's search backend) so the same accent-insensitive matching and
ranking hold on PostgreSQL and SQLite; on PostgreSQL a GIN index covers to_tsvector('simple', text_plain).
"""

from html import unescape as unescape_entities

from django.db import models, transaction
from django.db.models.signals import post_migrate
from django.dispatch import receiver
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published, page_unpublished

from ..search_text import nfc_lower, normalize, padded, words
from .pages import ArticlePage

MAX_INDEXED_CHARS = 200_000


class ArticleSearchIndex(models.Model):
    page = models.OneToOneField(
        "news.ArticlePage", primary_key=True, on_delete=models.CASCADE, related_name="search_index",
        verbose_name=_("article"),
    )
    title_exact = models.TextField(_("title, lower-case"))
    title_plain = models.TextField(_("title, without tone marks"))
    text_exact = models.TextField(_("searchable text, lower-case"))
    text_plain = models.TextField(_("searchable text, without tone marks"))
    snippet_source = models.TextField(_("summary and body as plain text"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("article search entry")
        verbose_name_plural = _("article search entries")

    def __str__(self):
        return self.title_plain.strip()


def block_text(value):
    """The readable text of a StreamField block value (rich text, struct, list, table), tags removed."""
    source = getattr(value, "source", None)
    if source is not None:  # RichText
        return unescape_entities(strip_tags(source.replace("</p>", "</p> ").replace("<br", " <br")))
    if isinstance(value, dict):  # StructValue, table data
        if "data" in value and isinstance(value.get("data"), list):
            return " ".join(str(cell) for row in value["data"] for cell in (row or []) if cell)
        return " ".join(block_text(item) for key, item in value.items() if key not in ("image", "document"))
    if isinstance(value, list | tuple):
        return " ".join(block_text(item) for item in value)
    if isinstance(value, str):
        return value
    return ""


def body_text(page):
    return " ".join(text for text in (block_text(block.value) for block in page.body) if text.strip())


def entry_fields(page):
    tags = " ".join(tag.name for tag in page.tags.all())
    body = " ".join(body_text(page).split())
    snippet_source = f"{page.summary} {body}".strip()
    # Bounded, so the PostgreSQL tsvector (at most 1 MB) always fits; no article comes near it.
    text = " ".join([page.title, page.summary, body, tags, page.author])[:MAX_INDEXED_CHARS]
    return {
        "title_exact": padded(words(nfc_lower(page.title))),
        "title_plain": padded(words(normalize(page.title))),
        "text_exact": padded(words(nfc_lower(text))),
        "text_plain": padded(words(normalize(text))),
        "snippet_source": snippet_source,
    }


def index_article(page):
    ArticleSearchIndex.objects.update_or_create(page_id=page.pk, defaults=entry_fields(page))


def unindex_article(page_id):
    ArticleSearchIndex.objects.filter(page_id=page_id).delete()


def rebuild(stdout=None):
    """Index every live article and drop entries of the others; returns the number indexed."""
    count = 0
    live = ArticlePage.objects.live().prefetch_related("tagged_items__tag")
    with transaction.atomic():
        ArticleSearchIndex.objects.exclude(page__in=ArticlePage.objects.live()).delete()
        for page in live.iterator(chunk_size=500):
            index_article(page)
            count += 1
    return count


def _article(instance):
    specific = instance.specific_deferred if not isinstance(instance, ArticlePage) else instance
    return specific if isinstance(specific, ArticlePage) else None


@receiver(page_published)
def _on_publish(sender, instance, **kwargs):
    page = _article(instance)
    if page is not None:
        index_article(page)


@receiver(page_unpublished)
def _on_unpublish(sender, instance, **kwargs):
    if _article(instance) is not None:
        unindex_article(instance.pk)


@receiver(post_migrate)
def _fill_after_first_migration(sender, using="default", **kwargs):
    """Articles that existed before the search arrived get indexed once, right after `migrate`."""
    if getattr(sender, "name", None) != "news":
        return
    if not ArticleSearchIndex.objects.using(using).exists() and ArticlePage.objects.using(using).live().exists():
        rebuild()
