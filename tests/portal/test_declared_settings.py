"""The portal's own settings are declared once, in portal/settings/base.py, as PORTAL_X read from the environment
variable PORTAL_X; the code reads them as settings.PORTAL_X, never through getattr with a default of its own."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from portal.settings.base import rate_limits

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "portal" / "settings" / "base.py"
APPS = ("core", "portal", "news", "dossiers", "stats", "publications", "organisation", "questions")
NOT_FROM_THE_ENVIRONMENT = {"PORTAL_PRODUCTION"}  # production.py sets it


def _declared():
    declared = {}
    for node in ast.parse(BASE.read_text()).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name.startswith("PORTAL_"):
                strings = {sub.value for sub in ast.walk(node.value)
                           if isinstance(sub, ast.Constant) and isinstance(sub.value, str)}
                declared[name] = strings
    return declared


def _code():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "settings" not in path.parts and "migrations" not in path.parts:
                yield path, path.read_text()


def test_every_portal_setting_comes_from_the_variable_of_its_name():
    declared = _declared()
    assert len(declared) >= 15
    for name, strings in declared.items():
        if name not in NOT_FROM_THE_ENVIRONMENT:
            assert name in strings, f"{name} is not read from the environment variable {name}"


def test_the_code_reads_only_declared_settings_and_never_with_a_default():
    declared = _declared()
    for path, source in _code():
        assert "getattr(settings" not in source, f"{path}: read settings.X directly, declared in base.py"
        for name in re.findall(r"settings\.(PORTAL_[A-Z0-9_]+)", source):
            assert name in declared, f"{path}: settings.{name} is not declared in portal/settings/base.py"


def test_environment_reaches_the_settings():
    code = ("from django.conf import settings; "
            "print(settings.PORTAL_STATS_CACHE_SECONDS, settings.PORTAL_DOSSIER_PERIOD, "
            "settings.PORTAL_COMMENT_RATE_LIMITS['comment_ip'], settings.PORTAL_STATS_EXCLUDED_PREFIXES)")
    env = {"DJANGO_SETTINGS_MODULE": "portal.settings.test", "PORTAL_STATS_CACHE_SECONDS": "7",
           "DOSSIER_PERIOD": "official", "PORTAL_COMMENT_RATE_LIMITS": "comment_ip=9/60",
           "PORTAL_STATS_EXCLUDED_PREFIXES": "/api/,/noi-bo/", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    # DOSSIER_PERIOD, the earlier name of PORTAL_DOSSIER_PERIOD, still works.
    assert result.stdout.split("\n")[0] == "7 official (9, 60) ['/api/', '/noi-bo/']"


def test_rate_limits_are_read_and_refused_precisely():
    assert rate_limits("comment_ip=20/600, rating_ip=60/600") == {"comment_ip": (20, 600), "rating_ip": (60, 600)}
    assert rate_limits("") == {}
    with pytest.raises(ValueError, match="rate limit 'comment_ip=20': expected name=count/seconds"):
        rate_limits("comment_ip=20")
