"""How a room tells the rest of the house that something readers see has changed.

Rooms send `public_content_changed`; the shell's page cache (portal.page_cache_triggers) listens and drops
what it stored. A room never imports the shell nor another room to say so: it only sends this signal.

Sent with `sender` (the model class that changed) and optional keywords a listener may use to be precise:
`instance` (the saved or deleted object), `page_ids` (the pages whose figures changed), `scope` ("page" when only
those pages and the listings showing them are concerned, "site" when any page may show it; default "site").
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

public_content_changed = Signal()


def announce(sender, **details):
    """Send public_content_changed for `sender` (a model class) with the given details."""
    public_content_changed.send(sender=sender, **details)


def announce_saves_and_deletions(*models, app_label):
    """Connect post_save and post_delete of these models to public_content_changed (from an AppConfig.ready()).

    Every save or deletion of one of them can change a public page: a procedure's name in the catalogue, a unit
    on the organisation chart, a document type in the library's filter.
    """
    for model in models:
        uid = f"core.signals.{app_label}.{model._meta.model_name}"
        post_save.connect(_saved, sender=model, dispatch_uid=f"{uid}.saved", weak=False)
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"{uid}.deleted", weak=False)


def _saved(sender, instance, **kwargs):
    announce(sender, instance=instance)


def _deleted(sender, instance, **kwargs):
    announce(sender, instance=instance)
