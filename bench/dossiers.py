"""Benchmark: 1,000,000 dossiers on PostgreSQL, the summary of one month, the widget's queries.

    .venv/bin/python bench/dossiers.py
    # BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/bench_dossiers

Creates its own database (bench_dossiers), migrates it, fills it with generate_series in SQL (the dates
and outcomes spread over 24 months), then times aggregation.refresh() of one month and counts the
queries of rendering the widget. Bar: under 5 seconds, at most 2 queries. Exits non-zero only when
it cannot run (no PostgreSQL); a missed bar is printed, not raised.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_dossiers")
COUNT = int(os.environ.get("BENCH_DOSSIERS", "1000000"))

FILL = """
INSERT INTO dossiers_dossier (code, procedure_id, agency_id, channel, received_at, due_date,
    supplement_completed_at, resolved_at, status, applicant_name, applicant_phone, received_on, resolved_on,
    due_date_given, updated_at)
SELECT 'B-' || n, p.id, p.agency_id,
    (ARRAY['truc_tiep', 'truc_tuyen', 'buu_chinh'])[1 + n % 3],
    r.received_at, (r.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + 5, NULL,
    CASE WHEN n % 10 = 0 THEN NULL ELSE r.received_at + ((n % 9) || ' days')::interval END,
    CASE WHEN n % 10 = 0 THEN 'processing' WHEN n % 50 = 1 THEN 'returned' ELSE 'resolved' END,
    '', '',
    (r.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
    CASE WHEN n % 10 = 0 THEN NULL
         ELSE ((r.received_at + ((n % 9) || ' days')::interval) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date END,
    true, now()
FROM generate_series(1, {count}) AS n
CROSS JOIN LATERAL (SELECT now() - ((n % 730) || ' days')::interval - ((n % 480) || ' minutes')::interval
                    AS received_at) AS r
JOIN LATERAL (SELECT id, agency_id FROM dossiers_procedure ORDER BY id OFFSET (n % 30) LIMIT 1) AS p ON true
"""


def setup():
    import psycopg

    base, _slash, name = URL.rpartition("/")
    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        print(f"bench/dossiers.py: cannot reach PostgreSQL at {base}: {error}", file=sys.stderr)
        sys.exit(2)
    os.environ["DATABASE_URL"] = URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def main():
    setup()
    from django.core.management import call_command
    from django.db import connection
    from django.template import Context, Template
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from dossiers import aggregation, rules
    from dossiers.models import Agency, Dossier, Procedure

    call_command("migrate", verbosity=0)
    have = Dossier.objects.filter(code__startswith="B-").count()
    if have != COUNT:
        print(f"Generating {COUNT:,} dossiers ...", flush=True)
        started = time.perf_counter()
        Dossier.objects.filter(code__startswith="B-").delete()
        agencies = [Agency.objects.get_or_create(name=f"Bench agency {i}")[0] for i in range(5)]
        for i in range(30):
            Procedure.objects.get_or_create(
                code=f"BENCH-{i:02d}",
                defaults={
                    "name": f"Bench procedure {i}", "agency": agencies[i % 5], "processing_days": i % 10,
                    "online_level": rules.LEVEL_ORDER[i % 6],
                },
            )
        with connection.cursor() as cursor:
            cursor.execute(FILL.replace("{count}", str(COUNT)))
            cursor.execute("ANALYZE dossiers_dossier")
        print(f"  generated in {time.perf_counter() - started:.1f} s")
    total = Dossier.objects.count()
    month = rules.add_months(timezone.localdate().replace(day=1), -3)

    timings = []
    for _run in range(3):
        started = time.perf_counter()
        unit = aggregation.refresh(month)
        timings.append(time.perf_counter() - started)
    figures = unit.figures

    template = Template("{% load dossier_tags %}{% dossier_widget %}")
    with CaptureQueriesContext(connection) as queries:
        template.render(Context({}))

    best = min(timings)
    print(f"Dossiers in the database:      {total:,}")
    print(f"Month summarised:              {month:%m/%Y}")
    print(f"  received {figures.received:,}, resolved {figures.resolved:,} ({figures.ontime_pct} on time), "
          f"in progress {figures.in_progress:,}, carried over {figures.carried_over:,}")
    print(f"Summary of one month:          {best:.3f} s best of 3 ({', '.join(f'{t:.3f}' for t in timings)})"
          f"  bar < 5 s: {'OK' if best < 5 else 'MISSED'}")
    print(f"Widget queries:                {len(queries.captured_queries)}  bar <= 2: "
          f"{'OK' if len(queries.captured_queries) <= 2 else 'MISSED'}")


if __name__ == "__main__":
    main()
