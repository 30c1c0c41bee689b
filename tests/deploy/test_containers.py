"""deploy/Containerfile and deploy/compose.yaml: the image is built from the lock file with its hashes, the compose
file (app, timers, PostgreSQL, Redis) reads the one environment file, and `docker compose config` accepts it."""

import re
import shutil
import subprocess

import pytest
import yaml

from tests.conftest import require
from tests.deploy.conftest import DEPLOY, ENV_EXAMPLE

pytestmark = pytest.mark.deploy

CONTAINERFILE = DEPLOY / "Containerfile"
COMPOSE = DEPLOY / "compose.yaml"


def instructions():
    """The Containerfile's instructions, continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", CONTAINERFILE.read_text())
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_the_image_installs_the_lock_files_with_their_hashes():
    runs = " ".join(line for line in instructions() if line.startswith("RUN "))
    assert "pip install --require-hashes -r requirements/pip.txt" in runs
    assert "pip install --require-hashes -r requirements/base.txt" in runs
    copies = [line for line in instructions() if line.startswith("COPY ")]
    # The lock files before the code: the dependencies' layer survives a change of code.
    assert copies[0] == "COPY requirements/pip.txt requirements/base.txt requirements/"


def test_the_image_runs_gunicorn_with_production_settings_as_a_plain_user():
    lines = instructions()
    assert lines[-1] == 'CMD ["gunicorn", "-c", "gunicorn.conf.py"]'
    assert "USER portal" in lines
    assert any("DJANGO_SETTINGS_MODULE=portal.settings.production" in line for line in lines if line.startswith("ENV"))
    assert any("manage.py collectstatic" in line for line in lines)


def test_the_build_never_sees_the_filled_in_environment_file():
    ignored = (DEPLOY / "Containerfile.dockerignore").read_text().splitlines()
    assert "deploy/.env" in ignored and ".venv" in ignored and ".git" in ignored
    assert ".env" in (DEPLOY / ".gitignore").read_text().splitlines()


def compose():
    return yaml.safe_load(COMPOSE.read_text())


def test_compose_runs_the_app_the_timers_postgresql_and_redis():
    services = compose()["services"]
    assert set(services) == {"app", "timers", "db", "redis"}
    for name in ("app", "timers"):
        service = services[name]
        assert service["build"] == {"context": "..", "dockerfile": "deploy/Containerfile"}
        assert service["env_file"] == ".env"
        assert service["environment"]["DJANGO_SETTINGS_MODULE"] == "portal.settings.production"
        assert service["depends_on"]["db"] == {"condition": "service_healthy"}
        assert service["read_only"] is True and service["cap_drop"] == ["ALL"]
    assert services["timers"]["command"] == ["sh", "deploy/container-timers"]
    assert services["app"]["ports"] == ["127.0.0.1:8000:8000"]  # nginx on the host only
    assert services["db"]["image"].startswith("docker.io/library/postgres:15")  # pg_dump 15 in the image


def compose_command():
    """Docker's compose plugin, or Debian's docker-compose; neither needs a running engine for `config`."""
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        return [docker, "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def test_docker_compose_config_accepts_the_file(tmp_path):
    command = compose_command()
    require(command, "neither `docker compose` nor `docker-compose` is installed (apt-get install docker-compose)")
    # As an operator has it: deploy/.env from the example, filled in.
    deploy = tmp_path / "deploy"
    deploy.mkdir()
    shutil.copy(COMPOSE, deploy / "compose.yaml")
    env = ENV_EXAMPLE.read_text().replace("\n# POSTGRES_PASSWORD=\n", "\nPOSTGRES_PASSWORD=mat-khau-csdl\n")
    env = env.replace("\nSECRET_KEY=\n", "\nSECRET_KEY=" + "k" * 64 + "\n")
    (deploy / ".env").write_text(env)
    result = subprocess.run([*command, "-f", str(deploy / "compose.yaml"), "config"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    app = config["services"]["app"]["environment"]
    assert app["DATABASE_URL"] == "postgres://portal:mat-khau-csdl@db:5432/portal"
    assert app["SECRET_KEY"] == "k" * 64  # from deploy/.env
    assert app["ALLOWED_HOSTS"] == "portal.example.gov.vn"

    # Without the database's password, compose refuses to go on, and says why.
    (deploy / ".env").write_text(env.replace("\nPOSTGRES_PASSWORD=mat-khau-csdl\n", "\n"))
    result = subprocess.run([*command, "-f", str(deploy / "compose.yaml"), "config"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "set POSTGRES_PASSWORD in deploy/.env" in result.stderr
