"""Readers' feedback on the article page: comments, rating, schema.org data, the keep-alive dialog."""


from django import template
from django.conf import settings
from django.core.paginator import Paginator

from core.formatting import vi_decimal
from news.feedback import Comment
from news.forms import STAR_LABELS, CommentForm
from news.text import render_plain_text

register = template.Library()

# As json_script does: no "</script>" or HTML entity can break out of the JSON.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
COMMENTS_PER_PAGE = 20
COMMENTS_PAGE_PARAM = "y-kien"

register.filter("plain_text", render_plain_text)


def _site_settings(context):
    from core.models import PortalSettings

    request = context.get("request")
    return PortalSettings.for_request(request) if request is not None else PortalSettings.load()


def _messages_tagged(context, tag):
    return [message for message in context.get("messages", ()) if tag in message.tags.split()]


@register.inclusion_tag("news/includes/comments.html", takes_context=True)
def article_comments(context, page):
    request = context.get("request")
    comments = Comment.objects.approved().filter(page=page).only("pk", "name", "body", "created_at")
    paginator = Paginator(comments, COMMENTS_PER_PAGE)
    comments_page = paginator.get_page(request.GET.get(COMMENTS_PAGE_PARAM) if request is not None else 1)
    user = getattr(request, "user", None)
    form = context.get("comment_form") or CommentForm(user=user)
    site_settings = _site_settings(context)
    return {
        "page": page,
        "request": request,
        "comments_page": comments_page,
        "page_param": COMMENTS_PAGE_PARAM,
        "form": form,
        "open": site_settings.comments_enabled and page.allow_comments,
        "premoderation": site_settings.comment_premoderation,
        "refusal": context.get("comment_refusal"),
        "notices": _messages_tagged(context, "feedback-comment"),
        "logged_in": bool(user and user.is_authenticated),
        "user_name": (user.get_full_name() or user.get_username()) if user and user.is_authenticated else "",
    }


def _average(total, count):
    return vi_decimal(total / count, 1) if count else ""


@register.inclusion_tag("news/includes/rating.html", takes_context=True)
def article_rating(context, page):
    total, count = context.get("rating_total"), context.get("rating_count")
    if total is None or count is None:
        total, count = page.rating_totals()
    request = context.get("request")
    site_settings = _site_settings(context)
    return {
        "page": page,
        "request": request,
        "total": total,
        "count": count,
        "average": _average(total, count),
        "stars": sorted(STAR_LABELS.items()),
        "open": site_settings.ratings_enabled and page.allow_ratings,
        "refusal": context.get("rating_refusal"),
        "notices": _messages_tagged(context, "feedback-rating"),
        "logged_in": bool(request and request.user.is_authenticated),
    }



@register.inclusion_tag("news/includes/keepalive.html", takes_context=True)
def keepalive_dialog(context):
    """The idle warning, for logged-in users only (anonymous HTML stays free of anything per-user)."""
    from news.views import mark_active, warning_seconds

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    # Viewing a public page is activity: the session's inactivity clock restarts now.
    mark_active(request)
    return {
        "show": True,
        "request": request,
        "session_seconds": settings.SESSION_COOKIE_AGE,
        "warning_seconds": warning_seconds(),
    }
