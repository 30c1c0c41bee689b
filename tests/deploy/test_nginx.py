"""deploy/nginx/portal.conf in front of gunicorn (gunicorn.conf.py, production settings, deploy/portal.env.example),
as deployed: Debian's nginx, run as the current user from a temporary prefix, the conf rendered with only the
values it marks EDIT replaced (ports, paths, certificate). Through nginx: HTTP -> HTTPS, the security headers,
static files and media with their cache headers, the client's own address reaching the rate limits, request size
limits, /healthz; and, in a second nginx with the microcache switched on, the microcache and the purges the
portal sends (deploy/nginx/portal-purge.conf, with Debian's cache-purge module).
"""

import datetime
import gzip
import http.client
import json
import logging
import os
import re
import secrets
import shutil
import socket
import sqlite3
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import require
from tests.deploy.conftest import DEPLOY, ENV_EXAMPLE, HOST, ROOT, die_with_parent, read_env_file

# django_db: pytest-django sets up the test database only when some test of the session asks for it.
pytestmark = [pytest.mark.deploy, pytest.mark.django_db]

GUNICORN = Path(sys.executable).with_name("gunicorn")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# Two readers behind nginx: Linux routes all of 127.0.0.0/8 to the loopback, so a client socket can be bound to
# any of these; nginx itself (the trusted proxy, PORTAL_TRUSTED_PROXIES=127.0.0.1) reaches gunicorn from 127.0.0.1.
READER_ONE, READER_TWO = "127.0.0.2", "127.0.0.3"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, process, log, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{process.args[0]} stopped (status {process.returncode}):\n{tail(log)}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"{process.args[0]} did not listen on {port}:\n{tail(log)}")


def tail(path, size=3000):
    path = Path(path)
    return path.read_text(errors="replace")[-size:] if path.exists() else "(no log)"


def stop(process):
    if process and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- The pieces: a certificate, the database, static files, gunicorn, nginx ----------------------------------------

def make_certificate(directory):
    """A self-signed certificate for HOST, made now: `cryptography` if installed, else the openssl command."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
    except ImportError:
        require(shutil.which("openssl"), "neither the cryptography package nor the openssl command is installed")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-days", "1", "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST}",
                        "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
        return cert, key
    private = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(HOST)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(private, hashes.SHA256())
    )
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    return cert, key


def database_url(directory):
    """The migrated test database, for gunicorn: a copy of SQLite's in-memory one, or PostgreSQL's own (gunicorn
    writes nothing there: visit counting is off, the rate limits live in its own memory)."""
    connection.ensure_connection()
    data = connection.settings_dict
    assert "test" in data["NAME"] or "memory" in data["NAME"], f"not the test database: {data['NAME']}"
    if connection.vendor == "sqlite":
        path = directory / "portal.sqlite3"
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return f"sqlite:///{path}"
    assert connection.vendor == "postgresql", connection.vendor
    password = f":{data['PASSWORD']}" if data["PASSWORD"] else ""
    return (f"postgres://{data['USER'] or 'postgres'}{password}@{data['HOST'] or '127.0.0.1'}:"
            f"{data['PORT'] or 5432}/{data['NAME']}")


def portal_environment(directory, db_url, gunicorn_port):
    """deploy/portal.env.example as an operator fills it in, with this test's database, paths and port."""
    env = read_env_file(ENV_EXAMPLE)
    env.update(
        PATH=os.environ["PATH"],
        SECRET_KEY=secrets.token_urlsafe(64),
        DATABASE_URL=db_url,
        # One worker keeping the rate limits in its memory: the test needs no Redis.
        CACHE_URL="locmemcache://deploy-test",
        GUNICORN_WORKERS="1",
        GUNICORN_BIND=f"127.0.0.1:{gunicorn_port}",
        STATIC_ROOT=str(directory / "static"),
        MEDIA_ROOT=str(directory / "media"),
        EMAIL_URL="consolemail://",
        PORTAL_STATS_ENABLED="false",
    )
    return env


