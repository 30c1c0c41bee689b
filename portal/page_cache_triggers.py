"""What makes the stored pages stale (portal.page_cache.invalidate): every change a reader can see.

Connected in PortalConfig.ready(). Pages: publish, unpublish, move, delete, a live page saved. Readers' feedback:
a comment approved, edited or removed (a new pending or spam comment shows nowhere, so it changes nothing),
a new rating. Site-wide:
banners, site settings, images and documents, the organisation's units and leaders, procedures and agencies, the
documents' types, questions, a refreshed dossier summary and the visit baseline.
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from dossiers.aggregation import summary_refreshed
from news.feedback import CommentStatus, feedback_changed
from stats.store import baseline_changed

from .page_cache import invalidate

# Models whose every save or deletion can change a public page.
SHOWN_MODELS = (
    "portal.Banner",
    "news.Rating",
    "dossiers.Agency", "dossiers.Procedure", "dossiers.MonthlySummary",
    "publications.DocumentType",
    "questions.Question",
    "organisation.Unit", "organisation.Leader",
    "wagtailimages.Image", "wagtaildocs.Document", "wagtailcore.Site",
)


def _comment_saved(sender, instance, created, **kwargs):
    if created and instance.status != CommentStatus.APPROVED:
        return
    invalidate()


def _settings_saved(sender, instance, created, **kwargs):
    # Wagtail creates a site's settings row with its defaults on first read, during a reader's request:
    # nothing changes for readers then, so only a later save counts.
    if not created:
        invalidate()


def _page_changed(sender, instance, **kwargs):
    # Any saved or deleted page: a live page saved directly (not through a revision) changes what readers see.
    if isinstance(instance, Page):
        invalidate()


def connect():
    uid = "portal.page_cache"
    page_published.connect(invalidate, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(invalidate, dispatch_uid=f"{uid}.unpublished")
    post_page_move.connect(invalidate, dispatch_uid=f"{uid}.moved")
    post_save.connect(_page_changed, dispatch_uid=f"{uid}.page_saved")
    post_delete.connect(_page_changed, dispatch_uid=f"{uid}.page_deleted")
    feedback_changed.connect(invalidate, dispatch_uid=f"{uid}.feedback")
    summary_refreshed.connect(invalidate, dispatch_uid=f"{uid}.summary")
    baseline_changed.connect(invalidate, dispatch_uid=f"{uid}.baseline")
    comment = apps.get_model("news", "Comment")
    post_save.connect(_comment_saved, sender=comment, dispatch_uid=f"{uid}.comment_saved")
    post_delete.connect(invalidate, sender=comment, dispatch_uid=f"{uid}.comment_deleted")
    post_save.connect(_settings_saved, sender=apps.get_model("portal", "PortalSettings"),
                      dispatch_uid=f"{uid}.settings_saved")
    for label in SHOWN_MODELS:
        model = apps.get_model(label)
        post_save.connect(invalidate, sender=model, dispatch_uid=f"{uid}.{label}.saved")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"{uid}.{label}.deleted")
