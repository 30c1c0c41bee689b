"""Readers' feedback endpoints: comments and ratings (the logged-in keep-alive is the shell's: portal/keepalive.py).

Every form works without JavaScript (POST, then a redirect back to the article with a message)
and with it (the script asks for JSON and updates the page in place).
"""

import secrets

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.formatting import vi_decimal, vi_number
from core.guard import honeypot_filled, origin_or_token_csrf
from core.models import PortalSettings

from . import guard
from .forms import CommentForm, RatingForm
from .models import AlreadyRated, ArticlePage, Comment, CommentStatus, Rating, record_rating
from .notifications import notify_moderators

COMMENT_TAG = "feedback-comment"
RATING_TAG = "feedback-rating"
RATER_COOKIE = "news_rater"
RATER_COOKIE_SALT = "news.feedback.rater"


def _published_article(page_id):
    # Unpublished, private or missing articles take no feedback: 404, as for their pages.
    return get_object_or_404(ArticlePage.objects.live().public(), pk=page_id)


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _refuse(request, page, message, status, comment_form=None, rating_refusal=False):
    """Say why, in the visitor's language, and give back what they typed."""
    if _wants_json(request):
        bound = comment_form is not None and comment_form.is_bound
        errors = comment_form.errors.get_json_data() if bound else {}
        payload = {"ok": False, "message": message, "errors": errors}
        if comment_form is not None:
            payload["rendered"] = comment_form.data.get("rendered", "")  # a fresh fill-time token
        return JsonResponse(payload, status=status)
    context = page.get_context(request)
    if rating_refusal:
        context["rating_refusal"] = message
    else:
        context["comment_form"] = comment_form
        context["comment_refusal"] = message
    return TemplateResponse(request, page.get_template(request), context, status=status)


@never_cache
@require_POST
@origin_or_token_csrf
def post_comment(request, page_id):
    page = _published_article(page_id)
    site_settings = PortalSettings.for_request(request)
    form = CommentForm(request.POST, user=request.user, page_id=page.pk)
    if not (site_settings.comments_enabled and page.allow_comments):
        return _refuse(request, page, _("Comments are closed for this article."), 403, form)
    if honeypot_filled(form.data, strip=False):
        return _refuse(request, page, _("Your comment could not be accepted. Please try again."), 400, form)
    if not form.is_valid():
        message = _("Your comment was not sent: please correct the marked fields.")
        return _refuse(request, page, message, 400, form)
    if not guard.fill_time_ok(form.submitted_token, page.pk):
        return _refuse(
            request, page,
            _("The form was sent too quickly. Please check your comment and send it again."), 400, form,
        )
    visitor, ip = guard.visitor_of_the_day(request), guard.ip_key(request)
    if (guard.rate_limited("comment_visitor", visitor) or guard.rate_limited("comment_ip", ip)
            or guard.rate_limited("comment_site", "all")):
        message = _("Too many comments have been sent. Please try again in a few minutes.")
        return _refuse(request, page, message, 429, form)

    name, email = form.author()
    body = form.cleaned_data["body"]
    if guard.contains_banned_word(f"{name}\n{body}", site_settings.banned_words):
        status = CommentStatus.SPAM
    elif site_settings.comment_premoderation:
        status = CommentStatus.PENDING
    else:
        status = CommentStatus.APPROVED
    comment = Comment.objects.create(
        page=page, user=form.user, name=name, email=email, body=body, status=status, visitor=visitor
    )
    if status == CommentStatus.PENDING:
        transaction.on_commit(lambda: notify_moderators(comment))

    if status == CommentStatus.APPROVED:
        message = _("Thank you! Your comment has been published.")
    else:
        # Spam is told the same as everyone else: nothing to learn about the filter.
        message = _("Thank you! Your comment has been received and will appear once a moderator approves it.")
    if _wants_json(request):
        count = page.comment_count()
        html = render_to_string("news/includes/comment.html", {"comment": comment}, request=request) \
            if status == CommentStatus.APPROVED else ""
        return JsonResponse({
            "ok": True, "status": status, "message": message, "html": html,
            "count": count, "count_display": vi_number(count),
        })
    messages.success(request, message, extra_tags=COMMENT_TAG)
    return HttpResponseRedirect(page.get_url(request) + "#comments")


def _rater_token(request):
    token = request.get_signed_cookie(RATER_COOKIE, default=None, salt=RATER_COOKIE_SALT)
    return token or secrets.token_urlsafe(18), token is None


@never_cache
@require_POST
@origin_or_token_csrf
def rate_article(request, page_id):
    page = _published_article(page_id)
    site_settings = PortalSettings.for_request(request)
    if not (site_settings.ratings_enabled and page.allow_ratings):
        return _refuse(request, page, _("Ratings are closed for this article."), 403, rating_refusal=True)
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _refuse(request, page, _("Please choose a score from 1 to 5 stars."), 400, rating_refusal=True)
    if guard.rate_limited("rating_ip", guard.ip_key(request)):
        return _refuse(
            request, page, _("Too many ratings have been sent. Please try again in a few minutes."), 429,
            rating_refusal=True,
        )
    token, new_token = _rater_token(request)
    browser, visitor = guard.keyed_hash("browser", token), guard.visitor_of_the_day(request)
    try:
        # A repeat is told so before it is counted against its address's allowance for the article.
        if Rating.objects.filter(page=page).filter(Q(browser=browser) | Q(visitor=visitor)).exists():
            raise AlreadyRated
        if guard.article_ratings_limited(request, page):
            return _refuse(
                request, page, _("Too many ratings have been sent. Please try again in a few minutes."), 429,
                rating_refusal=True,
            )
        record_rating(page, form.cleaned_data["score"], browser, visitor)
    except AlreadyRated:
        return _refuse(
            request, page, _("You have already rated this article. Thank you!"), 409, rating_refusal=True
        )

    message = _("Thank you for rating this article.")
    if _wants_json(request):
        total, count = page.rating_totals()
        response = JsonResponse({
            "ok": True, "message": message, "total": total, "count": count,
            "total_display": vi_number(total), "count_display": vi_number(count),
            "average_display": vi_decimal(total / count, 1) if count else "",
            "line_html": render_to_string("news/includes/rating_line.html", {
                "total": total, "count": count, "average": vi_decimal(total / count, 1) if count else "",
            }, request=request),
        })
    else:
        messages.success(request, message, extra_tags=RATING_TAG)
        response = HttpResponseRedirect(page.get_url(request) + "#rating")
    if new_token:
        response.set_signed_cookie(
            RATER_COOKIE, token, salt=RATER_COOKIE_SALT, max_age=365 * 24 * 3600,
            secure=request.is_secure(), httponly=True, samesite="Lax",
        )
    return response

