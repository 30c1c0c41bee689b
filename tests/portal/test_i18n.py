"""The Vietnamese catalogs: complete, faithful to their msgids, following the glossary, compiled."""

import re
import shutil
from collections import Counter
from io import StringIO
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import formats, translation

from portal.i18n import DOMAINS, catalog_path, entry_key, is_translated, translation_of, wagtail_source_catalogs

GLOSSARY = Path(settings.BASE_DIR) / "locale" / "vi" / "GLOSSARY.md"
# A literal "%%" is not a placeholder: the translation may word the percentage differently.
PERCENT = re.compile(r"%(?:\(\w+\))?[-+#0]*\d*(?:\.\d+)?[sdifrx]")
BRACES = re.compile(r"\{\w*\}")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
# Old accent placement on an open oa/oe/uy syllable ("hoá", "khoẻ", "huỷ"); "quý" is fine (qu- is one consonant).
OLD_ACCENT = re.compile(r"(?:o[áàảãạéèẻẽẹ]|(?<![qQ])u[ýỳỷỹỵ])(?!\w)", re.IGNORECASE)


@pytest.fixture(scope="module")
def catalogs():
    return {domain: polib.pofile(str(catalog_path(domain))) for domain in DOMAINS}


def entries(catalogs):
    for domain, po in catalogs.items():
        for entry in po:
            if not entry.obsolete:
                yield domain, entry


def label(domain, entry):
    return f"[{domain}] {entry.msgid!r}"


def test_coverage_is_complete():
    out = StringIO()
    try:
        call_command("i18n_coverage", stdout=out)
    except SystemExit as exit:  # the command exits 1 below 100%
        pytest.fail(f"i18n_coverage exited {exit.code}:\n{out.getvalue()}")
    assert re.search(r"^total\s+(\d+) / \1\s+100%$", out.getvalue(), re.MULTILINE), out.getvalue()


def test_vietnamese_has_one_plural_form(catalogs):
    for po in catalogs.values():
        assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
        assert po.metadata["Language"] == "vi"


def test_no_empty_or_fuzzy_entries(catalogs):
    bad = [label(domain, entry) for domain, entry in entries(catalogs) if not is_translated(entry)]
    assert not bad, f"{len(bad)} untranslated or fuzzy: {bad[:20]}"


def tokens(pattern, text):
    return Counter(pattern.findall(text))


def test_placeholders_tags_and_entities_are_kept(catalogs):
    bad = []
    for domain, entry in entries(catalogs):
        if not is_translated(entry):
            continue
        # One plural form serves every count: it keeps the plural msgid's placeholders.
        source, text = entry.msgid_plural or entry.msgid, translation_of(entry)
        for pattern in (PERCENT, BRACES, TAG, ENTITY):
            if tokens(pattern, source) != tokens(pattern, text):
                bad.append(f"{label(domain, entry)}: {sorted(tokens(pattern, source).elements())} "
                           f"!= {sorted(tokens(pattern, text).elements())} in {text!r}")
    assert not bad, "\n".join(bad)


def glossary_rows():
    """[(English terms, excluded English phrases, forbidden Vietnamese variants, Wagtail's msgids only)]."""
    rows, approved = [], []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 3 or cells[0] in ("English", "") or set(cells[0]) <= set("-"):
            continue
        english, vietnamese, forbidden = cells[0], cells[1], cells[2]
        excluded = re.findall(r"\(not ([^)]*)\)", english)
        wagtail_only = "(in Wagtail's msgids)" in english
        terms = [term.strip() for term in re.sub(r"\([^)]*\)", "", english).split("/") if term.strip()]
        approved += [term.strip() for term in vietnamese.split("/") if term.strip()]
        variants = [variant.strip() for variant in forbidden.split(",") if variant.strip()]
        rows.append((terms, excluded, variants, wagtail_only))
    return rows, sorted(approved, key=len, reverse=True)


def test_glossary_table_is_read():
    rows, approved = glossary_rows()
    assert len(rows) >= 40 and "bản nháp" in approved
    assert (["draft"], [], ["bản phác thảo", "nháp"], False) in rows
    assert (["document", "documents"], [], ["văn bản"], True) in rows


