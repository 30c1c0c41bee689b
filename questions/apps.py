from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.signals import announce_saves_and_deletions


class QuestionsConfig(AppConfig):
    name = "questions"
    verbose_name = _("Questions and contact")

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers (AppConfig.ready: models are loaded)
        from .models import Question  # Django: AppConfig.ready, models are loaded

        announce_saves_and_deletions(Question, app_label=self.label)
