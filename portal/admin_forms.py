"""Admin forms adjusted for a Vietnamese admin."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm


class VietnameseLoginForm(LoginForm):
    # Wagtail's password field has no label, so Django derives an untranslatable "Password" from its name.
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"placeholder": _("Enter password")}),
        strip=False,
    )