def test_glossary_terms_are_used_consistently(catalogs):
    rows, approved = glossary_rows()
    wagtail_keys = {entry_key(entry) for _app, _domain, path in wagtail_source_catalogs()
                    for entry in polib.pofile(str(path))}
    bad = []
    for domain, entry in entries(catalogs):
        if not is_translated(entry):  # fuzzy guesses are reported as missing, not judged
            continue
        source = f"{entry.msgid} {entry.msgid_plural}"
        # Placeholders are code ("%(snippet_type)s"), and the approved terms may contain a forbidden word
        # ("nháp" in "bản nháp"): neither counts.
        text = PERCENT.sub(" ", BRACES.sub(" ", translation_of(entry))).lower()
        for term in approved:
            text = text.replace(term.lower(), " ")
        for terms, excluded, variants, wagtail_only in rows:
            if wagtail_only and entry_key(entry) not in wagtail_keys:
                continue
            mentions = source
            for phrase in excluded:
                mentions = re.sub(re.escape(phrase), " ", mentions, flags=re.IGNORECASE)
            if not any(re.search(rf"\b{re.escape(term)}(?:s|es|d|ed|ing)?\b", mentions, re.IGNORECASE)
                       for term in terms):
                continue
            for variant in variants:
                if re.search(rf"(?<!\w){re.escape(variant.lower())}(?!\w)", text):
                    bad.append(f"{label(domain, entry)} ({'/'.join(terms)}): {variant!r} in {translation_of(entry)!r}")
    assert not bad, "\n".join(bad)


def test_new_accent_placement(catalogs):
    bad = [f"{label(domain, entry)}: {translation_of(entry)!r}" for domain, entry in entries(catalogs)
           if is_translated(entry) and OLD_ACCENT.search(translation_of(entry))]
    assert not bad, "\n".join(bad)


def compiled(path):
    return {entry_key(entry): translation_of(entry) for entry in polib.mofile(str(path))}


@pytest.mark.parametrize("domain", DOMAINS)
def test_mo_is_compiled_from_the_current_po(domain):
    po_path = catalog_path(domain)
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `python manage.py compile_catalogs`"
    expected = {entry_key(entry): translation_of(entry) for entry in polib.pofile(str(po_path))
                if is_translated(entry)}
    actual = {key: value for key, value in compiled(mo_path).items() if key}
    stale = sorted(set(expected.items()) ^ set(actual.items()))[:10]
    assert actual == expected, f"{mo_path} differs from {po_path}: run `python manage.py compile_catalogs` ({stale})"


def test_sync_restores_wagtail_msgids_that_makemessages_dropped(tmp_path):
    locale = tmp_path / "locale"
    shutil.copytree(Path(settings.LOCALE_PATHS[0]), locale)
    po_path = locale / "vi" / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(po_path))
    dropped = po.find("Save draft")
    assert dropped is not None and dropped.msgstr == "Lưu bản nháp"
    po.remove(dropped)  # what `makemessages --no-obsolete` does to msgids absent from the project's sources
    po.save(str(po_path))
    with override_settings(LOCALE_PATHS=[locale]):
        call_command("sync_wagtail_messages", stdout=StringIO())
    restored = polib.pofile(str(po_path)).find("Save draft")
    assert restored is not None and restored.msgstr == "Lưu bản nháp"


def test_json_merge_matches_a_literal_percent(tmp_path):
    locale = tmp_path / "locale"
    shutil.copytree(Path(settings.LOCALE_PATHS[0]), locale)
    po_path = locale / "vi" / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(po_path))
    po.append(polib.POEntry(msgid="Late %% of %(total)s", msgstr="", flags=["python-format"]))
    po.save(str(po_path))
    mapping = tmp_path / "t.json"
    mapping.write_text('{"Late % of %(total)s": "Trễ % trên %(total)s"}', encoding="utf-8")
    with override_settings(LOCALE_PATHS=[locale]):
        call_command("sync_wagtail_messages", "--from-json", str(mapping), stdout=StringIO())
    assert polib.pofile(str(po_path)).find("Late %% of %(total)s").msgstr == "Trễ %% trên %(total)s"


@pytest.mark.django_db
def test_admin_is_vietnamese_by_default(client, django_user_model):
    user = django_user_model.objects.create_superuser("bientap", "bientap@example.vn", "mat-khau-thu")
    from wagtail.users.models import UserProfile

    assert UserProfile.get_for_user(user).preferred_language == ""
    client.force_login(user)
    html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi"' in html and "Bảng điều khiển" in html
    account = client.get("/admin/account/").content.decode()
    assert 'value="vi"' in account and 'value="en"' in account  # both offered in the preferences


@pytest.mark.django_db
def test_a_user_may_choose_english(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.vn", "mat-khau-thu")
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    assert "Dashboard" in client.get("/admin/").content.decode()


def test_admin_formats_are_vietnamese():
    import datetime

    with translation.override("vi"):
        assert formats.date_format(datetime.date(2015, 8, 5), "SHORT_DATE_FORMAT") == "05/08/2015"
        assert formats.date_format(datetime.datetime(2015, 8, 5, 23, 55), "DATETIME_FORMAT") == "05/08/2015 23:55"
        assert formats.number_format(9615404.5, 1, force_grouping=True) == "9.615.404,5"
    assert settings.WAGTAIL_DATE_FORMAT == "d/m/Y" and settings.WAGTAIL_TIME_FORMAT == "H:i"
