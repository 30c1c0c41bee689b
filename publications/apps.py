from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.signals import announce_saves_and_deletions


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = _("Legal documents")

    def ready(self):
        from .models import DocumentType  # Django: AppConfig.ready, models are loaded

        announce_saves_and_deletions(DocumentType, app_label=self.label)
