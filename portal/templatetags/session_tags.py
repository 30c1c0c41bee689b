"""The logged-in session on public pages: the idle dialog (see portal/keepalive.py)."""

from django import template
from django.conf import settings

from portal.keepalive import mark_active, warning_seconds

register = template.Library()


@register.inclusion_tag("portal/includes/keepalive.html", takes_context=True)
def keepalive_dialog(context):
    """The idle warning, for logged-in users only (anonymous HTML stays free of anything per-user)."""
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
