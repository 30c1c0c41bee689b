from django.contrib.auth.models import Permission
from django.db.models.signals import post_delete, post_save
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from stats import bots, views
from stats.middleware import PAGE_ID_ATTR
from stats.models import BotPattern


@hooks.register("before_serve_page", order=1000)
def mark_served_page(page, request, serve_args, serve_kwargs):
    """Tell the middleware which page is served (run last: only when Wagtail really serves it)."""
    setattr(request, PAGE_ID_ATTR, page.pk)


class BotPatternViewSet(SnippetViewSet):
    model = BotPattern
    icon = "warning"
    menu_label = _("Bot patterns")
    menu_order = 310
    add_to_settings_menu = True
    list_display = ["pattern", "note", "active"]
    list_filter = ["active"]


register_snippet(BotPatternViewSet)
post_save.connect(bots.clear_patterns_cache, sender=BotPattern, dispatch_uid="stats-bot-patterns-save")
post_delete.connect(bots.clear_patterns_cache, sender=BotPattern, dispatch_uid="stats-bot-patterns-delete")


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("visit-stats/", views.report_view, name="stats_report"),
        path("visit-stats/report.csv", views.report_csv, name="stats_report_csv"),
    ]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.PERMISSION)


@hooks.register("register_admin_menu_item")
def register_report_menu_item():
    return ReportMenuItem(_("Visit statistics"), reverse("stats_report"), icon_name="view", order=900)


@hooks.register("register_permissions")
def register_report_permission():
    """The report's permission, so that it can be given to a group in the admin."""
    app_label, codename = views.PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)
