"""The documents library at /van-ban/: filters, accent-insensitive search, chips, order, pages, markers."""

import re

import pytest

from core.text import fold
from publications.models import DocumentStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(home):
    return factories.document_library(home)


def results(response):
    html = response.content.decode()
    count = re.search(r'data-documents="count">([^<]*)<', html).group(1)
    links = re.findall(r'data-document-result>\s*<p[^>]*><a href="([^"]+)"', html)
    return int(count.replace(".", "")), links


def test_fold():
    assert fold("Kế hoạch 13-KH/HU") == "ke hoach 13-kh/hu"
    assert fold("ĐẢNG ỦY  Đường") == "dang uy duong"
    assert fold(None) == ""


def test_search_ignores_accents_and_case_every_word_required(client, library):
    plan = factories.legal_document(library, number="13-KH/HU", summary="Kế hoạch tuyên truyền Nghị quyết")
    other = factories.legal_document(library, number="45/QĐ-UBND", kind="Quyết định",
                                     summary="Quyết định phê duyệt kế hoạch sử dụng đất")
    for query, expected in [
        ("13-kh/hu", [plan]),
        ("13-KH/HU", [plan]),
        ("13 kh hu", [plan]),
        ("ke hoach", [plan, other]),
        ("KẾ HOẠCH tuyen truyen", [plan]),
        ("ke hoach xyz", []),
        ("45/qd-ubnd", [other]),
        ("quyet dinh su dung dat", [other]),
    ]:
        count, links = results(client.get("/van-ban/", {"q": query}))
        assert count == len(expected), query
        assert sorted(links) == sorted(page.url for page in expected), query


def test_filters_combine(client, library):
    a = factories.legal_document(library, kind="Kế hoạch", issuer="Huyện ủy Mường Tè", field="Xây dựng Đảng",
                                 issued_on=(2024, 5, 2))
    b = factories.legal_document(library, kind="Quyết định", issuer="UBND huyện Mường Tè", field="Đất đai",
                                 issued_on=(2023, 1, 9), status=DocumentStatus.EXPIRED)
    c = factories.legal_document(library, kind="Kế hoạch", issuer="UBND huyện Mường Tè", field="Đất đai",
                                 issued_on=(2024, 7, 1))
    kind = a.document_type
    cases = [
        ({"type": kind.pk}, [a, c]),
        ({"type": "ke hoach"}, [a, c]),
        ({"issuer": "UBND huyện Mường Tè"}, [b, c]),
        ({"field": "Đất đai"}, [b, c]),
        ({"year": "2024"}, [a, c]),
        ({"year": "2023"}, [b]),
        ({"year": "abc"}, []),
        ({"status": "expired"}, [b]),
        ({"status": "in_force"}, [a, c]),
        ({"status": "hết hiệu lực"}, [b]),
        ({"type": kind.pk, "issuer": "UBND huyện Mường Tè", "year": "2024"}, [c]),
        ({"field": "Đất đai", "status": "in_force"}, [c]),
        ({"type": "99999"}, []),
    ]
    for params, expected in cases:
        count, links = results(client.get("/van-ban/", params))
        assert count == len(expected), params
        assert links == [page.url for page in expected] or sorted(links) == sorted(p.url for p in expected), params


def test_newest_issue_date_first_and_pagination(client, library):
    pages = [factories.legal_document(library, issued_on=(2020 + i % 5, 1 + i % 12, 1 + i)) for i in range(23)]
    ordered = sorted(pages, key=lambda p: (p.issued_on, p.pk), reverse=True)
    count, first = results(client.get("/van-ban/"))
    assert count == 23
    assert first == [p.url for p in ordered[:20]]
    _count, second = results(client.get("/van-ban/", {"page": 2}))
    assert second == [p.url for p in ordered[20:]]


def test_pagination_keeps_filters(client, library):
    for i in range(22):
        factories.legal_document(library, summary=f"Kế hoạch số {i}")
    html = client.get("/van-ban/", {"q": "ke hoach"}).content.decode()
    assert "?q=ke+hoach&amp;page=2" in html


def test_chips_remove_one_filter(client, library):
    factories.legal_document(library, field="Đất đai", issued_on=(2024, 1, 1))
    html = client.get("/van-ban/", {"field": "Đất đai", "year": "2024", "q": "van ban"}).content.decode()
    chips = dict(re.findall(r'<a class="chip" href="([^"]*)" data-filter-chip="(\w+)"', html)[i][::-1]
                 for i in range(3))
    assert set(chips) == {"q", "field", "year"}
    assert "year" not in chips["year"] and "field=" in chips["year"]
    assert "q=" not in chips["q"]


def test_drafts_and_private_documents_are_not_listed(client, library):
    factories.legal_document(library, live=False, summary="Bản nháp")
    count, _links = results(client.get("/van-ban/"))
    assert count == 0


def test_detail_page(client, library):
    new = factories.legal_document(library, number="20-KH/HU")
    old = factories.legal_document(library, number="13-KH/HU", status=DocumentStatus.EXPIRED)
    old.replaced_by = new
    factories.publish(old)
    html = client.get(old.url).content.decode()
    assert 'data-field="number">13-KH/HU<' in html
    assert "data-replaced-by" in html and new.url in html
    assert client.get(new.url).status_code == 200


def test_search_text_follows_edits(library):
    page = factories.legal_document(library, number="1/TB", summary="Thông báo lịch tiếp dân")
    assert "thong bao lich tiep dan" in page.search_text
    page.summary = "Thông báo nghỉ Tết"
    page.save()
    page.refresh_from_db()
    assert "nghi tet" in page.search_text and "tiep dan" not in page.search_text
