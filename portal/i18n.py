"""Where the Vietnamese catalogs and Wagtail's English source catalogs live, and how entries are keyed.

Shared by the `sync_wagtail_messages` and `i18n_coverage` commands and by tests/portal/test_i18n.py.
"""

from importlib import import_module
from pathlib import Path

from django.conf import settings

DOMAINS = ("django", "djangojs")
# polib keys an entry by context and msgid; the context separator of gettext's .mo files.
CONTEXT_SEPARATOR = "\x04"


def catalog_path(domain, language="vi"):
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / f"{domain}.po"


def entry_key(entry):
    """The lookup key gettext uses: "context\\x04msgid" or the bare msgid."""
    return f"{entry.msgctxt}{CONTEXT_SEPARATOR}{entry.msgid}" if entry.msgctxt else entry.msgid


def is_translated(entry):
    if entry.obsolete or "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(value.strip() for value in entry.msgstr_plural.values())
    return bool(entry.msgstr.strip())


def translation_of(entry):
    """The Vietnamese text of a translated entry (Vietnamese has one plural form: msgstr[0])."""
    if entry.msgid_plural:
        return entry.msgstr_plural.get(0, "")
    return entry.msgstr


def wagtail_source_catalogs():
    """[(label, domain, path)] for the English catalogs of every installed Wagtail app, in INSTALLED_APPS order.

    The English catalogs list every msgid of the installed version, translated or not, so they are the
    reference for what the admin can show.
    """
    catalogs = []
    for app in settings.INSTALLED_APPS:
        if app != "wagtail" and not app.startswith("wagtail."):
            continue
        app_dir = Path(import_module(app).__file__).parent
        for domain in DOMAINS:
            path = app_dir / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
            if path.exists():
                catalogs.append((app, domain, path))
    return catalogs
