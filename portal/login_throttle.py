"""Admin sign-in throttling (django-axes) and the password-reset limit.

Sign-in: django-axes records every failed attempt in the database (its default handler), so every worker and every
host sees the same figures, and none of it depends on the cache. After PORTAL_LOGIN_FAILURES_PER_USERNAME failures
for one username, or PORTAL_LOGIN_FAILURES_PER_ADDRESS from one client address (core.client.client_ip), every
further sign-in for it is refused, the right password too, until PORTAL_LOGIN_LOCKOUT_MINUTES have passed since the
last failure; failures are counted until that long passes without one. A refused attempt costs no password hash:
axes' backend refuses before Django's ModelBackend runs. The answer is Wagtail's login page again, its form carrying
the Vietnamese message, with status 429 (Too Many Requests). `manage.py axes_reset_username NAME` or
`axes_reset_ip ADDRESS` lifts a lockout at once.

Password reset: Wagtail's /admin/password_reset/ is served by the subclass below (portal/urls.py mounts it first),
which sends no e-mail past PORTAL_PASSWORD_RESETS_PER_HOUR requests from one client address in an hour
(core.guard.rate_limited: the shared cache) and shows the form again with a Vietnamese message, status 429.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.utils import ErrorDict
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.views.account import PasswordResetView as WagtailPasswordResetView

from core import guard
from core.client import client_ip

CACHE_PREFIX = "admin_account"
HASH_NAMESPACE = "admin-account"
LOCKED_STATUS = 429


class LoginAttemptsHandler(AxesDatabaseHandler):
    """Axes' database handler, with a limit of its own for the username and for the client address.

    Axes compares get_failures() with one number, AXES_FAILURE_LIMIT. Each count is given here in that number's
    units (count * AXES_FAILURE_LIMIT // its own limit), which reaches AXES_FAILURE_LIMIT exactly when the count
    reaches its own limit; the larger of the two is the answer.
    """

    def get_failures(self, request, credentials=None) -> int:
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        username = get_client_username(request, credentials)
        counts = (
            (_total(recent.filter(username=username)), settings.PORTAL_LOGIN_FAILURES_PER_USERNAME),
            (_total(recent.filter(ip_address=request.axes_ip_address)), settings.PORTAL_LOGIN_FAILURES_PER_ADDRESS),
        )
        scale = settings.AXES_FAILURE_LIMIT
        return max(count * scale // max(limit, 1) for count, limit in counts)


def _total(attempts):
    return sum(attempts.values_list("failures_since_start", flat=True))


def lockout_message():
    minutes = settings.PORTAL_LOGIN_LOCKOUT_MINUTES
    return ngettext(
        "Too many failed sign-in attempts. Signing in is blocked for %(minutes)d minute; please try again later.",
        "Too many failed sign-in attempts. Signing in is blocked for %(minutes)d minutes; please try again later.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login page as Wagtail's view rendered it, its form showing only the lockout message.

    Any other response (a login outside Wagtail's view, should one ever appear) becomes the bare message.
    """
    context = getattr(original_response, "context_data", None)
    form = context.get("form") if context else None
    if form is None or not isinstance(original_response, TemplateResponse):
        return HttpResponse(lockout_message(), status=LOCKED_STATUS, content_type="text/plain; charset=utf-8")
    form._errors = ErrorDict({NON_FIELD_ERRORS: form.error_class([lockout_message()])})
    response = TemplateResponse(request, original_response.template_name, context, status=LOCKED_STATUS)
    return response.render()


class PasswordResetView(WagtailPasswordResetView):
    """Wagtail's password-reset view, sending no e-mail past the limit for the client's address."""

    def form_valid(self, form):
        key = guard.keyed_hash(HASH_NAMESPACE, "ip", client_ip(self.request))
        limit = (settings.PORTAL_PASSWORD_RESETS_PER_HOUR, 3600)
        if guard.rate_limited(CACHE_PREFIX, "password_reset_ip", key, limit):
            form.add_error(None, _("Too many password reset requests from this address. Please try again in an hour."))
            response = self.form_invalid(form)
            response.status_code = LOCKED_STATUS
            return response
        return super().form_valid(form)
