"""The readers' comment and rating forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .guard import fill_token
from .models.feedback import BODY_MAX, NAME_MAX, SCORE_MAX, SCORE_MIN

STAR_LABELS = {
    1: _("Very poor article"),
    2: _("Poor article"),
    3: _("Average article"),
    4: _("Good article"),
    5: _("Very good article"),
}


class CommentForm(forms.Form):
    # No maxlength attributes: a browser would cut pasted text silently; the server says why instead.
    name = forms.CharField(
        label=_("Your name"), max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Please enter your name."),
                        "max_length": _("Your name may have at most %(limit_value)d characters "
                                        "(it has %(show_value)d).")},
    )
    email = forms.EmailField(
        label=_("Your email"), help_text=_("Not published; only the moderators see it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"required": _("Please enter your email address."),
                        "invalid": _("Please enter a valid email address.")},
    )
    body = forms.CharField(
        label=_("Your comment"), max_length=BODY_MAX,
        help_text=_(
            "Plain text, at most 3,000 characters. Links are shown but not followed by search engines."
        ),
        widget=forms.Textarea(attrs={"rows": 6, "cols": 60}),
        error_messages={"required": _("Please write your comment."),
                        "max_length": _("Your comment may have at most %(limit_value)d characters "
                                        "(it has %(show_value)d).")},
    )
    # The honeypot: hidden from people (and from screen readers), filled in by naive bots.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    rendered = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, page_id, user=None, **kwargs):
        kwargs.setdefault("auto_id", "comment-%s")
        super().__init__(*args, **kwargs)
        self.user = user if user is not None and user.is_authenticated else None
        if self.user is not None:
            # Logged-in readers comment under their account's name and email.
            del self.fields["name"]
            del self.fields["email"]
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)
        # A fresh token each time the form is shown, also after a refusal; valid on this article's form only.
        self.initial["rendered"] = fill_token(page_id)
        # The token the visitor's form carried, checked by the view before it is replaced.
        self.submitted_token = self.data.get("rendered", "") if self.is_bound else ""
        if self.is_bound:
            self.data = self.data.copy()
            self.data["rendered"] = self.initial["rendered"]

    def clean_body(self):
        # Plain text with Unix line ends; leading/trailing blanks are already stripped.
        return self.cleaned_data["body"].replace("\r\n", "\n").replace("\r", "\n")

    def author(self):
        if self.user is not None:
            return (self.user.get_full_name() or self.user.get_username())[:NAME_MAX], self.user.email or ""
        return self.cleaned_data["name"], self.cleaned_data["email"]


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Rate this article"), coerce=int, widget=forms.RadioSelect,
        choices=[(value, STAR_LABELS[value]) for value in range(SCORE_MAX, SCORE_MIN - 1, -1)],
        error_messages={"required": _("Please choose a score from 1 to 5 stars."),
                        "invalid_choice": _("Please choose a score from 1 to 5 stars.")},
    )
