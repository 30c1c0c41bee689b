"""The moderators' comment queue in the Wagtail admin: approve, reject or mark spam, one or many."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.signals import announce

from .models import Comment, CommentStatus

PERMISSION = "news.change_comment"
PER_PAGE = 50
ACTIONS = {
    "approve": CommentStatus.APPROVED,
    "reject": CommentStatus.REJECTED,
    "spam": CommentStatus.SPAM,
    "pending": CommentStatus.PENDING,
}


def can_moderate(user):
    return user.is_active and user.has_perm(PERMISSION)


def moderate(comments, action, user):
    """Set the status of the given comments; returns how many changed."""
    changing = comments.exclude(status=ACTIONS[action])
    page_ids = set(changing.values_list("page_id", flat=True))
    changed = changing.update(status=ACTIONS[action], moderated_at=timezone.now(), moderated_by=user)
    if changed:
        # A bulk update sends no post_save: tell the page cache which articles' comments changed.
        announce(Comment, page_ids=page_ids, scope="page")
    return changed


def _done_message(action, count):
    texts = {
        "approve": ngettext("%(count)d comment approved.", "%(count)d comments approved.", count),
        "reject": ngettext("%(count)d comment rejected.", "%(count)d comments rejected.", count),
        "spam": ngettext("%(count)d comment marked as spam.", "%(count)d comments marked as spam.", count),
        "pending": ngettext("%(count)d comment sent back to the queue.",
                            "%(count)d comments sent back to the queue.", count),
    }
    return texts[action] % {"count": count}


def _apply(request):
    one = request.POST.get("one", "")
    if one:
        action, _sep, pk = one.partition(":")
        ids = [pk]
    else:
        action, ids = request.POST.get("action", ""), request.POST.getlist("ids")
    ids = [int(pk) for pk in ids if pk.isdigit()]
    if action not in ACTIONS or not ids:
        messages.warning(request, _("Choose at least one comment and an action."))
        return
    changed = moderate(Comment.objects.filter(pk__in=ids), action, request.user)
    messages.success(request, _done_message(action, changed))


def queue(request):
    if not can_moderate(request.user):
        raise PermissionDenied
    status = request.GET.get("status", CommentStatus.PENDING)
    if status not in CommentStatus.values:
        status = CommentStatus.PENDING
    if request.method == "POST":
        _apply(request)
        return redirect(request.get_full_path())
    comments = (
        Comment.objects.filter(status=status).select_related("page").order_by("-created_at", "-pk")
    )
    counts = dict.fromkeys(CommentStatus.values, 0)
    for value, count in Comment.objects.order_by().values_list("status").annotate(n=Count("pk")):
        counts[value] = count
    tabs = [(value, label, counts[value]) for value, label in CommentStatus.choices]
    page_obj = Paginator(comments, PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(request, "news/admin/comment_queue.html", {
        "page_title": _("Readers' comments"),
        "header_title": _("Readers' comments"),
        "header_icon": "comment",
        "status": status,
        "tabs": tabs,
        "page_obj": page_obj,
    })
