#!/usr/bin/env python
"""Visit counting under load: gunicorn (4 workers) on an article page, counting off and on.

    .venv/bin/python bench/visits.py [--db sqlite,postgres] [--duration 10] [--connections 64]

For each database it makes a fresh database (a temporary SQLite file; the PostgreSQL database named
by BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/stats_bench, dropped and created),
runs gunicorn with the stats middleware switched off, then on (PORTAL_STATS_ENABLED), drives it with
wrk from a second process (a threaded Python generator when wrk is missing; Debian: apt-get install wrk),
and prints requests/s and p99 latency for each and the overhead ratio. Every request comes from a
distinct visitor (a unique X-Forwarded-For behind the trusted proxy 127.0.0.1), so every request is a
visit; a final exact phase sends a known number of visits with 64 concurrent connections and checks that
the counted visits and article views grew by exactly that number, with no 5xx.
Exits non-zero only when it cannot run.
"""

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import Request, urlopen

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable  # the interpreter running this script, normally .venv/bin/python
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))  # installed beside that interpreter
BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"

MAKE_ARTICLE = """
from news.models import ArticleIndexPage, ArticlePage
from portal.models import HomePage
home = HomePage.objects.get()
category = ArticleIndexPage(title="Tin tức", slug="tin-tuc")
home.add_child(instance=category)
category.save_revision().publish()
article = ArticlePage(title="Bài đo tải", slug="bai-do-tai", summary="Tóm tắt.",
                      body=[("paragraph", "<p>Nội dung.</p>")])
category.add_child(instance=article)
article.save_revision().publish()
article.refresh_from_db()
print(article.pk, article.url)
"""

COUNTS = """
import json
from django.db.models import Sum
from stats.api import page_view_count
from stats.models import DailyStats
sums = DailyStats.objects.aggregate(v=Sum("visits"), p=Sum("page_views"), b=Sum("bot_hits"))
print(json.dumps({"visits": sums["v"] or 0, "page_views": sums["p"] or 0, "views": page_view_count(ARTICLE)}))
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
  local xff = string.format("fd00::%%x:%%x", id, n)  -- a distinct visitor per request
  return wrk.format(nil, nil, {["X-Forwarded-For"] = xff, ["User-Agent"] = "%s"})
end
""".replace("%%", "%").replace('"%s"', f'"{BROWSER_UA}"')


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(db_url, counting=True):
    return {
        **os.environ,
        "DATABASE_URL": db_url,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DEBUG": "false",
        "PORTAL_TRUSTED_PROXIES": "127.0.0.1",
        "PORTAL_STATS_ENABLED": "true" if counting else "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }


def manage(db_url, *args, code=None):
    command = [PYTHON, "manage.py", *args] if code is None else [PYTHON, "manage.py", "shell", "-c", code]
    result = subprocess.run(command, cwd=ROOT, env=base_env(db_url), capture_output=True, text=True, check=False)
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args) or 'shell'} failed:\n{result.stderr[-2000:]}")
    return result.stdout


def fresh_database(kind, workdir, postgres_url=None):
    """A migrated, empty database with one published article: (url, article id, article path)."""
    if kind == "sqlite":
        url = f"sqlite:///{workdir}/bench.sqlite3"
    else:
        import psycopg

        url = postgres_url or os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/stats_bench")
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    manage(url, "migrate", "--noinput", "-v0")
    article_id, path = manage(url, code=MAKE_ARTICLE).strip().splitlines()[-1].split()
    return url, int(article_id), path


def counts(db_url, article_id):
    return json.loads(manage(db_url, code=COUNTS.replace("ARTICLE", str(int(article_id)))).strip().splitlines()[-1])


class Server:
    def __init__(self, db_url, counting, workers=4, log_path=None, extra_env=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log_path or os.devnull, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [GUNICORN, "portal.wsgi:application", "--workers", str(workers), "--bind", f"127.0.0.1:{self.port}",
             "--log-level", "warning", "--backlog", "2048"],
            cwd=ROOT, env={**base_env(db_url, counting), **(extra_env or {})}, stdout=self.log, stderr=self.log,
        )
        self.log_path = log_path
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                with urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        tail = Path(log_path).read_text()[-1500:] if log_path else ""
        raise RuntimeError(f"gunicorn did not start\n{tail}")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=45)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def _get(url, xff, ua=BROWSER_UA):
    started = time.perf_counter()
    try:
        with urlopen(Request(url, headers={"User-Agent": ua, "X-Forwarded-For": xff}), timeout=60) as response:
            response.read()
            status = response.status
    except HTTPError as error:
        status = error.code
    return status, time.perf_counter() - started


