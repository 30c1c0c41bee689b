"""The logged-in session on every public page: the idle dialog's clock, the keep-alive and the idle logout.

A logged-in user's page view restarts the session's inactivity clock (the `keepalive_dialog` tag in
portal/templatetags/session_tags.py); shortly before the session would end, the dialog (static/js/keepalive.js)
asks whether to stay logged in: yes extends the session, the countdown's end logs out.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

# The key keeps its first name, so sessions opened before the move keep their clock.
ACTIVE_AT_KEY = "news_feedback_active_at"


def warning_seconds():
    """How long the idle dialog counts down: 60 seconds, or half a very short session."""
    wanted = int(settings.PORTAL_KEEPALIVE_WARNING_SECONDS)
    return max(1, min(wanted, settings.SESSION_COOKIE_AGE // 2))


def mark_active(request):
    """Restart the session's inactivity clock now (the session is saved, so its expiry moves)."""
    request.session[ACTIVE_AT_KEY] = int(time.time())


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _back(request, fallback="/"):
    target = request.POST.get("next") or request.headers.get("Referer") or fallback
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(fallback)


@never_cache
@require_POST
def keep_alive(request):
    if not request.user.is_authenticated:
        return JsonResponse({"ok": False, "logged_in": False}, status=401)
    mark_active(request)
    if not _wants_json(request):
        return _back(request)
    return JsonResponse({"ok": True, "logged_in": True, "expires_in": settings.SESSION_COOKIE_AGE})


@never_cache
@require_POST
def idle_logout(request):
    """Log out after the countdown, unless the user was active meanwhile (another tab, say)."""
    if request.user.is_authenticated:
        idle = time.time() - request.session.get(ACTIVE_AT_KEY, 0)
        still_fresh_for = settings.SESSION_COOKIE_AGE - idle
        if still_fresh_for > warning_seconds() + 2:
            return JsonResponse({"ok": True, "logged_in": True, "expires_in": int(still_fresh_for)})
        logout(request)
    if not _wants_json(request):
        return _back(request)
    return JsonResponse({"ok": True, "logged_in": False})
