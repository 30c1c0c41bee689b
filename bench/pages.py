#!/usr/bin/env python
"""Page serving under load: the demo portal on gunicorn (2 workers, production settings, PostgreSQL, Redis).

    .venv/bin/python bench/pages.py [--seconds 15] [--connections 16] [--accept-encoding "gzip, deflate, br, zstd"]
                                    [--max-requests N] [--no-counting]
    .venv/bin/python bench/pages.py --serve-only      # for bench/lighthouse.sh: serve until killed

Makes a fresh PostgreSQL database (BENCH_PAGES_URL, default postgres://postgres@127.0.0.1:5432/portal_bench_pages,
dropped and created), empties the Redis database of BENCH_PAGES_CACHE_URL (default redis://127.0.0.1:6379/3), runs
`migrate` and `collectstatic` with portal.settings.production (a generated SECRET_KEY, static and media files in a
temporary directory) and `load_demo` (which refuses production settings, so with the development settings on the same
database and media directory), then starts gunicorn with the production gunicorn.conf.py (its worker recycling and
access log; --max-requests overrides the recycling), 2 workers and production settings, counting on (--no-counting
for comparison), the page cache as configured (PORTAL_PAGE_CACHE_SECONDS, 0 to see uncached pages), and the bare
baseline view mounted (PORTAL_BENCH_VIEW=1).

Each URL (an article with its lead image, the home page, a category, and the bare Django view returning 20 KB) is
warmed, then driven by wrk from a second process: 2 threads, 16 connections, 15 s, every request from a distinct
visitor (a unique X-Forwarded-For behind the trusted proxy 127.0.0.1, a browser's User-Agent), with
`X-Forwarded-Proto: https` as nginx sends it (production redirects plain http) and Chromium's Accept-Encoding.
Prints requests/s, p50 and p99 per URL, gunicorn's CPU time per request (steadier than requests/s when other
processes share the machine), the size of the body sent, the ratio article / bare view, whether the targets hold
(ratio >= 0.25, article p99 < 50 ms), and the visits and article views counted during the article run.
Exits non-zero only when it cannot run (2: wrk is missing).

--serve-only serves the same portal with plain http (SECURE_SSL_REDIRECT off, as on localhost) and /media/ served
beside Django (nginx's job in production), prints `URL <name> <address>` lines and `READY`, and keeps serving until
it receives SIGTERM or SIGINT; then it cleans up like a benchmark run.
"""

import argparse
import itertools
import json
import mimetypes
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import Request, urlopen

# bench/visits.py, beside this script: the counting query and the port picker are shared.
from visits import COUNTS, free_port

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable  # the interpreter running this script, normally .venv/bin/python
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))  # installed beside that interpreter
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/portal_bench_pages"
DEFAULT_CACHE = "redis://127.0.0.1:6379/3"
BROWSER_UA = ("Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 "
              "Mobile Safari/537.36")
CHROMIUM_ENCODING = "gzip, deflate, br, zstd"
RUNS = itertools.count(1)
TARGET_RATIO = 0.25
TARGET_P99_MS = 50.0

PICK_URLS = """
import json
from news.models import ArticleIndexPage, ArticlePage
categories = ArticleIndexPage.objects.live().order_by("path")
category = next(c for c in categories if ArticlePage.objects.live().child_of(c).exists())
article = (ArticlePage.objects.live().child_of(category).exclude(feed_image=None)
           .order_by("-first_published_at").first())
print(json.dumps({"category": category.url, "article": article.url, "article_id": article.pk}))
"""


WRK_SCRIPT = """
local next_id = 1
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end
function init(args)
  n = 0
end
function request()
  n = n + 1
  local headers = {["X-Forwarded-For"] = string.format("fd%02x::%x:%x", RUN, id, n), ["User-Agent"] = UA,
                   ["X-Forwarded-Proto"] = "https", ["Accept"] = "text/html,*/*;q=0.8", ["Accept-Language"] = "vi"}
  if ENCODING ~= "" then headers["Accept-Encoding"] = ENCODING end
  return wrk.format(nil, nil, headers)
end
"""


