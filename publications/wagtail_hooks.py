from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import DocumentType


class DocumentTypeViewSet(SnippetViewSet):
    model = DocumentType
    icon = "tag"
    list_display = ["name", "sort_order"]
    ordering = ["sort_order", "name"]


register_snippet(DocumentTypeViewSet)
