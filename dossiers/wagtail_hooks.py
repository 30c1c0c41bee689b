"""Officials' admin: procedures, dossiers, agencies, the calendar's exceptions and the monthly report."""

import django_filters
from django.db.models import F, Min, Q
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from core.exports import NeutralisingExportMixin

from . import admin_views, rules
from .models import FINISHED_STATUSES, Agency, CalendarOverride, Dossier, Procedure, Status


def month_choices():
    """Every month from the earliest dossier's (at most ten years back) to the current one, newest first."""
    current = timezone.localdate().replace(day=1)
    earliest = Dossier.objects.aggregate(first=Min("received_on"))["first"] or current
    count = min((current.year - earliest.year) * 12 + current.month - earliest.month + 1, 120)
    months = [rules.add_months(current, -index) for index in range(count)]
    return [(f"{month:%Y-%m}", f"{month:%m/%Y}") for month in months]


class DossierFilterSet(WagtailFilterSet):
    month = django_filters.ChoiceFilter(
        label=_("Month received"), choices=month_choices, method="filter_month"
    )
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")

    class Meta:
        model = Dossier
        fields = ["agency", "status", "channel"]

    def filter_month(self, queryset, name, value):
        start = timezone.datetime.strptime(value, "%Y-%m").date()
        return queryset.filter(received_on__gte=start, received_on__lt=rules.add_months(start, 1))

    def filter_overdue(self, queryset, name, value):
        """Resolved after the due date, or unfinished with the due date passed today."""
        late = Q(status=Status.RESOLVED, resolved_on__gt=F("due_date")) | (
            ~Q(status__in=FINISHED_STATUSES) & Q(due_date__lt=timezone.localdate())
        )
        return queryset.filter(late) if value else queryset.exclude(late)


class DossierIndexView(NeutralisingExportMixin, ModelViewSet.index_view_class):
    pass


class AgencyViewSet(ModelViewSet):
    model = Agency
    icon = "site"
    form_fields = ["name"]
    list_display = ["name"]
    search_fields = ["name"]
    search_backend_name = None


class ProcedureViewSet(ModelViewSet):
    model = Procedure
    icon = "list-ul"
    form_fields = [
        "code", "name", "sector", "agency", "processing_days", "online_level", "active",
        "fees", "required_papers", "legal_basis", "national_portal_url",
    ]
    list_display = ["code", "name", "agency", "processing_days", "online_level", "active"]
    list_filter = ["agency", "online_level", "active"]
    search_fields = ["code", "name", "sector"]
    search_backend_name = None


class DossierViewSet(ModelViewSet):
    model = Dossier
    icon = "doc-full"
    index_view_class = DossierIndexView
    form_fields = [
        "code",
        "procedure",
        "agency",
        "channel",
        "received_at",
        "due_date",
        "supplement_completed_at",
        "resolved_at",
        "status",
        "applicant_name",
        "applicant_phone",
    ]
    list_display = ["code", "procedure", "agency", "received_at", "due_date", "resolved_at", "status"]
    filterset_class = DossierFilterSet
    search_fields = ["code", "applicant_name"]
    search_backend_name = None
    list_per_page = 50

    def get_queryset(self, request):
        return Dossier.objects.select_related("procedure", "agency")


class CalendarOverrideViewSet(ModelViewSet):
    model = CalendarOverride
    icon = "date"
    form_fields = ["date", "kind", "note"]
    list_display = ["date", "kind", "note"]
    list_filter = ["kind"]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_see_report(request.user)


class CalendarMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_see_calendar(request.user)


class ReportViewSet(ViewSet):
    name = "dossier_report"
    icon = "table"
    menu_label = _("Monthly report")
    menu_item_class = ReportMenuItem

    def get_urlpatterns(self):
        return [path("", admin_views.report_view, name="index")]


class CalendarViewSet(ViewSet):
    name = "dossier_calendar"
    icon = "calendar-alt"
    menu_label = _("Working-day calendar")
    menu_item_class = CalendarMenuItem

    def get_urlpatterns(self):
        return [path("", admin_views.calendar_view, name="index")]


class DossierGroup(ViewSetGroup):
    menu_label = _("Dossiers")
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (
        DossierViewSet("dossier_records"),
        ProcedureViewSet("dossier_procedures"),
        AgencyViewSet("dossier_agencies"),
        CalendarOverrideViewSet("dossier_calendar_exceptions"),
        CalendarViewSet(),
        ReportViewSet(),
    )


@hooks.register("register_admin_viewset")
def register_dossier_viewsets():
    return DossierGroup()
