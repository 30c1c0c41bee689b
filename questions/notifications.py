"""The email that tells the asker the answer is ready."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from .models import Question


def notify_asker(pk):
    # Claimed with one UPDATE, so two saves in a row send one email, not two.
    claimed = Question.objects.filter(pk=pk, asker_notified_at__isnull=True).update(
        asker_notified_at=timezone.now()
    )
    if not claimed:
        return False
    question = Question.objects.get(pk=pk)
    if not question.is_answered:
        Question.objects.filter(pk=pk).update(asker_notified_at=None)
        return False
    link = None
    url = question.get_url()  # None while private, or when no Q&A page is published
    if url:
        link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url
    context = {"question": question, "answer_text": strip_tags(question.answer).strip(), "link": link}
    body = render_to_string("questions/emails/answered.txt", context)
    subject = _("Your question has been answered: %(subject)s") % {"subject": question.subject[:120]}
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [question.email])
    return True
