from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.signals import announce_saves_and_deletions


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = _("Administrative dossiers")

    def ready(self):
        from . import signals  # noqa: F401 - Django: AppConfig.ready, connects the receivers once models are loaded
        from .models import Agency, MonthlySummary, Procedure  # Django: AppConfig.ready, models are loaded

        announce_saves_and_deletions(Agency, Procedure, MonthlySummary, app_label=self.label)
