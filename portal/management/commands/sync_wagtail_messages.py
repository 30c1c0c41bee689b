"""Keep every msgid of the installed Wagtail apps in locale/vi/LC_MESSAGES/{django,djangojs}.po.

`makemessages --no-obsolete` drops msgids that are not in the project's sources, Wagtail's among them.
This command adds them back, with the translations they had: those are remembered from the .po before
`--makemessages` runs the extraction (as `make messages` does) and, for entries a hand-run makemessages
has already dropped, from the compiled .mo (which makemessages leaves alone). `--from-json FILE` merges
translations written as {"msgid": "Vietnamese"} ("context\\x04msgid" for contexts, the singular msgid
for plurals, one Vietnamese form).
"""

import json
import re
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from portal.i18n import DOMAINS, catalog_path, entry_key, is_translated, wagtail_source_catalogs

WAGTAIL_MARK = "wagtail: "
MAKEMESSAGES_IGNORE = [".venv", "var", "tests", "bench", "test-artifacts", "static/vendor", "node_modules"]
HEADER = {
    "Project-Id-Version": "district-portal",
    "Language-Team": "Vietnamese",
    "Language": "vi",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
}
# A lone % (not %% and not a placeholder such as %(name)s or %s) is written %% in python-format msgids.
LONE_PERCENT = re.compile(r"(?<!%)%(?![%(sdif])")


def escape_percent(text):
    return LONE_PERCENT.sub("%%", text)


class Command(BaseCommand):
    help = "Add the installed Wagtail apps' msgids to the project's Vietnamese catalogs, keeping translations."

    def add_arguments(self, parser):
        parser.add_argument("--makemessages", action="store_true",
                            help="run makemessages --no-obsolete for both domains first (the project's own strings)")
        parser.add_argument("--from-json", action="append", default=[], metavar="FILE",
                            help="merge translations from a {msgid: msgstr} JSON file (repeatable)")

    def handle(self, *args, **options):
        import polib

        sources = wagtail_source_catalogs()
        mappings = [(Path(name), json.loads(Path(name).read_text(encoding="utf-8")))
                    for name in options["from_json"]]
        remembered = {domain: self.remembered_translations(polib, catalog_path(domain)) for domain in DOMAINS}
        if options["makemessages"]:
            for domain in DOMAINS:
                call_command("makemessages", locale=["vi"], domain=domain, ignore_patterns=MAKEMESSAGES_IGNORE,
                             no_obsolete=True, verbosity=0)
        for domain in DOMAINS:
            path = catalog_path(domain)
            po = polib.pofile(str(path), wrapwidth=79) if path.exists() else polib.POFile(wrapwidth=79)
            added, restored = self.add_wagtail_entries(polib, po, domain, sources, remembered[domain])
            merged = sum(self.merge_json(po, mapping) for _name, mapping in mappings)
            po.metadata.update(HEADER)
            po.metadata_is_fuzzy = False
            path.parent.mkdir(parents=True, exist_ok=True)
            po.save(str(path))
            self.stdout.write(
                f"{path}: {len(po)} entries, {added} Wagtail msgids added, {restored} translations restored, "
                f"{merged} merged from JSON, {po.percent_translated()}% translated"
            )
        for name, mapping in mappings:
            unknown = [key for key in mapping if not self.known_key(key)]
            if unknown:
                self.stdout.write(f"{name}: {len(unknown)} keys match no msgid (stale?): {unknown[:5]}")

    def remembered_translations(self, polib, path):
        """Translations in the compiled .mo, then the .po's own (which win)."""
        remembered = {}
        mo_path = path.with_suffix(".mo")
        if mo_path.exists():
            for entry in polib.mofile(str(mo_path)):
                remembered[entry_key(entry)] = entry
        if path.exists():
            for entry in polib.pofile(str(path)):
                if is_translated(entry):
                    remembered[entry_key(entry)] = entry
        return remembered

    def add_wagtail_entries(self, polib, po, domain, sources, remembered):
        current = {entry_key(entry): entry for entry in po if not entry.obsolete}
        # Entries drop to obsolete when makemessages runs without --no-obsolete: those are rebuilt below.
        for entry in [entry for entry in po if entry.obsolete]:
            po.remove(entry)
        wanted = {}
        for app, source_domain, source_path in sources:
            if source_domain != domain:
                continue
            for source in polib.pofile(str(source_path)):
                if source.msgid and not source.obsolete:
                    wanted.setdefault(entry_key(source), (app, source))
        # Wagtail msgids that an upgrade removed, and the project does not use.
        for key, entry in list(current.items()):
            if entry.comment.startswith(WAGTAIL_MARK) and not entry.occurrences and key not in wanted:
                po.remove(entry)
                del current[key]
        added = restored = 0
        for key, (app, source) in wanted.items():
            entry = current.get(key)
            if entry is None:
                entry = polib.POEntry(
                    msgid=source.msgid, msgctxt=source.msgctxt, msgid_plural=source.msgid_plural,
                    msgstr="", msgstr_plural={0: ""} if source.msgid_plural else {},
                    flags=[flag for flag in source.flags if flag != "fuzzy"], comment=f"{WAGTAIL_MARK}{app}",
                )
                po.append(entry)
                current[key] = entry
                added += 1
        for key, entry in current.items():
            old = remembered.get(key)
            if not is_translated(entry) and old is not None and is_translated(old):
                self.set_translation(entry, old.msgstr_plural.get(0) if old.msgid_plural else old.msgstr)
                restored += 1
        self.keys = getattr(self, "keys", set()) | set(current)
        return added, restored

    def known_key(self, key):
        return key in self.keys or escape_percent(key) in self.keys

    def merge_json(self, po, mapping):
        entries = {entry_key(entry): entry for entry in po}
        merged = 0
        for key, value in mapping.items():
            if not isinstance(value, str) or not value.strip():
                continue
            # blocktranslate writes a literal % as %% in the msgid; the JSON may not. The same text can be
            # both a plain msgid (from Python) and a %%-escaped one (from a template): fill both.
            candidates = [(entries.get(key), value)]
            if escape_percent(key) != key:
                candidates.append((entries.get(escape_percent(key)), escape_percent(value)))
            for entry, text in candidates:
                if entry is None or (is_translated(entry) and self.current_text(entry) == text):
                    continue
                self.set_translation(entry, text)
                merged += 1
        return merged

    @staticmethod
    def current_text(entry):
        return entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr

    @staticmethod
    def set_translation(entry, value):
        if entry.msgid_plural:
            entry.msgstr_plural = {0: value}
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
