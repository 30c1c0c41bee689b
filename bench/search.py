#!/usr/bin/env python
"""Search latency on PostgreSQL with 20,000 generated Vietnamese articles.

    .venv/bin/python bench/search.py [--articles 20000] [--rounds 3] [--keep]

Makes a fresh PostgreSQL database (BENCH_SEARCH_URL, default postgres://postgres@127.0.0.1:5432/bench_search,
dropped and created), migrates it, inserts the articles directly (page rows in bulk, not one add_child each),
builds the search index, then times 50 typical queries (25 with tone marks, the same 25 without) several
rounds: the search itself (count + first page of 10 results with snippets, what the results page asks of
the database) and the whole /tim-kiem/ page through Django's test client. Prints p50/p95 for both; the target
is p95 < 150 ms. Exits non-zero only when it cannot run.
"""

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_search"

PLACES = ["Mường Tè", "Bum Nưa", "Ka Lăng", "Pa Ủ", "Thu Lũm", "Tà Tổng", "Kan Hồ", "Nậm Hàng", "Bum Tở", "Mù Cả",
          "Pa Vệ Sử", "Vàng San", "Tá Bạ", "Mường Toong", "Nậm Khao"]
SUBJECTS = ["Đảng bộ", "Ủy ban nhân dân", "Hội đồng nhân dân", "Mặt trận Tổ quốc", "Đoàn thanh niên", "Hội phụ nữ",
            "Hội nông dân", "Hội cựu chiến binh", "Ban chỉ đạo", "Trường phổ thông dân tộc bán trú", "Trạm y tế",
            "Đồn biên phòng", "Hợp tác xã", "Công an xã"]
ACTIONS = ["tổ chức", "triển khai", "tổng kết", "sơ kết", "kiểm tra", "giám sát", "phát động", "tuyên truyền",
           "hỗ trợ", "trao tặng", "khánh thành", "đón nhận", "ra quân", "thăm và làm việc với"]
TOPICS = ["xây dựng nông thôn mới", "giảm nghèo bền vững", "chuyển đổi số", "cải cách hành chính",
          "dịch vụ công trực tuyến", "phòng chống thiên tai", "sạt lở đất", "mưa lũ", "trồng rừng", "chè shan tuyết",
          "thảo quả", "cao su", "thủy lợi", "giao thông nông thôn", "bê tông hóa đường", "an ninh trật tự",
          "quốc phòng toàn dân", "học tập và làm theo tư tưởng Hồ Chí Minh", "bầu cử đại biểu", "y tế cơ sở",
          "tiêm chủng", "giáo dục mầm non", "văn hóa các dân tộc", "lễ hội truyền thống", "du lịch cộng đồng",
          "chăn nuôi gia súc", "nước sạch", "điện lưới quốc gia", "nhà ở cho hộ nghèo", "đào tạo nghề"]
FILLER = ["cán bộ", "nhân dân", "đồng bào", "các dân tộc", "trên địa bàn", "năm", "tháng", "kết quả", "đạt",
          "chỉ tiêu", "kế hoạch", "nhiệm vụ", "giải pháp", "thời gian tới", "tiếp tục", "đẩy mạnh", "nâng cao",
          "chất lượng", "hiệu quả", "phối hợp", "chặt chẽ", "các ngành", "đoàn thể", "tích cực", "thực hiện",
          "nghị quyết", "chương trình", "mục tiêu quốc gia", "vốn", "đầu tư", "công trình", "hoàn thành", "bàn giao",
          "hộ gia đình", "thôn bản", "người có uy tín", "tuyên dương", "khen thưởng", "tập thể", "cá nhân"]
AUTHORS = ["Lò Văn Thành", "Pờ Thị Xuân", "Chu Văn Hoàng", "Vàng A Pó", "Lý Thị Mai", "Đỗ Đức Anh", "Trung tâm VHTT"]
QUERIES = ["mường tè", "đảng bộ", "nông thôn mới", "giảm nghèo", "chuyển đổi số", "cải cách hành chính", "thiên tai",
           "sạt lở", "chè shan tuyết", "thảo quả", "bum nưa", "ka lăng", "pa ủ", "đoàn thanh niên", "hội phụ nữ",
           "biên phòng", "dịch vụ công", "bầu cử", "tiêm chủng", "lễ hội truyền thống", "nước sạch", "nhà ở hộ nghèo",
           "khánh thành công trình", "học tập và làm theo", "đào tạo nghề"]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def theme(rng):
    """What one article is about: most are set in the district town, each has one subject and one topic."""
    place = "Mường Tè" if rng.random() < 0.3 else rng.choice(PLACES[1:])
    return {"place": place, "subject": rng.choice(SUBJECTS), "topic": rng.choice(TOPICS)}


def sentence(rng, about, words):
    parts = rng.sample(FILLER, words)
    for key, pool in (("place", PLACES), ("subject", SUBJECTS), ("topic", TOPICS)):
        if rng.random() < 0.5:
            parts.insert(rng.randrange(len(parts) + 1), about[key] if rng.random() < 0.9 else rng.choice(pool))
    text = " ".join(parts)
    return text[0].upper() + text[1:] + "."


def headline(rng, about):
    text = f"{about['subject']} {about['place']} {rng.choice(ACTIONS)} {about['topic']}"
    return text[0].upper() + text[1:]


