"""Admin: the comment moderation queue, its menu item with the pending count, and its permission."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import moderation
from .models import Comment


class CommentQueueMenuItem(MenuItem):
    def is_shown(self, request):
        return moderation.can_moderate(request.user)

    def render_component(self, request):
        pending = Comment.objects.pending().count()
        component = super().render_component(request)
        if pending:
            component.label = gettext("Comments (%(count)s pending)") % {"count": pending}
        return component


@hooks.register("register_admin_urls")
def register_comment_queue_url():
    urls = ([path("", moderation.queue, name="queue")], "news_comments")
    return [path("comments/", include(urls))]


@hooks.register("register_admin_menu_item")
def register_comment_queue_menu_item():
    return CommentQueueMenuItem(
        _("Comments"), reverse("news_comments:queue"), name="comments", icon_name="comment", order=250
    )


@hooks.register("register_permissions")
def register_comment_permissions():
    return Permission.objects.filter(content_type__app_label="news", codename__in=["change_comment"])