def lua_string(value):
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Portal:
    """The demo portal on a fresh database, served by gunicorn with production settings."""

    def __init__(self, db_url, cache_url, workers=2, serve_media=False, max_requests=None, counting=True):
        self.db_url, self.cache_url, self.workers, self.serve_media = db_url, cache_url, workers, serve_media
        self.max_requests = max_requests
        self.workdir = Path(tempfile.mkdtemp(prefix="bench-pages-"))
        self.process = None
        self.log = None
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": db_url,
            "CACHE_URL": cache_url,
            "STATIC_ROOT": str(self.workdir / "static"),
            "MEDIA_ROOT": str(self.workdir / "media"),
            "PORTAL_TRUSTED_PROXIES": "127.0.0.1",
            "PORTAL_STATS_ENABLED": "true" if counting else "false",
            "PORTAL_BENCH_VIEW": "1",
            "DEBUG": "false",
        }
        if serve_media:
            # A browser on localhost speaks plain http; nginx would send X-Forwarded-Proto: https.
            self.env["SECURE_SSL_REDIRECT"] = "false"

    def manage(self, *args, code=None, settings=None):
        command = [PYTHON, "manage.py", *args] if code is None else [PYTHON, "manage.py", "shell", "-c", code]
        env = {**self.env, "DJANGO_SETTINGS_MODULE": settings} if settings else self.env
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args) or 'shell'} failed:\n{result.stderr[-2000:]}")
        return result.stdout

    def prepare(self):
        import psycopg
        import redis

        base, name = self.db_url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        redis.Redis.from_url(self.cache_url).flushdb()
        self.manage("migrate", "--noinput", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")
        # load_demo refuses production settings (it creates an account with a published password).
        self.manage("load_demo", settings="portal.settings.dev")
        self.urls = json.loads(self.manage(code=PICK_URLS).strip().splitlines()[-1])

    def start(self):
        app = "pages:media_and_portal" if self.serve_media else "portal.wsgi:application"
        self.log = open(self.workdir / "gunicorn.log", "w")  # noqa: SIM115 - closed in stop()
        # The production gunicorn.conf.py (its worker recycling and access log included), 2 workers, our port.
        command = [GUNICORN, "-c", str(ROOT / "gunicorn.conf.py"), app, "--workers", str(self.workers),
                   "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning", "--backlog", "2048"]
        if self.max_requests is not None:
            command += ["--max-requests", str(self.max_requests)]
        self.process = subprocess.Popen(
            command,
            # bench/ after the project (gunicorn puts its directory first): bench/dossiers.py must not hide dossiers.
            cwd=ROOT, env={**self.env, "PYTHONPATH": str(ROOT / "bench")}, stdout=self.log, stderr=self.log,
        )
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if get(self.url + "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start:\n{(self.workdir / 'gunicorn.log').read_text()[-1500:]}")

    def cpu_seconds(self):
        """CPU time of gunicorn so far: the master, its live workers, and the workers it has reaped (recycled)."""
        def times(pid):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            return int(fields[1]), sum(int(value) for value in fields[11:15])  # ppid; utime stime cutime cstime

        master = self.process.pid
        total = times(master)[1]
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    ppid, ticks = times(entry.name)
                except (OSError, IndexError):
                    continue
                if ppid == master:
                    total += ticks
        return total / os.sysconf("SC_CLK_TCK")

    def counts(self):
        code = COUNTS.replace("ARTICLE", str(int(self.urls["article_id"])))
        return json.loads(self.manage(code=code).strip().splitlines()[-1])

    def close(self):
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=45)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if self.log is not None:
            self.log.close()
        try:
            import psycopg
            import redis

            base, name = self.db_url.rsplit("/", 1)
            with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            redis.Redis.from_url(self.cache_url).flushdb()
        finally:
            shutil.rmtree(self.workdir, ignore_errors=True)


