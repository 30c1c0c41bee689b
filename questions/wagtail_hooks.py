from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Question


class QuestionFilterSet(WagtailFilterSet):
    class Meta:
        model = Question
        fields = ["published", "unit"]


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    menu_order = 250
    add_to_admin_menu = True
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
