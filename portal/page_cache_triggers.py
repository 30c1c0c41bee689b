"""What makes the stored pages stale (portal.page_cache.invalidate): every change a reader can see.

Connected in PortalConfig.ready(). Pages: publish, unpublish, move, delete, a live page saved. The rooms' changes
arrive through core.signals.public_content_changed (comments approved, edited or removed; ratings; procedures and
agencies; a refreshed dossier summary; document types; questions; units and leaders; the visit baseline): the
shell listens and never imports a room for it. The shell's own and Wagtail's models: banners, site settings,
images, documents and sites.
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.models.pages import COMMENTS_RELATION_NAME
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.signals import public_content_changed

from .page_cache import invalidate, invalidate_pages

# Models outside the rooms whose every save or deletion can change a public page.
SHOWN_MODELS = ("portal.Banner", "wagtailimages.Image", "wagtaildocs.Document", "wagtailcore.Site")


def _settings_saved(sender, instance, created, **kwargs):
    # Wagtail creates a site's settings row with its defaults on first read, during a reader's request:
    # nothing changes for readers then, so only a later save counts.
    if not created:
        invalidate()


# What saving a draft or autosaving writes on the page row (Page.save_revision, locking): nothing readers see.
DRAFT_FIELDS = frozenset({
    COMMENTS_RELATION_NAME, "latest_revision_created_at", "draft_title", "latest_revision", "has_unpublished_changes",
    "locked", "locked_at", "locked_by",
})


def _page_changed(sender, instance, update_fields=None, **kwargs):
    # Any saved or deleted page: a live page saved directly (not through a revision) changes what readers see; a
    # draft saved or autosaved (an editor typing) changes nothing public, so it invalidates nothing.
    if not isinstance(instance, Page):
        return
    if update_fields is not None and set(update_fields) <= DRAFT_FIELDS:
        return
    invalidate()


def _room_changed(sender, scope="site", page_ids=None, **kwargs):
    # A rating or a comment decision concerns its article: only that page is made stale; listings showing its
    # figures catch up within the page cache's lifetime (<= 30 s), as the visit block does.
    if scope == "page" and page_ids:
        invalidate_pages(page_ids)
    else:
        invalidate()


def connect():
    uid = "portal.page_cache"
    page_published.connect(invalidate, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(invalidate, dispatch_uid=f"{uid}.unpublished")
    post_page_move.connect(invalidate, dispatch_uid=f"{uid}.moved")
    post_save.connect(_page_changed, dispatch_uid=f"{uid}.page_saved")
    post_delete.connect(_page_changed, dispatch_uid=f"{uid}.page_deleted")
    public_content_changed.connect(_room_changed, dispatch_uid=f"{uid}.rooms")
    post_save.connect(_settings_saved, sender=apps.get_model("core", "PortalSettings"),
                      dispatch_uid=f"{uid}.settings_saved")
    for label in SHOWN_MODELS:
        model = apps.get_model(label)
        post_save.connect(invalidate, sender=model, dispatch_uid=f"{uid}.{label}.saved")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"{uid}.{label}.deleted")