def get(url, encoding=CHROMIUM_ENCODING):
    headers = {"User-Agent": BROWSER_UA, "X-Forwarded-Proto": "https", "Accept-Encoding": encoding}
    with urlopen(Request(url, headers=headers), timeout=30) as response:
        response.headers["X-Bench-Bytes"] = str(len(response.read()))  # as sent: urllib does not decompress
        return response.status, response.headers


def media_and_portal(environ, start_response):
    """--serve-only's WSGI app: /media/ from MEDIA_ROOT with nginx's 30-day expiry, everything else to Django."""
    from django.conf import settings

    from portal.wsgi import application

    path = environ.get("PATH_INFO", "")
    if path.startswith(settings.MEDIA_URL):
        root = Path(settings.MEDIA_ROOT).resolve()
        target = (root / path[len(settings.MEDIA_URL):]).resolve()
        if target.is_relative_to(root) and target.is_file():
            body = target.read_bytes()
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            start_response("200 OK", [("Content-Type", kind), ("Content-Length", str(len(body))),
                                      ("Cache-Control", "max-age=2592000"), ("X-Content-Type-Options", "nosniff")])
            return [body]
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
    return application(environ, start_response)


def to_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(url, seconds, connections, encoding):
    # Every run has its own addresses: a visitor of an earlier run would be a returning one, not a new visit.
    script = (f"local UA = {lua_string(BROWSER_UA)}\nlocal ENCODING = {lua_string(encoding)}\n"
              f"local RUN = {next(RUNS)}\n" + WRK_SCRIPT)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        out = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency", "-s", handle.name,
             url],
            capture_output=True, text=True, check=True,
        ).stdout
    finally:
        os.unlink(handle.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    pct = {int(p): to_ms(v, u) for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)}
    total = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "p50": pct[50], "p99": pct[99], "requests": total, "non_2xx": int(bad.group(1)) if bad else 0,
            "socket_errors": errors.group(1).strip() if errors else ""}


def warm(url, seconds, connections, encoding):
    """A few plain requests, then a short wrk run so both workers have their connections and templates."""
    for _ in range(5):
        get(url, encoding)
    wrk(url, seconds, connections, encoding)
    status, headers = get(url, encoding)
    encoding = f"{headers.get('Content-Encoding', 'identity')} {int(headers['X-Bench-Bytes']) / 1024:.1f} KB"
    return status, headers.get("X-Portal-Cache", "-"), encoding


def run_bench(portal, args):
    targets = [("article", portal.urls["article"]), ("home", "/"), ("category", portal.urls["category"]),
               ("bare view", "/_bench/bare")]
    results = {}
    for name, path in targets:
        url = portal.url + path
        status, cache_state, encoding = warm(url, min(2, args.seconds), args.connections, args.accept_encoding)
        before = portal.counts() if name == "article" else None
        cpu_before = portal.cpu_seconds()
        result = wrk(url, args.seconds, args.connections, args.accept_encoding)
        # Server CPU per request: robust where req/s is not (other processes sharing the machine).
        result["cpu_ms"] = (portal.cpu_seconds() - cpu_before) * 1000 / (result["requests"] + args.connections)
        if before is not None:
            time.sleep(1)  # the last responses' counting runs after the body has left
            after = portal.counts()
            result["counted"] = {key: after[key] - before[key] for key in after}
        result.update(path=path, status=status, cache=cache_state, encoding=encoding, connections=args.connections)
        results[name] = result
    return results


