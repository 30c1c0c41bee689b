from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.models import Unit

from .models import Leader


class UnitViewSet(SnippetViewSet):
    model = Unit
    icon = "group"
    list_display = ["name", "kind", "parent", "phone", "sort_order"]
    list_filter = ["kind"]
    search_fields = ["name"]
    search_backend_name = None


class LeaderViewSet(SnippetViewSet):
    model = Leader
    icon = "user"
    list_display = ["full_name", "position", "unit", "sort_order"]
    search_fields = ["full_name", "position"]
    search_backend_name = None


class OrganisationGroup(SnippetViewSetGroup):
    items = (UnitViewSet, LeaderViewSet)
    menu_icon = "group"
    menu_label = _("Organisation")
    menu_name = "organisation"


register_snippet(OrganisationGroup)
