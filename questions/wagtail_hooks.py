"""Admin: the citizens' questions (a snippet for the groups given the question permissions) and who may see the
contact form's submissions (the groups given "questions.view_contact_submissions", see submissions.py)."""

import functools

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.urls.resolvers import URLPattern
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from core.exports import NeutralisingExportMixin

from .models import Question
from .submissions import can_see_submissions

QUESTION_ACTIONS = ["add", "change", "delete", "view"]


class QuestionFilterSet(WagtailFilterSet):
    class Meta:
        model = Question
        fields = ["published", "unit"]


class QuestionIndexView(NeutralisingExportMixin, IndexView):
    pass


def _with_question_rights(view):
    """The chooser lists private questions too: only for those given a permission on questions."""
    policy = ModelPermissionPolicy(Question)

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if not policy.user_has_any_permission(request.user, QUESTION_ACTIONS):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


class QuestionChooserViewSet(SnippetChooserViewSet):
    def get_urlpatterns(self):
        return [
            URLPattern(pattern.pattern, _with_question_rights(pattern.callback), pattern.default_args, pattern.name)
            for pattern in super().get_urlpatterns()
        ]


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = QuestionIndexView
    chooser_viewset_class = QuestionChooserViewSet
    list_display = ["subject", "name", "asked_at", "unit", "is_answered", "published"]
    filterset_class = QuestionFilterSet
    search_fields = ["subject", "question", "name"]
    search_backend_name = None
    ordering = ["-asked_at"]


register_snippet(QuestionViewSet)


@hooks.register("after_edit_snippet")
def remember_who_answered(request, instance):
    if isinstance(instance, Question) and instance.is_answered and instance.answered_by_id is None:
        Question.objects.filter(pk=instance.pk).update(answered_by=request.user)


@hooks.register("filter_form_submissions_for_user")
def submissions_only_with_their_permission(user, editable_forms):
    """Editing the contact page is not enough to read its submissions: the permission is needed too."""
    return editable_forms if can_see_submissions(user) else editable_forms.none()


@hooks.register("register_permissions")
def register_submissions_permission():
    return Permission.objects.filter(content_type__app_label="questions", codename="view_contact_submissions")