def make_database(url):
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url):
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def load(count, rng):
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Locale, Page

    from news.models import ArticleIndexPage, ArticlePage, ArticleSearchIndex
    from news.models.search_index import entry_fields
    from portal.models import HomePage

    home = HomePage.objects.get()
    categories = []
    for n, title in enumerate(["Tin tức - Sự kiện", "Xây dựng Đảng", "Kinh tế - Xã hội", "Văn hóa - Giáo dục",
                               "Quốc phòng - An ninh"]):
        category = ArticleIndexPage(title=title, slug=f"chuyen-muc-{n}")
        home.add_child(instance=category)
        category.save_revision().publish()
        categories.append(ArticleIndexPage.objects.get(pk=category.pk))

    content_type = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()
    now = timezone.now()
    per_category = -(-count // len(categories))
    article_fields = [f for f in ArticlePage._meta.local_concrete_fields if f.name != "page_ptr"]
    created = 0
    for category in categories:
        todo = min(per_category, count - created)
        for start in range(0, todo, 2000):
            batch = range(start, min(todo, start + 2000))
            pages, articles = [], []
            for n in batch:
                about = theme(rng)
                title = headline(rng, about)
                slug = f"bai-{created + n - start}-{n}"
                date = now - timezone.timedelta(minutes=rng.randint(0, 60 * 24 * 365 * 8))
                pages.append(Page(
                    title=title, draft_title=title, slug=slug, content_type=content_type, locale=locale,
                    path=Page._get_path(category.path, category.depth + 1, n + 1), depth=category.depth + 1,
                    numchild=0, live=True, url_path=f"{category.url_path}{slug}/", translation_key=uuid.uuid4(),
                    first_published_at=date, last_published_at=date,
                ))
                body = " ".join(sentence(rng, about, rng.randint(8, 16)) for _ in range(rng.randint(6, 14)))
                articles.append(ArticlePage(
                    title=title, date=date, summary=sentence(rng, about, rng.randint(6, 12)),
                    body=[("paragraph", f"<p>{body}</p>")], author=rng.choice(AUTHORS),
                ))
            with transaction.atomic():
                Page.objects.bulk_create(pages)
                rows = []
                for page, article in zip(pages, articles, strict=True):
                    article.page_ptr_id = article.pk = page.pk
                    rows.append([page.pk] + [f.get_db_prep_save(getattr(article, f.attname), connection)
                                             for f in article_fields])
                columns = ", ".join(["page_ptr_id"] + [f'"{f.column}"' for f in article_fields])
                marks = ", ".join(["%s"] * (len(article_fields) + 1))
                with connection.cursor() as cursor:
                    cursor.executemany(f"INSERT INTO news_articlepage ({columns}) VALUES ({marks})", rows)  # noqa: S608
                ArticleSearchIndex.objects.bulk_create(
                    [ArticleSearchIndex(page_id=a.pk, **entry_fields(a)) for a in articles])
        created += todo
        Page.objects.filter(pk=category.pk).update(numchild=todo)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return created


def time_queries(rounds):
    from django.test import Client

    from news.search import Query, highlight, normalize, search_page

    queries = QUERIES + [normalize(q) for q in QUERIES]
    client = Client(SERVER_NAME="localhost")
    search_ms, page_ms, hits = [], [], {}
    for query in queries:  # warm-up
        client.get("/tim-kiem/", {"q": query})
    for _ in range(rounds):
        for query in queries:
            start = time.perf_counter()
            parsed = Query(query)
            page = search_page(parsed, 1, 10)
            for article in page.object_list:
                highlight(article.search_index.snippet_source, parsed, 240)
            search_ms.append((time.perf_counter() - start) * 1000)
            hits[query] = page.paginator.count
            start = time.perf_counter()
            response = client.get("/tim-kiem/", {"q": query})
            page_ms.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"/tim-kiem/?q={query} answered {response.status_code}")
    return search_ms, page_ms, hits


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    url = os.environ.get("BENCH_SEARCH_URL", DEFAULT_URL)

    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("PORTAL_STATS_ENABLED", "false")
    try:
        make_database(url)
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    except Exception as error:  # noqa: BLE001 - any failure here means the benchmark cannot run
        print(f"cannot run: {error}", file=sys.stderr)
        return 2

    rng = random.Random(20260611)
    start = time.perf_counter()
    count = load(args.articles, rng)
    print(f"loaded {count} articles and their search index in {time.perf_counter() - start:.1f} s")
    search_ms, page_ms, hits = time_queries(args.rounds)
    print(f"{len(QUERIES) * 2} queries x {args.rounds} rounds; matches per query: "
          f"median {statistics.median(hits.values()):.0f}, max {max(hits.values())}")
    print(f"search (count + first 10 results + snippets): p50 {percentile(search_ms, .5):.1f} ms, "
          f"p95 {percentile(search_ms, .95):.1f} ms, max {max(search_ms):.1f} ms")
    print(f"whole results page (test client, templates included): p50 {percentile(page_ms, .5):.1f} ms, "
          f"p95 {percentile(page_ms, .95):.1f} ms")
    verdict = "met" if percentile(search_ms, .95) < 150 else "NOT met"
    print(f"target p95 < 150 ms for the search: {verdict}")
    if not args.keep:
        from django.db import connections

        connections.close_all()
        drop_database(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
