"""deploy/systemd/: the gunicorn service and a timer for every periodic job, all on the one environment file, all
hardened; `systemd-analyze verify` accepts them (with /srv/portal pointed at this checkout)."""

import configparser
import os
import re
import shutil
import subprocess

import pytest
from django.core.management import get_commands

from tests.conftest import require
from tests.deploy.conftest import DEPLOY, ROOT

pytestmark = pytest.mark.deploy

UNITS = DEPLOY / "systemd"
# Every periodic job the portal needs, by the command its service runs.
JOBS = {
    "portal-dossier-summary": "manage.py refresh_dossier_summary",
    "portal-publish-scheduled": "manage.py publish_scheduled",
    "portal-prune-visits": "manage.py prune_visits",
    "portal-clear-sessions": "manage.py clearsessions",
    "portal-prune-sign-in-logs": "manage.py axes_reset_logs --age 30",
    "portal-backup": "bin/backup-db",
}
HARDENING = ["NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
             "CapabilityBoundingSet=", "SystemCallFilter=@system-service", "RestrictAddressFamilies="]


def unit(name):
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str
    parser.read_string((UNITS / name).read_text())
    return parser


def services():
    return sorted(path.name for path in UNITS.glob("*.service"))


def test_every_job_has_a_timer_and_a_service():
    timers = {path.stem for path in UNITS.glob("*.timer")}
    assert timers == set(JOBS)
    for name, command in JOBS.items():
        assert unit(f"{name}.timer")["Timer"]["Unit"] == f"{name}.service"
        assert unit(f"{name}.timer")["Install"]["WantedBy"] == "timers.target"
        service = unit(f"{name}.service")["Service"]
        assert service["Type"] == "oneshot"
        assert service["ExecStart"].endswith(command), name


def test_the_jobs_run_commands_that_exist():
    commands = get_commands()
    for command in JOBS.values():
        if command.startswith("manage.py "):
            assert command.split()[1] in commands, command
        else:
            assert os.access(ROOT / command, os.X_OK), command


def test_every_service_reads_the_one_environment_file_as_the_portal_user_hardened():
    for name in services():
        text = (UNITS / name).read_text()
        service = unit(name)["Service"]
        assert service["EnvironmentFile"] == "/etc/portal.env", name
        assert (service["User"], service["Group"], service["WorkingDirectory"]) == ("portal", "portal", "/srv/portal")
        for line in HARDENING:
            assert re.search(rf"^{re.escape(line)}", text, flags=re.MULTILINE), (name, line)


def test_gunicorn_runs_with_gunicorn_conf_py():
    service = unit("portal.service")["Service"]
    assert service["ExecStart"] == "/srv/portal/.venv/bin/gunicorn -c /srv/portal/gunicorn.conf.py"
    assert service["Type"] == "notify"
    assert unit("portal.service")["Install"]["WantedBy"] == "multi-user.target"


def test_the_container_timers_run_the_same_jobs():
    script = (DEPLOY / "container-timers").read_text()
    for name, command in JOBS.items():
        run = "run python " + command if command.startswith("manage.py") else "run " + command
        assert f"# {name}.timer" in script and run in script, name
    subprocess.run(["sh", "-n", str(DEPLOY / "container-timers")], check=True)


def test_systemd_analyze_verify_accepts_the_units(tmp_path):
    analyze = shutil.which("systemd-analyze")
    require(analyze, "systemd-analyze is not installed (apt-get install systemd)")
    # The units name /srv/portal: here, this checkout (its .venv/bin/gunicorn, .venv/bin/python, bin/backup-db).
    for path in UNITS.iterdir():
        (tmp_path / path.name).write_text(path.read_text().replace("/srv/portal", str(ROOT)))
    files = sorted(str(path) for path in tmp_path.iterdir())
    result = subprocess.run([analyze, "verify", "--man=no", *files], capture_output=True, text=True, timeout=60)
    # Unknown keys and bad values are only warnings: the output must not mention these units at all.
    output = [line for line in (result.stdout + result.stderr).splitlines() if "portal" in line]
    assert result.returncode == 0 and not output, result.stdout + result.stderr


def test_portal_manage_runs_manage_py_as_the_services_do(tmp_path):
    """deploy/portal-manage hands systemd-run the portal user, the directory and the environment file of the units
    (a stand-in systemd-run here prints what it was given)."""
    fake = tmp_path / "systemd-run"
    fake.write_text('#!/bin/sh\nfor arg in "$@"; do echo "$arg"; done\n')
    fake.chmod(0o755)
    env = {"PATH": f"{tmp_path}:{os.environ['PATH']}"}

    def run(*args, **extra):
        result = subprocess.run(["sh", str(DEPLOY / "portal-manage"), *args], env={**env, **extra},
                                stdin=subprocess.DEVNULL, capture_output=True, text=True, check=True)
        return result.stdout.splitlines()

    service = unit("portal.service")["Service"]
    assert run("migrate", "--noinput") == [
        "--quiet", "--wait", "--collect", "--pipe", f"--uid={service['User']}", f"--gid={service['Group']}",
        f"--property=EnvironmentFile={service['EnvironmentFile']}",
        f"--working-directory={service['WorkingDirectory']}",
        "/srv/portal/.venv/bin/python", "manage.py", "migrate", "--noinput",
    ]
    restore = run("--run", "/srv/portal/bin/restore-db", "/var/backups/portal/a.dump")
    assert restore[-2:] == ["/srv/portal/bin/restore-db", "/var/backups/portal/a.dump"]
    assert "--working-directory=/srv/portal-releases/2" in run("check", PORTAL_HOME="/srv/portal-releases/2")
