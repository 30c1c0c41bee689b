from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "organisation"
    verbose_name = _("Organisation")

    def ready(self):
        # AppConfig.ready: the models are loaded only now.
        from core.signals import announce_saves_and_deletions

        from .models import Leader, Unit

        announce_saves_and_deletions(Leader, Unit, app_label=self.label)
