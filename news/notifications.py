"""E-mail to moderators when a comment awaits approval (console backend in development)."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from .guard import CACHE_PREFIX
from .models import Comment

logger = logging.getLogger(__name__)


def moderator_emails():
    """Active users allowed to moderate comments (superusers included) who have an address."""
    permission = Permission.objects.filter(content_type__app_label="news", codename="change_comment").first()
    who = Q(is_superuser=True)
    if permission is not None:
        who |= Q(user_permissions=permission) | Q(groups__permissions=permission)
    users = get_user_model().objects.filter(who, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def notify_moderators(comment):
    """One e-mail per new pending comment, at most one per cool-down so a flood sends no flood of mail.

    Called once the comment is committed (news/views.py: transaction.on_commit), after which the reader's answer no
    longer depends on it: every failure here (cache, database, template, a mail server refusing or not answering
    within EMAIL_TIMEOUT) is logged and swallowed, never the reader's error. Returns the number of mails sent.
    """
    try:
        return _send_notification(comment)
    except Exception:
        # The comment is saved; a mail server hiccup must not turn into an error for the reader.
        logger.exception("Could not notify moderators of comment %s", comment.pk)
        return 0


def _send_notification(comment):
    cooldown = int(settings.PORTAL_COMMENT_NOTIFY_COOLDOWN)
    if cooldown and not cache.add(f"{CACHE_PREFIX}:notified", 1, cooldown):
        return 0
    recipients = moderator_emails()
    if not recipients:
        return 0
    context = {
        "comment": comment,
        "pending": Comment.objects.pending().count(),
        "queue_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("news_comments:queue"),
        "article_url": comment.page.full_url or "",
    }
    subject = _("New comment awaiting approval: %(title)s") % {"title": comment.page.title}
    body = render_to_string("news/emails/comment_pending.txt", context)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
