from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = _("Administrative dossiers")

    def ready(self):
        from core.signals import announce_saves_and_deletions

        from . import signals  # noqa: F401 - connects the receivers (AppConfig.ready: models are loaded)
        from .models import Agency, MonthlySummary, Procedure

        announce_saves_and_deletions(Agency, Procedure, MonthlySummary, app_label=self.label)
