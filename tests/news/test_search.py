"""Search: accent-, case- and NFD-insensitive matching, ranking, visibility, bad input, the results page."""

import time
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from news.models import ArticleSearchIndex
from news.search import Query, highlight, normalize, search_articles
from tests import factories
from tests.news.search_helpers import article, result_count, result_titles

SEARCH = "/tim-kiem/"


# normalisation ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Mường Tè", "muong te"),
    ("MƯỜNG TÈ", "muong te"),
    ("Đảng bộ", "dang bo"),
    ("ĐẢNG BỘ", "dang bo"),
    ("Nghị quyết", "nghi quyet"),
    ("Thủy lợi, HÓA học", "thuy loi, hoa hoc"),
    ("ươ ƯƠ ă Â ê Ô", "uo uo a a e o"),
    ("", ""),
])
def test_normalize(text, expected):
    assert normalize(text) == expected


def test_nfd_and_nfc_normalise_the_same():
    for text in ("Mường Tè", "Đảng bộ huyện", "Xây dựng nông thôn mới"):
        assert normalize(unicodedata.normalize("NFD", text)) == normalize(text)
        assert Query(unicodedata.normalize("NFD", text)).exact == Query(text).exact


def test_query_is_bounded_and_reduced_to_words():
    assert Query("a" * 2000).plain == ["a" * 200]
    assert len(Query(" ".join(f"w{n}" for n in range(50))).plain) == 8
    assert Query("' & | ! :* \\ \" (").plain == []
    assert Query("đảng & bộ:* 'xã' 🙂").exact == ["đảng", "bộ", "xã"]
    assert not Query("🙂🙂")


def test_highlight_marks_words_ignoring_accents_and_escapes():
    html = highlight("<b>Huyện Mường Tè</b> tổ chức", Query("muong te"))
    assert html == "&lt;b&gt;Huyện <mark>Mường</mark> <mark>Tè</mark>&lt;/b&gt; tổ chức"


def test_highlight_window_around_first_match():
    text = "mở đầu " * 100 + "Mường Tè" + " kết thúc" * 100
    html = highlight(text, Query("muong"), limit=120)
    assert "<mark>Mường</mark>" in html and len(html) < 220 and html.startswith("… ")


# matching -------------------------------------------------------------------------------------------
@pytest.fixture
def articles(category):
    return {
        "muongte": article(category, "Huyện Mường Tè đón nhận Huân chương", body="Lễ đón nhận tổ chức trọng thể."),
        "dangbo": article(category, "Đại hội Đảng bộ xã Bum Nưa", body="Nhiệm kỳ 2025 - 2030."),
        "other": article(category, "Nông thôn mới ở Ka Lăng", body="Đường giao thông được bê tông hóa."),
    }


def search_titles(client, query, **params):
    response = client.get(SEARCH, {"q": query, **params})
    assert response.status_code == 200
    return result_titles(response.content.decode()), response


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["muong te", "Muong Te", "mường tè", "MƯỜNG TÈ", "MuOnG tE", "mường te"])
def test_accent_and_case_variants_find_the_article(client, articles, query):
    titles, _ = search_titles(client, query)
    assert titles == [articles["muongte"].title]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["dang bo", "Đảng bộ", "ĐẢNG BỘ", "đang bô", "DANG BO"])
def test_d_with_stroke_matches_d(client, articles, query):
    titles, _ = search_titles(client, query)
    assert titles == [articles["dangbo"].title]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["mường tè", "ĐẢNG BỘ", "nông thôn mới"])
def test_nfd_input_behaves_as_nfc(client, articles, query):
    nfc, _ = search_titles(client, unicodedata.normalize("NFC", query))
    nfd, _ = search_titles(client, unicodedata.normalize("NFD", query))
    assert nfc and nfd == nfc