def report(results):
    print(f"\n{'page':10} {'URL':44} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms':>7} {'non-2xx':>7}  "
          "cache  body sent")
    for name, r in results.items():
        errors = f"  socket errors: {r['socket_errors']}" if r["socket_errors"] else ""
        print(f"{name:10} {r['path'][:44]:44} {r['rps']:8.1f} {r['p50']:8.2f} {r['p99']:8.2f} {r['cpu_ms']:7.2f} "
              f"{r['non_2xx']:7d}  {r['cache']:5}  {r['encoding']}{errors}")
    print("(CPU ms: gunicorn's CPU time per request, PostgreSQL and Redis not included)")
    article, bare = results["article"], results["bare view"]
    ratio = article["rps"] / bare["rps"] if bare["rps"] else 0.0
    ratio_ok = ratio >= TARGET_RATIO
    print(f"\nratio article/bare = {ratio:.2f}  (target >= {TARGET_RATIO:.2f}: {'OK' if ratio_ok else 'MISSED'})")
    print(f"CPU per request bare/article = {bare['cpu_ms'] / article['cpu_ms']:.2f}  (the same ratio measured in "
          "server CPU, which other processes on the machine disturb less)")
    p99_ok = article["p99"] < TARGET_P99_MS
    print(f"article p99 = {article['p99']:.1f} ms  (target < {TARGET_P99_MS:.0f} ms: {'OK' if p99_ok else 'MISSED'})")
    counted = article.get("counted")
    if counted:
        print(f"counting during the article run: {article['requests']} requests answered (and up to "
              f"{article['connections']} in flight when wrk stopped), each a new visitor; counted {counted['visits']} "
              f"visits, {counted['page_views']} page views, {counted['views']} views of the article")


def serve_forever(portal):
    stop = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.append(True))
    for name, path in (("home", "/"), ("category", portal.urls["category"]), ("article", portal.urls["article"])):
        print(f"URL {name} {portal.url}{path}")
    print(f"BASE {portal.url}")
    print("READY", flush=True)
    while not stop:
        time.sleep(0.5)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=15, help="length of each wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--accept-encoding", default=CHROMIUM_ENCODING,
                        help="the Accept-Encoding wrk sends ('' for none); default: what Chromium sends")
    parser.add_argument("--max-requests", type=int,
                        help="override gunicorn.conf.py's worker recycling (0: never recycle)")
    parser.add_argument("--no-counting", action="store_true",
                        help="switch visit counting off, for comparison only (the targets are for counting on)")
    parser.add_argument("--serve-only", action="store_true", help="serve the demo portal until killed")
    args = parser.parse_args()
    if not args.serve_only and not shutil.which("wrk"):
        print("wrk is missing: apt-get install -y wrk", file=sys.stderr)
        return 2
    db_url = os.environ.get("BENCH_PAGES_URL", DEFAULT_DB)
    cache_url = os.environ.get("BENCH_PAGES_CACHE_URL", DEFAULT_CACHE)
    portal = Portal(db_url, cache_url, serve_media=args.serve_only, max_requests=args.max_requests,
                    counting=not args.no_counting)
    try:
        try:
            portal.prepare()
            portal.start()
        except Exception as error:  # cannot run: say why and exit non-zero
            print(f"cannot run: {error}", file=sys.stderr)
            return 1
        if args.serve_only:
            serve_forever(portal)
            return 0
        recycle = "" if args.max_requests is None else f", --max-requests {args.max_requests}"
        recycle += ", COUNTING OFF" if args.no_counting else ""
        print(f"gunicorn 2 workers (gunicorn.conf.py{recycle}), production settings, PostgreSQL + Redis ({cache_url}); "
              f"wrk 2 threads, {args.connections} connections, {args.seconds}s per URL; "
              f"{os.cpu_count()} CPUs shared by all; "
              f"Accept-Encoding: {args.accept_encoding or '(none)'}")
        try:
            results = run_bench(portal, args)
        except Exception as error:  # e.g. a page answering 500: say so, clean up, exit non-zero
            print(f"cannot run: {error}", file=sys.stderr)
            return 1
    finally:
        portal.close()
    report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
