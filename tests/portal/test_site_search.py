"""The site search at /tim-kiem/ finds articles and, grouped with their type named, documents, procedures,
published questions and general pages; private questions, drafts and inactive procedures stay unfound."""

import re

import pytest

from organisation.models import EnglishIntroductionPage, GeneralPage
from tests import factories

pytestmark = pytest.mark.django_db


def sections(client, query):
    html = client.get("/tim-kiem/", {"q": query}).content.decode()
    found = {}
    for kind, block in re.findall(r'data-search-section="([^"]+)"(.*?)</section>', html, re.S):
        found[kind] = re.findall(r'data-site-result="[^"]+">\s*<h3[^>]*><a href="([^"]+)"', block)
    return html, found


@pytest.fixture
def content(home, category):
    library = factories.document_library(home)
    factories.procedure_catalogue(home)
    questions = factories.question_index(home)
    plan = factories.legal_document(library, number="13-KH/HU", summary="Kế hoạch trồng rừng phòng hộ năm 2026")
    draft = factories.legal_document(library, number="14-KH/HU", summary="Kế hoạch trồng rừng bản nháp", live=False)
    forest = factories.procedure(name="Cấp phép khai thác rừng trồng", sector="Lâm nghiệp")
    factories.procedure(name="Giao rừng trồng cho hộ gia đình", active=False)
    answered = factories.question(subject="Hỗ trợ trồng rừng", answer="<p>Được hỗ trợ giống cây.</p>",
                                  published=True)
    private = factories.question(subject="Trồng rừng trên đất vườn", answer="<p>Có.</p>", published=False)
    about = GeneralPage(title="Giới thiệu chung", slug="gioi-thieu", intro="Huyện có diện tích rừng trồng lớn.")
    home.add_child(instance=about)
    factories.publish(about)
    english = EnglishIntroductionPage(title="Introduction", slug="introduction", unit_name_en="Muong Te District",
                                      body="<p>Forest planting is a key task.</p>")
    home.add_child(instance=english)
    factories.publish(english)
    article = factories.article(category, title="Mùa trồng rừng mới")
    return {"plan": plan, "draft": draft, "forest": forest, "answered": answered, "private": private,
            "about": about, "article": article, "questions": questions}


def test_every_type_found_with_its_type_named(client, content):
    html, found = sections(client, "trong rung")
    assert found["documents"] == [content["plan"].url]
    assert found["procedures"] == [f"/thu-tuc-hanh-chinh/{content['forest'].code}/"]
    assert found["questions"] == [f"/hoi-dap/{content['answered'].pk}/"]
    assert found["pages"] == [content["about"].url]
    # Articles keep their ranked list and markers; every result names its type in Vietnamese.
    assert content["article"].url in html.split("data-search-result")[1]
    for label in ("Bài viết", "Văn bản", "Thủ tục hành chính", "Hỏi đáp"):
        assert label in html


def test_private_question_draft_and_inactive_procedure_never_found(client, content):
    html, found = sections(client, "trong rung")
    assert f"/hoi-dap/{content['private'].pk}/" not in html
    assert "14-KH/HU" not in html and "bản nháp" not in html
    assert "Giao rừng trồng" not in html


def test_every_word_must_match_accents_and_case_ignored(client, content):
    _, found = sections(client, "13-KH/hu")
    assert found == {"documents": [content["plan"].url]}
    _, found = sections(client, "RỪNG phòng hộ")
    assert found == {"documents": [content["plan"].url]}
    _, found = sections(client, "rung sa mac")
    assert found == {}


def test_no_articles_but_other_results(client, content):
    html, found = sections(client, "giống cây")
    assert found == {"questions": [f"/hoi-dap/{content['answered'].pk}/"]}
    assert re.search(r'data-search="count"[^>]*>0<', html)
    assert "Không tìm thấy bài viết nào" in html


def test_more_link_when_a_type_has_more_than_it_shows(client, home):
    library = factories.document_library(home)
    for n in range(7):
        factories.legal_document(library, summary=f"Báo cáo tổng kết vụ lúa đợt {n}")
    html, found = sections(client, "vu lua")
    assert len(found["documents"]) == 5
    assert 'href="/van-ban/?q=vu+lua"' in html
    assert "Xem tất cả 7 kết quả" in html


def test_queries_do_not_grow_with_the_results(client, home):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    library = factories.document_library(home)
    factories.question_index(home)

    def add(count):
        for n in range(count):
            factories.legal_document(library, summary=f"Thông báo lịch tiếp dân số {n}")
            factories.question(subject=f"Lịch tiếp dân tháng {n}", answer="<p>Thứ năm hằng tuần.</p>",
                               published=True)

    def queries():
        client.get("/tim-kiem/", {"q": "tiep dan"})  # warms the per-site caches
        with CaptureQueriesContext(connection) as context:
            client.get("/tim-kiem/", {"q": "tiep dan"})
        return len(context.captured_queries)

    add(1)
    few = queries()
    add(11)
    assert queries() <= few  # (a first-of-the-day visitor record may make the first count one or two higher)


@pytest.mark.parametrize("query", ["\x00", "a\x00b", "%", "_", "' OR 1=1 --", "ừ" * 500, "\ufeff", "\u0301"])
def test_hostile_queries_answered_on_every_list(client, content, query):
    for url in ("/tim-kiem/", "/van-ban/", "/thu-tuc-hanh-chinh/", "/hoi-dap/"):
        response = client.get(url, {"q": query})
        assert response.status_code == 200, url
