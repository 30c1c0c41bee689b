"""Django's own strings whose Vietnamese is missing from Django's catalog.

Django's vi catalog still translates the old "%d minute" msgids, while `timesince` (used by Wagtail's admin:
"5 phút trước") asks for "%(num)d minute". Listing them here lets `make messages` extract them, so our
catalog supplies the translation. Nothing imports this module.
"""

from django.utils.translation import ngettext_lazy

TIMESINCE_STRINGS = (
    ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
)
