from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = _("Legal documents")

    def ready(self):
        # AppConfig.ready: the models are loaded only now.
        from core.signals import announce_saves_and_deletions

        from .models import DocumentType

        announce_saves_and_deletions(DocumentType, app_label=self.label)
