"""The contact form's submissions (citizens' names, emails, phones) are for the groups given the permission
"questions.view_contact_submissions" only, not for everyone who may edit the contact page (Wagtail's default).

The permission is checked by the `filter_form_submissions_for_user` hook (wagtail_hooks.py: the forms listing,
the submissions, their export and deletion), again by the submissions view itself, and hides the submissions panel
of the page editor. The CSV / XLSX export neutralises formulas (core.exports)."""

import functools

from django.core.exceptions import PermissionDenied
from wagtail.contrib.forms.panels import FormSubmissionsPanel

from core.exports import NeutralisingExportMixin

PERMISSION = "questions.view_contact_submissions"


def can_see_submissions(user):
    return bool(user and user.is_active and user.has_perm(PERMISSION))


class ContactSubmissionsPanel(FormSubmissionsPanel):
    class BoundPanel(FormSubmissionsPanel.BoundPanel):
        def is_shown(self):
            return can_see_submissions(self.request.user) and super().is_shown()


@functools.cache
def list_view_class():
    # Wagtail's admin views are imported once the apps are loaded, not with the models that name this class.
    from wagtail.contrib.forms.views import SubmissionsListView

    class ContactSubmissionsListView(NeutralisingExportMixin, SubmissionsListView):
        def dispatch(self, request, *args, **kwargs):
            if not can_see_submissions(request.user):
                raise PermissionDenied
            return super().dispatch(request, *args, **kwargs)

    return ContactSubmissionsListView