def collect_static(env):
    """collectstatic with the production storage (hashed, compressed names), the project's own files only."""
    ignored = ["admin", "wagtail*", "*table_block", "rest_framework"]
    command = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    for pattern in ignored:
        command += ["-i", pattern]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def start_gunicorn(env, port, log):
    with open(log, "wb") as out:
        process = subprocess.Popen([str(GUNICORN), "-c", str(ROOT / "gunicorn.conf.py")], cwd=ROOT, env=env,
                                   stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                   preexec_fn=die_with_parent)
    wait_for_port(port, process, log)
    return process


def render(text, replacements):
    """Replace what the conf marks EDIT; each original must be there, so that the test follows the file."""
    for original, replacement in replacements:
        count = len(re.findall(original, text, flags=re.MULTILINE))
        assert count, f"{original!r} is no longer in the conf: update tests/deploy/test_nginx.py"
        text = re.sub(original, replacement, text, flags=re.MULTILINE)
    return text


def nginx_modules_path():
    result = subprocess.run([NGINX, "-V"], capture_output=True, text=True)
    match = re.search(r"--modules-path=(\S+)", result.stderr)
    return Path(match.group(1) if match else "/usr/lib/nginx/modules")


PURGE_MODULE = "ngx_http_cache_purge_module.so"


class Nginx:
    """deploy/nginx/portal.conf (and portal-purge.conf when `purge`) in a wrapper of this test's own."""

    def __init__(self, directory, certificate, upstream_port, microcache=False, purge=False):
        self.directory = directory
        directory.mkdir()
        self.http_port, self.https_port, self.purge_port = free_port(), free_port(), free_port()
        cert, key = certificate
        site = directory.parent
        replacements = [
            (re.escape("server 127.0.0.1:8000;"), f"server 127.0.0.1:{upstream_port};"),
            (r"^(\s*)listen \[::\]:(80|443)\b.*$", r"\1# (no IPv6 in the test)"),
            (r"^(\s*)listen 80\b", rf"\1listen 127.0.0.1:{self.http_port}"),
            (r"^(\s*)listen 443\b", rf"\1listen 127.0.0.1:{self.https_port}"),
            (re.escape(f"/etc/letsencrypt/live/{HOST}/fullchain.pem"), str(cert)),
            (re.escape(f"/etc/letsencrypt/live/{HOST}/privkey.pem"), str(key)),
            (re.escape("root /var/lib/portal;"), f"root {site};"),
            (re.escape("/var/www/letsencrypt"), str(site / "acme")),
            # Debian's nginx makes the cache's own directory, in one that exists: /var/lib/nginx.
            (re.escape("/var/lib/nginx/portal-cache"), str(directory / "lib" / "portal-cache")),
        ]
        if microcache:
            replacements.append((r"^(\s*)default off;$", r"\1default portal_microcache;"))
        conf = render((DEPLOY / "nginx" / "portal.conf").read_text(), replacements)
        (directory / "portal.conf").write_text(conf)
        includes = [f"include {directory / 'portal.conf'};"]
        load = ""
        if purge:
            purge_conf = render((DEPLOY / "nginx" / "portal-purge.conf").read_text(), [
                (re.escape("listen 127.0.0.1:8080;"), f"listen 127.0.0.1:{self.purge_port};"),
            ])
            (directory / "portal-purge.conf").write_text(purge_conf)
            includes.append(f"include {directory / 'portal-purge.conf'};")
            load = f"load_module {nginx_modules_path() / PURGE_MODULE};"
        # As root (a CI container), the workers would switch to "nobody", who cannot read pytest's directories.
        user = "user root;" if os.geteuid() == 0 else ""
        temp = "\n".join(f"    {kind}_temp_path {directory / kind};" for kind in
                         ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        (directory / "nginx.conf").write_text(f"""{user}
{load}
worker_processes 1;
pid {directory / 'nginx.pid'};
error_log {directory / 'error.log'} warn;
events {{ worker_connections 256; }}
http {{
    types {{
        text/html html; text/css css; text/javascript js; image/svg+xml svg; text/plain txt; image/png png;
    }}
    default_type application/octet-stream;
    access_log {directory / 'access.log'};
{temp}
    {' '.join(includes)}
}}
""")
        (directory / "lib").mkdir()
        self.log = directory / "error.log"
        command = [NGINX, "-p", str(directory), "-c", str(directory / "nginx.conf"), "-e", str(self.log),
                   "-g", "daemon off;"]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                            stderr=log, preexec_fn=die_with_parent)
        wait_for_port(self.https_port, self.process, self.log)
        if purge:
            wait_for_port(self.purge_port, self.process, self.log)


