"""deploy/portal.env.example names every variable the production settings read, and nothing else; manage.py never
runs the development settings against a database server unless asked to."""

import ast
import importlib.util
import os
import re
import subprocess
import sys

import pytest

from tests.deploy.conftest import ENV_EXAMPLE, ROOT, read_env_file

pytestmark = pytest.mark.deploy

SETTINGS = [ROOT / "portal" / "settings" / "base.py", ROOT / "portal" / "settings" / "production.py"]
# Read by the settings (`env.str("X"`, `env("X"`, `environ_vars.get("X"`, …) or named as a variable in them.
ENV_CALL = re.compile(r"""\b(?:env(?:\.\w+)?|environ_vars\.get)\(\s*["']([A-Z][A-Z0-9_]*)["']""")
ENV_NAME = re.compile(r"""["']((?:PORTAL|DJANGO|SECURE|AWS)_[A-Z0-9_]+)["']""")
# Read elsewhere by the kit: gunicorn.conf.py, bin/backup-db, deploy/compose.yaml.
OTHERS = {"DJANGO_SETTINGS_MODULE", "POSTGRES_PASSWORD"}


def settings_variables():
    names = set()
    for path in SETTINGS:
        source = path.read_text()
        names |= set(ENV_CALL.findall(source))
        # Names held in strings rather than in the call itself (media_storage()'s table of optional variables).
        names |= {name for name in ENV_NAME.findall(source) if not name.startswith("AWS_")}
        # A call whose name is not a string literal would escape the check above: the helpers' loops aside, none.
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name):
                func = ast.unparse(node.func)
                if (func == "env" or func.startswith("env.") and func not in ("env.db_url_config",)) and node.args:
                    assert isinstance(node.args[0], ast.Constant), f"{path.name}: {ast.unparse(node)}"
    return names


def kit_variables():
    gunicorn_conf = (ROOT / "gunicorn.conf.py").read_text()
    gunicorn = set(re.findall(r"""environ\.get\(\s*["']([A-Z][A-Z0-9_]*)["']""", gunicorn_conf))
    backup = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)[:}]", (ROOT / "bin" / "backup-db").read_text()))
    return gunicorn | backup


def listed():
    """Every NAME=… line of the example, commented out or not."""
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE.read_text(), flags=re.MULTILINE))


def test_the_example_lists_every_variable_the_settings_read():
    names = settings_variables()
    assert {"SECRET_KEY", "DATABASE_URL", "CACHE_URL", "PORTAL_TRUSTED_PROXIES", "PORTAL_S3_ENDPOINT_URL",
            "SECURE_HSTS_SECONDS", "DOSSIER_PERIOD"} <= names  # the parsing above still finds them
    missing = sorted(names - listed())
    assert not missing, f"deploy/portal.env.example does not list {missing}"


def test_the_example_lists_gunicorns_and_the_backups_variables():
    names = kit_variables()
    assert {"GUNICORN_BIND", "GUNICORN_WORKERS", "BACKUP_DIR", "BACKUP_KEEP_DAYS"} <= names
    missing = sorted(names - listed())
    assert not missing, f"deploy/portal.env.example does not list {missing}"


def test_the_example_lists_nothing_that_is_not_read():
    stale = sorted(listed() - settings_variables() - kit_variables() - OTHERS - {"DATABASE_URL"})
    assert not stale, f"deploy/portal.env.example lists variables nothing reads: {stale}"


def test_the_example_names_the_production_settings_and_reads_alike_everywhere():
    values = read_env_file(ENV_EXAMPLE)  # every active line in the syntax systemd, compose and sh share
    assert values["DJANGO_SETTINGS_MODULE"] == "portal.settings.production"
    # The secrets are left for the operator: production refuses to start with an empty SECRET_KEY.
    assert values["SECRET_KEY"] == ""


def test_the_example_is_what_sh_reads_too(tmp_path):
    """bin/restore-db and the docs source the file in sh: the same values come out."""
    script = f"set -a; . {ENV_EXAMPLE}; env"
    result = subprocess.run(["sh", "-c", script], env={"PATH": os.environ["PATH"]}, capture_output=True, text=True,
                            check=True)
    from_sh = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    for name, value in read_env_file(ENV_EXAMPLE).items():
        assert from_sh.get(name) == value, name


# --- manage.py --------------------------------------------------------------------------------------------------

def manage_module():
    spec = importlib.util.spec_from_file_location("portal_manage", ROOT / "manage.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("environ", "expected"), [
    ({}, "portal.settings.dev"),
    ({"DATABASE_URL": ""}, "portal.settings.dev"),
    ({"DATABASE_URL": "sqlite:////tmp/portal.sqlite3"}, "portal.settings.dev"),
    ({"DATABASE_URL": "postgres://portal@db/portal"}, None),
    ({"DATABASE_URL": "postgresql://portal@db/portal"}, None),
    ({"DATABASE_URL": "psql://portal@db/portal", "DJANGO_SETTINGS_MODULE": ""}, None),
    ({"DATABASE_URL": "mysql://portal@db/portal"}, None),
    ({"DATABASE_URL": "postgres://portal@db/portal", "DJANGO_SETTINGS_MODULE": "portal.settings.production"},
     "portal.settings.production"),
    # Development settings on PostgreSQL, when asked for by name.
    ({"DATABASE_URL": "postgres://portal@db/portal", "DJANGO_SETTINGS_MODULE": "portal.settings.dev"},
     "portal.settings.dev"),
])
def test_manage_py_picks_the_settings(environ, expected):
    assert manage_module().settings_module(environ) == expected


def test_manage_py_stops_before_dev_settings_meet_a_database_server():
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env["DATABASE_URL"] = "postgres://portal:secret@127.0.0.1:5432/portal"
    result = subprocess.run([sys.executable, "manage.py", "migrate"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1
    assert "DJANGO_SETTINGS_MODULE" in result.stderr
    assert "portal.settings.production" in result.stderr and "portal.settings.dev" in result.stderr
