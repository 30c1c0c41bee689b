from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from . import checks, page_cache_triggers  # noqa: F401 - Django: AppConfig.ready, checks register themselves

        page_cache_triggers.connect()
