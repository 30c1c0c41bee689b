from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.signals import announce_saves_and_deletions


class OrganisationConfig(AppConfig):
    name = "organisation"
    verbose_name = _("Organisation")

    def ready(self):
        from .models import Leader, Unit  # Django: AppConfig.ready, models are loaded

        announce_saves_and_deletions(Leader, Unit, app_label=self.label)