def python_load(url, duration, connections, prefix="10"):
    """Fallback load generator: closed loop, `connections` threads, each request a new visitor."""
    stop_at = time.time() + duration
    latencies = []

    def worker(k):
        n, mine = 0, []
        while time.time() < stop_at:
            n += 1
            mine.append(_get(url, f"{prefix}.{k}.{n // 256 % 256}.{n % 256}")[1])
        return mine

    with ThreadPoolExecutor(connections) as pool:
        for mine in pool.map(worker, range(connections)):
            latencies.extend(mine)
    latencies.sort()
    return len(latencies) / duration, latencies[int(len(latencies) * 0.99) - 1] * 1000 if latencies else 0.0


def wrk_load(url, duration, connections):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    try:
        out = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "30s", "--latency",
             "-s", script.name, url],
            capture_output=True, text=True, check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, p99, int(errors.group(1)) if errors else 0


def load(url, duration, connections):
    if shutil.which("wrk"):
        return wrk_load(url, duration, connections)
    rps, p99 = python_load(url, duration, connections)
    return rps, p99, 0


def exact_visits(server_url, path, n, connections=64, prefix="172.16"):
    """n distinct visitors open the article concurrently; returns the statuses seen."""

    def one(k):
        return _get(server_url + path, f"{prefix}.{k // 256 % 256}.{k % 256}")[0]

    with ThreadPoolExecutor(connections) as pool:
        return list(pool.map(one, range(n)))


def bench(kind, duration, connections, exact_n, workdir):
    db_url, article_id, path = fresh_database(kind, workdir)
    results = {}
    for counting in (False, True):
        log = Path(workdir) / f"gunicorn-{kind}-{'on' if counting else 'off'}.log"
        server = Server(db_url, counting, log_path=log)
        try:
            load(server.url + path, 2, connections)  # warm-up
            rps, p99, errors = load(server.url + path, duration, connections)
        finally:
            server.stop()  # graceful: requests still in flight finish before the exact phase
        locked = log.read_text().count("database is locked")
        results["on" if counting else "off"] = {"rps": rps, "p99_ms": p99, "non_2xx": errors, "locked": locked}
    # Exact phase on a fresh server, so that no request of the timed runs is still being counted.
    before = counts(db_url, article_id)
    server = Server(db_url, True, log_path=Path(workdir) / f"gunicorn-{kind}-exact.log")
    try:
        statuses = exact_visits(server.url, path, exact_n, connections)
    finally:
        server.stop()
    after = counts(db_url, article_id)
    visits = after["visits"] - before["visits"]
    views = after["views"] - before["views"]
    bad = sum(1 for s in statuses if s != 200)
    return results, {"sent": exact_n, "visits": visits, "views": views, "non_200": bad}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--exact", type=int, default=2000, help="visits sent in the exact phase")
    args = parser.parse_args()
    print(f"load generator: {'wrk' if shutil.which('wrk') else 'python threads'}, {args.connections} connections, "
          f"{args.duration}s per run, gunicorn 4 workers")
    ok = True
    for kind in args.db.split(","):
        with tempfile.TemporaryDirectory(prefix="bench-visits-") as workdir:
            try:
                results, exact = bench(kind, args.duration, args.connections, args.exact, workdir)
            except Exception as error:  # cannot run: say why and exit non-zero
                print(f"{kind}: cannot run: {error}", file=sys.stderr)
                return 1
        off, on = results["off"], results["on"]
        ratio = on["rps"] / off["rps"] if off["rps"] else 0.0
        print(f"\n[{kind}]")
        for name in ("off", "on"):
            r = results[name]
            print(f"  counting {name:3}: {r['rps']:8.1f} req/s   p99 {r['p99_ms']:7.1f} ms   "
                  f"non-2xx {r['non_2xx']}   'database is locked' {r['locked']}")
        print(f"  overhead: throughput ratio on/off {ratio:.3f} ({(1 - ratio) * 100:.1f}% cost; target <= 10%)")
        match = exact["visits"] == exact["sent"] and exact["views"] == exact["sent"] and not exact["non_200"]
        ok = ok and match
        print(f"  exact: sent {exact['sent']} visits, counted {exact['visits']} visits and {exact['views']} article "
              f"views, non-200 {exact['non_200']}: {'OK' if match else 'MISMATCH'}")
    print("\nall counts exact" if ok else "\nCOUNTS DO NOT MATCH")
    return 0


if __name__ == "__main__":
    sys.exit(main())