@pytest.mark.django_db
def test_nfd_stored_text_is_found(client, category):
    page = article(category, unicodedata.normalize("NFD", "Tin Mường Tè viết bằng NFD"))
    titles, _ = search_titles(client, "mường tè")
    assert titles == [unicodedata.normalize("NFC", page.title)]


@pytest.mark.django_db
def test_every_word_is_required_and_whole_words_only(client, articles):
    assert search_titles(client, "muong te huan chuong")[0] == [articles["muongte"].title]
    assert search_titles(client, "muong dang")[0] == []
    assert search_titles(client, "muon")[0] == []  # a word, not a fragment of one


@pytest.mark.django_db
def test_summary_body_tags_and_author_are_searched(client, category):
    page = article(category, "Tin ngắn", body="Phát động phong trào trồng cây xanh",
                   summary="Tóm tắt về hợp tác xã chè Shan tuyết", author="Lò Văn Thành", tags=["Biên giới"])
    for query in ("trong cay xanh", "che shan tuyet", "lo van thanh", "bien gioi"):
        assert search_titles(client, query)[0] == [page.title], query


@pytest.mark.django_db
def test_ranking_exact_accents_then_title(client, category):
    d = factories.local_dt
    body_plain = article(category, "Tin thứ nhất", body="Bàn về công tác chỉ đạo", date=d(2024, 1, 5))
    title_plain = article(category, "Họp bàn kế hoạch", body="Nội dung", date=d(2024, 1, 4))
    body_exact = article(category, "Tin thứ ba", body="Việc mua bán nông sản", date=d(2024, 1, 3))
    title_exact = article(category, "Chợ phiên mua bán", body="Nội dung", date=d(2024, 1, 2))
    titles, _ = search_titles(client, "bán")
    assert titles == [title_exact.title, body_exact.title, title_plain.title, body_plain.title]
    # Without accents, no article matches them exactly: title matches first, then the newest.
    titles, _ = search_titles(client, "ban")
    assert titles == [title_plain.title, title_exact.title, body_plain.title, body_exact.title]


@pytest.mark.django_db
def test_only_live_public_articles(client, category, home):
    visible = article(category, "Tin Mường Tè công khai")
    article(category, "Tin Mường Tè bản nháp", live=False)
    unpublished = article(category, "Tin Mường Tè đã hủy xuất bản")
    unpublished.unpublish()
    private = article(category, "Tin Mường Tè riêng tư")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    private_category = factories.category(home, "Chuyên mục kín")
    article(private_category, "Tin Mường Tè trong chuyên mục kín")
    PageViewRestriction.objects.create(page=private_category, restriction_type="password", password="x")
    titles, _ = search_titles(client, "muong te")
    assert titles == [visible.title]
    assert not ArticleSearchIndex.objects.filter(page=unpublished).exists()


@pytest.mark.django_db
def test_index_follows_publishing_and_deletion(category):
    page = article(category, "Tiêu đề cũ")
    page.title = "Tiêu đề mới Sìn Hồ"
    page.save_revision()
    assert not search_articles("sin ho").exists()  # a draft change stays out
    factories.publish(page)
    assert list(search_articles("sin ho")) == [page]
    page.delete()
    assert not ArticleSearchIndex.objects.exists()


