"""Readers' feedback on the article page: comments and rating."""

from django import template
from django.core.paginator import Paginator

from core.formatting import vi_decimal
from core.models import PortalSettings
from news.forms import STAR_LABELS, CommentForm
from news.models import Comment
from news.text import render_plain_text

register = template.Library()

COMMENTS_PER_PAGE = 20
COMMENTS_PAGE_PARAM = "y-kien"

register.filter("plain_text", render_plain_text)


def _site_settings(context):
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
    form = context.get("comment_form") or CommentForm(user=user, page_id=page.pk)
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
