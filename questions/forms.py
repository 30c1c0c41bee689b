"""The citizen's question form (id="question-form"): name, email, phone (optional), whether the name may be shown
with the published answer (not unless ticked), subject, question."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .guard import add_guard_fields

PHONE_RE = re.compile(r"^[0-9+().\s-]{6,30}$")


class QuestionForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=120,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(label=_("Your email"), max_length=200,
                             help_text=_("Not published; we send the answer to this address."),
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(label=_("Phone (optional)"), max_length=30, required=False,
                            help_text=_("Not published."),
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}))
    show_name = forms.BooleanField(label=_("Show my name when the answer is published"), required=False,
                                   help_text=_("Unticked, your name is not published."))
    subject = forms.CharField(label=_("Subject"), max_length=200)
    question = forms.CharField(label=_("Your question"), min_length=10, max_length=4000,
                               help_text=_("Plain text, at most 4,000 characters."),
                               widget=forms.Textarea(attrs={"rows": 7, "cols": 60}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "question-%s")
        super().__init__(*args, **kwargs)
        add_guard_fields(self, "question")

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE_RE.match(phone):
            raise ValidationError(_("Please enter a phone number with digits only."))
        return phone

    def clean_question(self):
        return self.cleaned_data["question"].replace("\r\n", "\n").replace("\r", "\n")