@pytest.mark.django_db
def test_rebuild_command(category):
    from django.core.management import call_command

    page = article(category, "Tin Pa Ủ")
    ArticleSearchIndex.objects.all().delete()
    call_command("rebuild_article_search", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(search_articles("pa u")) == [page]


@pytest.mark.django_db
def test_imported_articles_are_indexed(home):
    import json

    from news.importer import ArticleImporter

    record = {"legacy_id": "x-1", "category": "Tin tức - Sự kiện", "title": "Khánh thành cầu Nậm Củm",
              "published_at": "2024-03-01T08:00:00+07:00", "summary": "Tóm tắt.",
              "body_html": "<p>Cầu mới nối đôi bờ.</p>"}
    list(ArticleImporter(home).run([json.dumps(record, ensure_ascii=False)]))
    assert [p.title for p in search_articles("nam cum")] == ["Khánh thành cầu Nậm Củm"]


# the page -------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_results_page_markers_count_snippet_and_noindex(client, articles):
    titles, response = search_titles(client, "Mường Tè")
    html = response.content.decode()
    assert result_count(html) == "1"
    assert '<meta name="robots" content="noindex">' in html
    assert response["X-Robots-Tag"] == "noindex"
    assert "<mark>Mường</mark>" in html
    assert articles["muongte"].url in html.split("data-search-result")[1]
    assert 'value="Mường Tè"' in html  # the header box keeps the query


@pytest.mark.django_db
def test_pagination_keeps_the_query(client, category):
    for n in range(23):
        article(category, f"Tin Mường Tè số {n}", date=factories.local_dt(2024, 1, 1 + n))
    first, response = search_titles(client, "muong te")
    html = response.content.decode()
    assert result_count(html) == "23" and len(first) == 10
    assert "?q=muong+te&amp;page=2" in html
    second, _ = search_titles(client, "muong te", page=2)
    third, _ = search_titles(client, "muong te", page=3)
    assert len(second) == 10 and len(third) == 3 and not set(first) & set(second)


@pytest.mark.django_db
def test_no_results(client, articles):
    _, response = search_titles(client, "không có gì")
    html = response.content.decode()
    assert result_count(html) == "0" and "data-search-result" not in html


BAD_INPUTS = ["", "   ", "a" * 2000, "mường tè " * 250, "'", "''; DROP TABLE news_articlepage; --", "&", "|", "!",
              ":*", "\\", "muong & te | !x", "te:*", "\"muong te", "'muong", "((", "🙂", "🙂 mường 🙂", "\x00",
              "%", "_", "%_%", "<script>alert(1)</script>"]


@pytest.mark.django_db
@pytest.mark.parametrize("query", BAD_INPUTS)
def test_bad_input_never_fails(client, articles, query):
    response = client.get(SEARCH, {"q": query, "page": "abc"})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()


@pytest.mark.django_db
def test_bad_input_is_not_slower(client, articles):
    def timed(query):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            client.get(SEARCH, {"q": query})
        return time.perf_counter() - start, len(queries)

    normal_time, normal_queries = timed("mường tè")
    for query in ("mường tè " * 250, "a" * 2000, "' & | ! :* \\ " * 100):
        elapsed, count = timed(query)
        assert count <= normal_queries
        assert elapsed < max(0.5, normal_time * 5)


@pytest.mark.django_db
def test_queries_do_not_grow_with_results(client, category):
    from tests.conftest import page_queries

    article(category, "Tin Sìn Hồ")
    for n in range(12):
        article(category, f"Tin Mường Tè số {n}")
    client.get(SEARCH, {"q": "sin ho"})  # warm-up: site settings are created on first use

    def queries(query):
        with CaptureQueriesContext(connection) as captured:
            client.get(SEARCH, {"q": query})
        return page_queries(captured)

    assert queries("muong te") == queries("sin ho")


@pytest.mark.django_db
def test_header_search_box_on_every_page(client, articles):
    for url in ("/", articles["muongte"].url, SEARCH):
        html = client.get(url).content.decode()
        assert 'action="/tim-kiem/"' in html and 'for="site-search-q"' in html and 'name="q"' in html


@pytest.mark.django_db
def test_search_runs_on_the_index(category, is_postgres):
    """PostgreSQL answers from the GIN index; SQLite's fallback filters the same normalised columns."""
    sql, params = search_articles("muong te").query.sql_with_params()
    assert "news_articlesearchindex" in sql
    if not is_postgres:
        assert " LIKE " in sql.upper()
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'news_articlesearchindex_plain_tsv_gin'")
        assert "gin" in cursor.fetchone()[0]
        cursor.execute("SET enable_seqscan = off")
        sql, params = search_articles("muong te").query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "news_articlesearchindex_plain_tsv_gin" in plan