# --- Asking nginx --------------------------------------------------------------------------------------------------

class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        return self.headers.get(name)

    def all(self, name):
        return self.headers.get_all(name) or []

    @property
    def text(self):
        data = gzip.decompress(self.body) if self.header("Content-Encoding") == "gzip" else self.body
        return data.decode()


def ask(port, path, *, method="GET", tls=True, source="127.0.0.1", host=HOST, headers=None, body=None,
        context=None):
    """One request on a connection of its own, from `source` (the reader's address), naming `host`."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=20, source_address=(source, 0))
    if tls:
        sock = context.wrap_socket(sock, server_hostname=host)
    conn = http.client.HTTPConnection(host, port, timeout=20)
    conn.sock = sock
    try:
        conn.request(method, path, body=body, headers={"Host": host, **(headers or {})})
        response = conn.getresponse()
        return Response(response.status, response.headers, response.read())
    finally:
        conn.close()


# --- The running stack, once for the module ------------------------------------------------------------------------

class Stack:
    pass


@pytest.fixture(scope="module")
def stack(tmp_path_factory, django_db_setup, django_db_blocker):
    require(os.path.exists(NGINX), "nginx is not installed (apt-get install nginx)")
    directory = tmp_path_factory.mktemp("deploy-nginx")
    s = Stack()
    s.directory = directory
    s.certificate = make_certificate(directory)
    s.context = ssl.create_default_context(cafile=str(s.certificate[0]))
    with django_db_blocker.unblock():
        db_url = database_url(directory)
    s.gunicorn_port = free_port()
    s.env = portal_environment(directory, db_url, s.gunicorn_port)
    collect_static(s.env)
    (directory / "media" / "images").mkdir(parents=True)
    (directory / "media" / "documents").mkdir()
    (directory / "acme" / ".well-known" / "acme-challenge").mkdir(parents=True)
    s.gunicorn = s.nginx = s.cached = None
    try:
        s.gunicorn = start_gunicorn(s.env, s.gunicorn_port, directory / "gunicorn.log")
        s.nginx = Nginx(directory / "nginx", s.certificate, s.gunicorn_port)
        s.purge = (nginx_modules_path() / PURGE_MODULE).exists()
        s.cached = Nginx(directory / "nginx-microcache", s.certificate, s.gunicorn_port, microcache=True,
                         purge=s.purge)
        yield s
    finally:
        for nginx in (s.cached, s.nginx):
            stop(nginx.process if nginx else None)
        stop(s.gunicorn)


def get(stack, path, nginx=None, **kwargs):
    nginx = nginx or stack.nginx
    return ask(nginx.https_port, path, context=stack.context, **kwargs)


def logs(stack):
    return (f"\n--- gunicorn\n{tail(stack.directory / 'gunicorn.log')}\n--- nginx\n{tail(stack.nginx.log)}"
            f"\n--- nginx (microcache)\n{tail(stack.cached.log) if stack.cached else ''}")


# --- The checks ----------------------------------------------------------------------------------------------------

def test_plain_http_goes_to_https_except_certificate_challenges(stack):
    response = ask(stack.nginx.http_port, "/ho-so/tra-cuu/?ma=A1", tls=False)
    assert response.status == 301
    assert response.header("Location") == f"https://{HOST}/ho-so/tra-cuu/?ma=A1"

    challenge = stack.directory / "acme" / ".well-known" / "acme-challenge" / "token-123"
    challenge.write_text("token-123.key")
    response = ask(stack.nginx.http_port, "/.well-known/acme-challenge/token-123", tls=False)
    assert (response.status, response.body) == (200, b"token-123.key")


def unverified():
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def test_other_host_names_get_no_answer(stack):
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        ask(stack.nginx.http_port, "/", tls=False, host="203.0.113.7")
    # Over TLS, the handshake itself is refused for a name that is not the portal's.
    with pytest.raises((ssl.SSLError, ConnectionResetError)):
        ask(stack.nginx.https_port, "/", host="other.example.vn", context=unverified())


def test_pages_over_https_carry_the_security_headers(stack):
    response = get(stack, "/")
    # Django saw HTTPS (X-Forwarded-Proto): with SECURE_SSL_REDIRECT it would have redirected otherwise.
    assert response.status == 200, logs(stack)
    assert response.all("Strict-Transport-Security") == ["max-age=31536000; includeSubDomains; preload"]
    assert response.all("X-Content-Type-Options") == ["nosniff"]
    assert response.header("X-Frame-Options") == "DENY"
    assert response.header("Referrer-Policy") == "strict-origin-when-cross-origin"
    assert response.header("Server") == "nginx"  # no version
    # The microcache is off as shipped: nothing is kept.
    assert response.header("X-Cache-Status") is None


def test_static_files_come_from_disk_with_long_cache_headers(stack):
    static = stack.directory / "static"
    hashed = json.loads((static / "staticfiles.json").read_text())["paths"]["css/portal.css"]
    assert re.fullmatch(r"css/portal\.[0-9a-f]{12}\.css", hashed)
    # The page names the hashed file (the production storage's manifest is used).
    assert f"/static/{hashed}" in get(stack, "/").text

    response = get(stack, f"/static/{hashed}", headers={"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.header("Cache-Control") == "public, max-age=31536000, immutable"
    assert response.header("Content-Encoding") == "gzip"  # WhiteNoise's .gz, sent by gzip_static
    assert response.header("X-Content-Type-Options") == "nosniff"
    assert response.text == (static / hashed).read_text()

    response = get(stack, "/static/css/portal.css")
    assert response.status == 200
    assert response.header("Cache-Control") == "public, max-age=86400"

    # nginx reads the disk itself: a file put there after gunicorn started (WhiteNoise never saw it) is served.
    late = static / "deploy-test" / "late.0123456789ab.txt"
    late.parent.mkdir()
    late.write_text("from nginx")
    response = get(stack, "/static/deploy-test/late.0123456789ab.txt")
    assert (response.status, response.body) == (200, b"from nginx")
    # A file missing on disk is asked of the portal, which has none either.
    assert get(stack, "/static/deploy-test/missing.css").status == 404


def test_media_images_are_served_and_documents_never_directly(stack):
    media = stack.directory / "media"
    (media / "images" / "anh.txt").write_text("an image")
    (media / "documents" / "mat.pdf").write_text("a private document")
    response = get(stack, "/media/images/anh.txt")
    assert (response.status, response.body) == (200, b"an image")
    assert response.header("Cache-Control") == "public, max-age=2592000"
    assert "sandbox" in response.header("Content-Security-Policy")
    assert get(stack, "/media/documents/mat.pdf").status == 404


def test_each_reader_behind_nginx_has_the_lookup_limit_of_its_own(stack):
    """The dossier lookup allows 20 lookups per 10 minutes per client, keyed by core.client.client_ip."""
    for number in range(20):
        response = get(stack, f"/ho-so/tra-cuu/?ma=KHONG-CO-{number}", source=READER_ONE)
        assert response.status == 404, (number, logs(stack))  # no such dossier, but looked up
    assert get(stack, "/ho-so/tra-cuu/?ma=KHONG-CO-20", source=READER_ONE).status == 429
    # A forged X-Forwarded-For does not help: nginx appends the real address, the portal takes the right-most
    # hop that is not a trusted proxy.
    forged = get(stack, "/ho-so/tra-cuu/?ma=KHONG-CO-21", source=READER_ONE,
                 headers={"X-Forwarded-For": "198.51.100.7"})
    assert forged.status == 429
    # Another reader still has all of its own.
    assert get(stack, "/ho-so/tra-cuu/?ma=KHONG-CO-22", source=READER_TWO).status == 404


def test_request_bodies_over_the_limits_are_refused_by_nginx(stack):
    def post(path, length, body=None):
        sock = stack.context.wrap_socket(socket.create_connection(("127.0.0.1", stack.nginx.https_port), timeout=20),
                                         server_hostname=HOST)
        conn = http.client.HTTPConnection(HOST, stack.nginx.https_port, timeout=20)
        conn.sock = sock
        try:
            conn.putrequest("POST", path, skip_host=True)
            conn.putheader("Host", HOST)
            conn.putheader("Content-Type", "application/x-www-form-urlencoded")
            conn.putheader("Content-Length", str(length))
            conn.endheaders(body)
            return conn.getresponse().status
        finally:
            conn.close()

    # Readers' forms: 2 MB. nginx answers on the Content-Length alone, before any body is sent.
    assert post("/hoi-dap/", 3 * 1024 * 1024) == 413
    # The admin takes uploads up to 50 MB: 3 MB reach Django (which wants a CSRF token), 60 MB do not.
    assert post("/admin/login/", 3 * 1024 * 1024, body=b"x" * (3 * 1024 * 1024)) == 403
    assert post("/admin/login/", 60 * 1024 * 1024) == 413


def test_healthz_through_nginx(stack):
    response = get(stack, "/healthz")
    assert response.status == 200
    assert json.loads(response.body) == {"status": "ok", "database": "ok", "cache": "ok"}


def test_microcache_keeps_anonymous_pages_only(stack):
    cached = stack.cached
    first = get(stack, "/", nginx=cached)
    assert first.status == 200, logs(stack)
    assert first.header("X-Cache-Status") in ("MISS", "EXPIRED")
    again = get(stack, "/", nginx=cached, headers={"Accept-Encoding": "gzip"})
    assert again.header("X-Cache-Status") == "HIT"
    # One gzip copy; a client that takes no gzip gets it decompressed.
    assert again.header("Content-Encoding") == "gzip"
    plain = get(stack, "/", nginx=cached)
    assert plain.header("X-Cache-Status") == "HIT" and plain.header("Content-Encoding") is None
    assert "<html" in plain.text and plain.text == again.text
    # Any cookie (an editor's session, a reader's CSRF token) goes to the portal.
    assert get(stack, "/", nginx=cached, headers={"Cookie": "sessionid=abc"}).header("X-Cache-Status") == "BYPASS"
    # Answers marked private or no-store (never_cache: the dossier lookup) are never kept.
    for _ in range(2):
        lookup = get(stack, "/ho-so/tra-cuu/", nginx=cached)
        assert lookup.status == 200 and lookup.header("X-Cache-Status") == "MISS"


def test_publishing_purges_the_microcache(stack, monkeypatch, caplog):
    require(stack.purge, f"nginx's cache-purge module is not installed ({PURGE_MODULE}: "
                         "apt-get install libnginx-mod-http-cache-purge)")
    from wagtail.contrib.frontend_cache.backends import HTTPBackend

    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    cached = stack.cached
    get(stack, "/", nginx=cached)
    assert get(stack, "/", nginx=cached).header("X-Cache-Status") == "HIT"

    # What the portal does on publish (PORTAL_FRONTEND_CACHE_URLS=http://127.0.0.1:<port>): PURGE with Host.
    backend = HTTPBackend({"LOCATION": f"http://127.0.0.1:{cached.purge_port}"})
    with caplog.at_level(logging.ERROR, logger="wagtail.frontendcache"):
        backend.purge(f"https://{HOST}/")
        backend.purge(f"https://{HOST}/khong-co-ban-sao/")  # nothing kept: purged already, no error
    assert not caplog.records, [record.getMessage() for record in caplog.records]
    assert get(stack, "/", nginx=cached).header("X-Cache-Status") == "MISS"

    # Only the application hosts may purge, and nothing but purges is answered there.
    denied = ask(cached.purge_port, "/", method="PURGE", tls=False, source=READER_ONE)
    assert denied.status == 403
    assert ask(cached.purge_port, "/", tls=False).status == 405



def test_nginx_logged_nothing_alarming(stack):
    """Last: no worker crashed (a crash is only an [alert] line), no critical error, in either nginx."""
    for nginx in (stack.nginx, stack.cached):
        alarming = [line for line in nginx.log.read_text().splitlines()
                    if re.search(r"\[(alert|crit|emerg)\]", line)]
        assert not alarming, alarming
