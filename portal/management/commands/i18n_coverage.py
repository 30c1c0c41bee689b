"""How much of the admin and the portal is Vietnamese: per catalog, in total, and what is missing.

The relevant msgids are those of the installed Wagtail apps' English catalogs (every msgid of the
installed version) and the project's own (every entry of locale/vi that is not Wagtail's). A msgid
counts as translated only when locale/vi has a non-empty, non-fuzzy translation in the same domain.
Exits 1 below 100%.
"""

import sys

from django.core.management.base import BaseCommand

from portal.i18n import DOMAINS, catalog_path, entry_key, is_translated, wagtail_source_catalogs


class Command(BaseCommand):
    help = "Report the Vietnamese translation coverage of Wagtail's admin-facing apps and the project."

    def add_arguments(self, parser):
        parser.add_argument("--summary", action="store_true", help="print the counts without the missing msgids")

    def handle(self, *args, **options):
        rows = coverage()
        total = sum(len(keys) for _label, keys, _missing in rows)
        missing_total = sum(len(missing) for _label, _keys, missing in rows)
        width = max(len(label) for label, _keys, _missing in rows)
        for label, keys, missing in rows:
            done = len(keys) - len(missing)
            self.stdout.write(f"{label:<{width}}  {done:>5} / {len(keys):<5} {percent(keys, missing)}")
        self.stdout.write(f"{'total':<{width}}  {total - missing_total:>5} / {total:<5} "
                          f"{percent(range(total), range(missing_total))}")
        if missing_total and not options["summary"]:
            self.stdout.write("\nMissing (no translation, empty or fuzzy):")
            for label, _keys, missing in rows:
                for key in missing:
                    self.stdout.write(f"  [{label}] {key!r}")
        if missing_total:
            sys.exit(1)


def percent(keys, missing):
    if not len(keys):
        return "100%"
    value = 100 * (len(keys) - len(missing)) / len(keys)
    # Never round 99.95% up to a reassuring 100%.
    return f"{int(value * 10) / 10:g}%"


def coverage():
    """[(catalog label, its relevant keys, the untranslated ones)]."""
    import polib

    translated, project_keys = {}, {}
    for domain in DOMAINS:
        path = catalog_path(domain)
        entries = [entry for entry in polib.pofile(str(path)) if not entry.obsolete] if path.exists() else []
        translated[domain] = {entry_key(entry) for entry in entries if is_translated(entry)}
        project_keys[domain] = [entry_key(entry) for entry in entries]
    rows, wagtail_keys = [], {domain: set() for domain in DOMAINS}
    for app, domain, source_path in wagtail_source_catalogs():
        keys = [entry_key(entry) for entry in polib.pofile(str(source_path)) if entry.msgid and not entry.obsolete]
        wagtail_keys[domain].update(keys)
        rows.append((f"{app} ({domain})", keys, [key for key in keys if key not in translated[domain]]))
    for domain in DOMAINS:
        keys = [key for key in project_keys[domain] if key not in wagtail_keys[domain]]
        rows.append((f"project ({domain})", keys, [key for key in keys if key not in translated[domain]]))
    return rows
