"""The asker is emailed once, when staff first save an answer."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Question
from .notifications import notify_asker


@receiver(post_save, sender=Question, dispatch_uid="questions.notify_asker")
def question_saved(sender, instance, raw=False, **kwargs):
    if raw or not instance.is_answered or instance.asker_notified_at is not None:
        return
    if Question.objects.filter(pk=instance.pk, asker_notified_at__isnull=False).exists():
        return
    pk = instance.pk
    transaction.on_commit(lambda: notify_asker(pk))
