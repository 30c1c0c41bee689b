"""Two-step verification in the admin, for superusers and moderators, when PORTAL_REQUIRE_2FA is set (default off).

After the password, such a user gives the 6-digit code of an authenticator app (TOTP: django-otp's TOTPDevice, with
its own throttling of wrong codes); a user without a device is first sent to set one up (QR code or key). The proof
lasts as long as the session (django-otp keeps the device's id in it). Moderators are the users whose groups may
publish pages somewhere (Wagtail's "Moderators" group by default); editors who only submit for moderation are not
asked. Only /admin/ is guarded; its login, logout, password reset, translations catalog and icon sprite stay open.

A user who lost their phone: a superuser removes the device (`manage.py shell`:
`TOTPDevice.objects.filter(user__username="NAME").delete()`), and the next sign-in sets up a new one.
"""

import base64

import segno
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import GroupPagePermission

ADMIN_PREFIX = "/admin/"
# Admin pages that stay open to a signed-in user who has not given a code yet.
OPEN_URL_NAMES = {
    "wagtailadmin_login", "wagtailadmin_logout", "wagtailadmin_javascript_catalog", "wagtailadmin_sprite",
    "wagtailadmin_password_reset", "wagtailadmin_password_reset_done", "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete", "portal_password_reset", "portal_2fa_verify", "portal_2fa_setup",
}
DEVICE_NAME = "authenticator"


def needs_two_factor(user):
    """Superusers, and users whose groups may publish pages (Wagtail's moderators)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return GroupPagePermission.objects.filter(group__user=user, permission__codename="publish_page").exists()


def _open_page(request):
    try:
        return resolve(request.path_info).url_name in OPEN_URL_NAMES
    except Resolver404:
        return True  # nothing there: the 404 page reveals nothing


class TwoFactorMiddleware:
    """After django-otp's OTPMiddleware: sends an unverified superuser or moderator to the code (or setup) page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.PORTAL_REQUIRE_2FA
            and request.path_info.startswith(ADMIN_PREFIX)
            and not _open_page(request)
            and needs_two_factor(request.user)
            and not request.user.is_verified()
        ):
            has_device = TOTPDevice.objects.devices_for_user(request.user, confirmed=True).exists()
            target = reverse("portal_2fa_verify" if has_device else "portal_2fa_setup")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the authenticator app"), max_length=8, min_length=6, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, *args, devices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.devices = devices
        self.device = None

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        allowed = [device for device in self.devices if device.verify_is_allowed()[0]]
        if not allowed:  # django-otp's throttling: each wrong code doubles the wait before the next try
            raise forms.ValidationError(_("Too many wrong codes. Please wait a moment, then enter the current code."))
        for device in allowed:
            if device.verify_token(code):
                self.device = device
                return code
        raise forms.ValidationError(_("The code is wrong or has expired. Please enter the current code."))


def _next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return reverse("wagtailadmin_home")


def _render(request, template, form, **context):
    return TemplateResponse(request, template, {"form": form, "next": _next_url(request), **context})


@never_cache
@sensitive_post_parameters()
@login_required(login_url="wagtailadmin_login")
def verify(request):
    """Ask for the current code of one of the user's confirmed devices."""
    devices = list(TOTPDevice.objects.devices_for_user(request.user, confirmed=True))
    if not devices:
        return redirect(f"{reverse('portal_2fa_setup')}?{urlencode({'next': _next_url(request)})}")
    form = CodeForm(request.POST or None, devices=devices)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        return redirect(_next_url(request))
    return _render(request, "portal/admin/two_factor_verify.html", form)


@never_cache
@sensitive_post_parameters()
@login_required(login_url="wagtailadmin_login")
def setup(request):
    """Show a new key (QR code and text) and confirm it with the first code the app shows."""
    if TOTPDevice.objects.devices_for_user(request.user, confirmed=True).exists():
        return redirect(f"{reverse('portal_2fa_verify')}?{urlencode({'next': _next_url(request)})}")
    device = TOTPDevice.objects.devices_for_user(request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=DEVICE_NAME, confirmed=False)
    form = CodeForm(request.POST or None, devices=[device])
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        return redirect(_next_url(request))
    key = base64.b32encode(device.bin_key).decode()
    return _render(
        request, "portal/admin/two_factor_setup.html", form,
        qr_code=segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2),
        key=" ".join(key[i:i + 4] for i in range(0, len(key), 4)),
    )

