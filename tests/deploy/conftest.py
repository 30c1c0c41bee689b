"""tests/deploy: the operators' kit (deploy/) run as an operator would run it: nginx in front of gunicorn, the
systemd units through systemd-analyze, the compose file through docker compose, the environment file against the
settings. Marked `deploy` (select with -m deploy); part of the normal suite."""

import re
import signal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
DEPLOY = ROOT / "deploy"
ENV_EXAMPLE = DEPLOY / "portal.env.example"
HOST = "portal.example.gov.vn"  # the host name deploy/ uses as its placeholder


def pytest_configure(config):
    config.addinivalue_line("markers", "deploy: runs a file of deploy/ as an operator would (nginx, systemd, compose)")


def read_env_file(path):
    """The NAME=value lines of an environment file (the subset systemd, docker compose and sh read alike)."""
    values = {}
    for number, line in enumerate(Path(path).read_text().splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = re.fullmatch(r"([A-Z][A-Z0-9_]*)=('[^']*'|[^\s'\"`$\\;&|<>()]*)", line)
        assert match, f"{path}:{number}: not a NAME=value line that systemd, compose and sh all read alike: {line!r}"
        name, value = match.groups()
        assert name not in values, f"{path}:{number}: {name} is set twice"
        values[name] = value[1:-1] if value.startswith("'") else value
    return values


def die_with_parent():
    """In a child, before exec: the kernel stops it if pytest itself dies (Linux; elsewhere a no-op)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
