"""`manage.py import_articles`: good input, every rejection rule, idempotence, nothing half-written."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import PageLogEntry, Revision

from news.models import ArticleIndexPage, ArticlePage

pytestmark = pytest.mark.django_db


def record(**overrides):
    data = {
        "legacy_id": "nv-101",
        "category": "Xây dựng Đảng",
        "title": "Đảng bộ xã Bum Tở tổng kết công tác năm",
        "published_at": "2015-08-05T23:55:00",
        "author": "Lò Văn Thành",
        "summary": "Hội nghị tổng kết công tác xây dựng Đảng.",
        "tags": ["xây dựng đảng", "Bum Tở"],
        "body_html": "<p>Nội dung <b>chính</b> của bài.</p>",
        "views": 406,
        "rating_total": 9,
        "rating_count": 2,
    }
    data.update(overrides)
    return data


def write(tmp_path, *records, name="articles.jsonl", raw_lines=()):
    path = tmp_path / name
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + list(raw_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(path):
    """Run the command; return (output lines, exit status)."""
    from io import StringIO

    out = StringIO()
    try:
        call_command("import_articles", str(path), stdout=out, stderr=StringIO())
        status = 0
    except CommandError:
        status = 1
    return out.getvalue().splitlines(), status


def test_creates_published_article_with_category_and_prints_path(home, tmp_path):
    lines, status = run(write(tmp_path, record()))
    assert status == 0
    assert lines[0] == "created nv-101 /xay-dung-dang/dang-bo-xa-bum-to-tong-ket-cong-tac-nam/"
    assert lines[-1].startswith("total: 1 records, 1 created")
    category = ArticleIndexPage.objects.get(title="Xây dựng Đảng")
    assert category.get_parent().pk == home.pk and category.slug == "xay-dung-dang" and category.live
    article = ArticlePage.objects.get(legacy_id="nv-101")
    assert article.live and article.get_parent().pk == category.pk
    assert sorted(t.name for t in article.tags.all()) == ["Bum Tở", "xây dựng đảng"]
    assert (article.legacy_views, article.legacy_rating_total, article.legacy_rating_count) == (406, 9, 2)


def test_imported_article_renders_date_line_and_legacy_figures(home, client, tmp_path):
    run(write(tmp_path, record()))
    html = client.get("/xay-dung-dang/dang-bo-xa-bum-to-tong-ket-cong-tac-nam/").content.decode()
    assert 'data-article="published" datetime="2015-08-05T23:55:00+07:00">Thứ tư - 05/08/2015 23:55<' in html
    assert '<span data-article="views">406</span>' in html
    assert "Tổng số điểm của bài viết là: 9 trong 2 đánh giá" in html


def test_offset_is_respected_and_naive_time_is_local(home, tmp_path):
    run(write(tmp_path, record(published_at="2015-08-05T16:55:00+00:00"),
              record(legacy_id="nv-102", title="Bài hai", published_at="2015-08-05 23:55")))
    for legacy_id in ("nv-101", "nv-102"):
        date = ArticlePage.objects.get(legacy_id=legacy_id).date
        assert date.isoformat() == "2015-08-05T16:55:00+00:00"


def test_reimport_creates_nothing_new(home, tmp_path):
    path = write(tmp_path, record(), record(legacy_id="nv-102", title="Bài hai"))
    run(path)
    counts = (ArticlePage.objects.count(), ArticleIndexPage.objects.count(), Revision.objects.count(),
              PageLogEntry.objects.count())
    lines, status = run(path)
    assert status == 0
    assert [line.split()[0] for line in lines[:-1]] == ["updated", "updated"]
    assert (ArticlePage.objects.count(), ArticleIndexPage.objects.count(), Revision.objects.count(),
            PageLogEntry.objects.count()) == counts


def test_changed_record_updates_its_article(home, tmp_path):
    run(write(tmp_path, record()))
    page_id = ArticlePage.objects.get(legacy_id="nv-101").pk
    lines, status = run(write(tmp_path, record(title="Tiêu đề mới", views=500, category="Tin tức - Sự kiện",
                                               tags=["mới"]), name="v2.jsonl"))
    assert status == 0 and lines[0].startswith("updated nv-101 /tin-tuc-su-kien/")
    article = ArticlePage.objects.get(legacy_id="nv-101")
    assert article.pk == page_id and article.title == "Tiêu đề mới" and article.legacy_views == 500
    assert article.get_parent().title == "Tin tức - Sự kiện"
    assert [t.name for t in article.tags.all()] == ["mới"]
    assert ArticlePage.objects.count() == 1


def test_default_slug_is_transliterated_and_explicit_slug_is_kept(home, tmp_path):
    run(write(tmp_path, record(title="Đường về Mường Tè"), record(legacy_id="x2", title="Khác", slug="ten-rieng")))
    assert ArticlePage.objects.get(legacy_id="nv-101").slug == "duong-ve-muong-te"
    assert ArticlePage.objects.get(legacy_id="x2").slug == "ten-rieng"


def test_same_title_twice_gets_distinct_slugs(home, tmp_path):
    run(write(tmp_path, record(), record(legacy_id="nv-102")))
    slugs = sorted(ArticlePage.objects.values_list("slug", flat=True))
    assert slugs == ["dang-bo-xa-bum-to-tong-ket-cong-tac-nam", "dang-bo-xa-bum-to-tong-ket-cong-tac-nam-2"]


def test_body_is_sanitised_and_text_kept(home, client, tmp_path):
    hostile = (
        '<p onclick="steal()">Đoạn một <script>alert(1)</script><a href="javascript:alert(2)">link xấu</a>'
        '<a href="https://laichau.gov.vn/">link tốt</a></p><style>p{}</style><img src=x onerror="alert(3)">'
        '<iframe src="https://evil.example"></iframe><table><tr><td>ô một</td><td>ô hai</td></tr></table>'
        '<font color="red">chữ đỏ</font><h1>Tiêu đề lớn</h1>'
    )
    run(write(tmp_path, record(body_html=hostile)))
    html = client.get("/xay-dung-dang/dang-bo-xa-bum-to-tong-ket-cong-tac-nam/").content.decode()
    body = html.split('class="article-body">')[1].split("</div>")[0]
    for banned in ("<script", "alert(", "onclick", "onerror", "javascript:", "<iframe", "<style", "<img", "<font"):
        assert banned not in body
    for kept in ("Đoạn một", "link xấu", "ô một ô hai", "chữ đỏ", "Tiêu đề lớn"):
        assert kept in body
    assert '<a href="https://laichau.gov.vn/">link tốt</a>' in body
    assert "<h2" in body


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("{not json", "rejected line 1 json: invalid JSON"),
        ('["a list"]', "rejected line 1 json: each line must be a JSON object"),
        (record(legacy_id=None), "rejected line 1 legacy_id: is required"),
        (record(category=""), "rejected nv-101 category: is required"),
        (record(title=None), "rejected nv-101 title: is required"),
        (record(published_at=None), "rejected nv-101 published_at: is required"),
        (record(body_html="  "), "rejected nv-101 body_html: is required"),
        (record(published_at="05/08/2015"), "rejected nv-101 published_at: not an ISO 8601 date-time"),
        (record(published_at="2015-13-45T10:00:00"), "rejected nv-101 published_at: not an ISO 8601 date-time"),
        (record(views=-1), "rejected nv-101 views: must not be negative"),
        (record(rating_total=-5), "rejected nv-101 rating_total: must not be negative"),
        (record(rating_count="nhiều"), "rejected nv-101 rating_count: must be a non-negative integer"),
        (record(views=1.5), "rejected nv-101 views: must be a non-negative integer"),
        (record(tags="một, hai"), "rejected nv-101 tags: must be a list of strings"),
        (record(slug="Có Dấu"), "rejected nv-101 slug: may hold only"),
        (record(title=123), "rejected nv-101 title: must be a string"),
        (record(body_html="<script>alert(1)</script>"), "rejected nv-101 body_html: holds no text"),
    ],
)
def test_each_rejection_rule(home, tmp_path, raw, expected):
    path = tmp_path / "bad.jsonl"
    path.write_text((raw if isinstance(raw, str) else json.dumps(raw)) + "\n", encoding="utf-8")
    lines, status = run(path)
    assert status == 1
    assert lines[0].startswith(expected), lines
    assert lines[-1].endswith("0 created, 0 updated (0 unchanged), 1 rejected")
    assert not ArticlePage.objects.exists()
    assert not ArticleIndexPage.objects.filter(title="Xây dựng Đảng").exists()


def test_bad_lines_do_not_stop_good_ones(home, tmp_path):
    path = write(tmp_path, record(), record(legacy_id="nv-bad", views=-3),
                 record(legacy_id="nv-103", title="Bài ba"), raw_lines=["}{"])
    lines, status = run(path)
    assert status == 1
    assert [line.split()[0] for line in lines[:-1]] == ["created", "rejected", "created", "rejected"]
    assert lines[3].startswith("rejected line 4 json:")
    assert set(ArticlePage.objects.values_list("legacy_id", flat=True)) == {"nv-101", "nv-103"}


def test_slug_clash_is_rejected_without_leaving_a_new_category(home, tmp_path):
    run(write(tmp_path, record(slug="trung-ten")))
    lines, status = run(write(tmp_path, record(legacy_id="other", category="Chuyên mục mới", slug="ok"),
                              record(legacy_id="clash", slug="trung-ten"), name="two.jsonl"))
    assert status == 1
    assert lines[1].startswith("rejected clash slug:")
    assert ArticlePage.objects.filter(legacy_id="other").exists()


def test_failure_while_saving_leaves_nothing_half_written(home, tmp_path, monkeypatch):
    from news import importer

    def explode(self, key, category, data):
        raise importer.Rejected("body_html", "simulated failure after the category was created")

    monkeypatch.setattr(importer.ArticleImporter, "create", explode)
    lines, status = run(write(tmp_path, record(category="Chuyên mục chưa có")))
    assert status == 1
    assert not ArticleIndexPage.objects.filter(title="Chuyên mục chưa có").exists()


def test_utf8_bom_and_blank_lines_are_accepted(home, tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_text("\ufeff" + json.dumps(record(), ensure_ascii=False) + "\n\n", encoding="utf-8")
    lines, status = run(path)
    assert status == 0 and lines[0].startswith("created nv-101 ")


def test_missing_file_is_a_clear_error(home, tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_articles", str(tmp_path / "missing.jsonl"))


def test_command_exit_status_from_a_real_process(tmp_path, migrated_sqlite_file):
    """The exit status as an operator's shell sees it (database behaviour is covered above, on both
    databases; this process gets a migrated SQLite file of its own, since it cannot see the test transaction)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "DATABASE_URL": f"sqlite:///{migrated_sqlite_file}",
           "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    good = write(tmp_path, record(), name="good.jsonl")
    bad = write(tmp_path, record(views=-1), name="bad.jsonl")
    ok = subprocess.run([sys.executable, "manage.py", "import_articles", str(good)], env=env,
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("created nv-101 /xay-dung-dang/")
    failed = subprocess.run([sys.executable, "manage.py", "import_articles", str(bad)], env=env,
                            capture_output=True, text=True)
    assert failed.returncode == 1
    assert "rejected nv-101 views: must not be negative" in failed.stdout
