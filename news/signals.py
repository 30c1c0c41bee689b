"""What news tells the rest of the house: readers' comments and ratings that change a public page."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.signals import announce

from .models import Comment, CommentStatus, Rating


@receiver(post_save, sender=Comment, dispatch_uid="news.comment_saved")
def comment_saved(sender, instance, created, **kwargs):
    # A new pending or spam comment shows nowhere, so it changes nothing readers see.
    if created and instance.status != CommentStatus.APPROVED:
        return
    announce(Comment, instance=instance, page_ids={instance.page_id}, scope="page")


@receiver(post_delete, sender=Comment, dispatch_uid="news.comment_deleted")
def comment_deleted(sender, instance, **kwargs):
    announce(Comment, instance=instance, page_ids={instance.page_id}, scope="page")


@receiver(post_save, sender=Rating, dispatch_uid="news.rating_saved")
@receiver(post_delete, sender=Rating, dispatch_uid="news.rating_deleted")
def rating_changed(sender, instance, **kwargs):
    announce(Rating, instance=instance, page_ids={instance.page_id}, scope="page")
