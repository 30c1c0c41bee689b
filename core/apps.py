from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The toolkit every room builds on; it imports no room and no shell."""

    name = "core"
    verbose_name = _("Portal")
