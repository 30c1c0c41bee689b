"""The public procedures catalogue at /thu-tuc-hanh-chinh/: filters, accent-free search, detail with figures."""

import datetime
import re

import pytest
import time_machine

from dossiers.models import Procedure
from tests import factories

pytestmark = pytest.mark.django_db


def codes(response):
    html = response.content.decode()
    count = int(re.search(r'data-procedures="count">([^<]*)<', html).group(1).replace(".", ""))
    found = re.findall(r'data-procedure-result>\s*<p[^>]*><a href="/thu-tuc-hanh-chinh/([^/]+)/"', html)
    assert count == len(found) or count > 20
    return found


@pytest.fixture
def catalogue(home):
    """The catalogue page: it serves the list and, as its sub-URLs, the procedures' pages."""
    return factories.procedure_catalogue(home)


@pytest.fixture
def procedures(catalogue):
    district = factories.dossier_agency("UBND huyện Mường Tè")
    commune = factories.dossier_agency("UBND xã Ka Lăng")
    return {
        "birth": factories.procedure("HT01", name="Đăng ký khai sinh", sector="Hộ tịch", agency=commune,
                                     online_level="toan_trinh"),
        "marriage": factories.procedure("HT03", name="Đăng ký kết hôn", sector="Hộ tịch", agency=commune,
                                        online_level="mot_phan"),
        "business": factories.procedure("KD01", name="Đăng ký thành lập hộ kinh doanh", sector="Kinh doanh",
                                        agency=district, online_level="4"),
        "old": factories.procedure("XX09", name="Thủ tục đã bãi bỏ", sector="Hộ tịch", agency=district,
                                   active=False),
    }


def test_lists_active_procedures(client, procedures):
    assert sorted(codes(client.get("/thu-tuc-hanh-chinh/"))) == ["HT01", "HT03", "KD01"]


def test_filters_and_search(client, procedures):
    district = procedures["business"].agency
    cases = [
        ({"field": "Hộ tịch"}, ["HT01", "HT03"]),
        ({"agency": district.pk}, ["KD01"]),
        ({"level": "toan_trinh"}, ["HT01"]),
        ({"q": "dang ky"}, ["HT01", "HT03", "KD01"]),
        ({"q": "KHAI SINH"}, ["HT01"]),
        ({"q": "đăng ký kết"}, ["HT03"]),
        ({"q": "ho tich"}, ["HT01", "HT03"]),
        ({"q": "kd01"}, ["KD01"]),
        ({"q": "dang ky", "field": "Hộ tịch", "level": "mot_phan"}, ["HT03"]),
        ({"q": "khai sinh xyz"}, []),
        ({"q": "bai bo"}, []),
    ]
    for params, expected in cases:
        assert sorted(codes(client.get("/thu-tuc-hanh-chinh/", params))) == expected, params


def test_search_text_kept_up_to_date(procedures):
    procedure = procedures["birth"]
    procedure.name = "Đăng ký khai sinh lưu động"
    procedure.save(update_fields=["name"])
    assert "luu dong" in Procedure.objects.get(pk=procedure.pk).search_text


def test_detail_shows_catalogue_fields(client, procedures):
    procedure = procedures["birth"]
    procedure.fees = "Miễn lệ phí"
    procedure.required_papers = "Tờ khai đăng ký khai sinh\nGiấy chứng sinh"
    procedure.legal_basis = "Luật Hộ tịch số 60/2014/QH13"
    procedure.national_portal_url = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1"
    procedure.save()
    response = client.get("/thu-tuc-hanh-chinh/HT01/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<li>Giấy chứng sinh</li>" in html and "Miễn lệ phí" in html and "60/2014/QH13" in html
    assert "data-national-portal" in html
    assert '<link rel="canonical" href="http://localhost/thu-tuc-hanh-chinh/HT01/">' in html  # its own address
    assert client.get("/thu-tuc-hanh-chinh/XX09/").status_code == 404
    assert client.get("/thu-tuc-hanh-chinh/NOPE/").status_code == 404


@time_machine.travel(datetime.datetime(2024, 3, 20, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_detail_shows_latest_month_figures(client, procedures):
    birth, other = procedures["birth"], procedures["marriage"]
    factories.dossier(birth, received=(2024, 3, 4, 9), resolved_at=(2024, 3, 4, 15))  # before/on time
    factories.dossier(birth, received=(2024, 3, 5, 9), resolved_at=(2024, 3, 12, 15))  # overdue
    factories.dossier(birth, received=(2024, 3, 18, 9))  # in progress
    factories.dossier(other, received=(2024, 3, 4, 9), resolved_at=(2024, 3, 4, 10))  # someone else's
    html = client.get("/thu-tuc-hanh-chinh/HT01/").content.decode()
    assert 'data-month="2024-03"' in html
    assert 'data-dossier="received">3<' in html
    assert 'data-dossier="resolved">2<' in html
    assert 'data-dossier="ontime">1<' in html
    assert 'data-dossier="ontime-pct">50%<' in html
    assert 'data-dossier="in-progress">1<' in html


@time_machine.travel(datetime.datetime(2024, 4, 2, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_falls_back_to_previous_month_when_this_one_is_empty(client, procedures):
    factories.dossier(procedures["birth"], received=(2024, 3, 4, 9), resolved_at=(2024, 3, 4, 15))
    html = client.get("/thu-tuc-hanh-chinh/HT01/").content.decode()
    assert 'data-month="2024-03"' in html and 'data-dossier="resolved">1<' in html


def test_catalogue_page_serves_the_same_list_and_is_in_the_sitemap(client, procedures, catalogue):
    page = catalogue
    assert page.url == "/thu-tuc-hanh-chinh/"
    assert sorted(codes(client.get(page.url))) == ["HT01", "HT03", "KD01"]
    locations = [entry["location"] for entry in page.get_sitemap_urls()]
    assert any(location.endswith("/thu-tuc-hanh-chinh/HT01/") for location in locations)
    assert not any("XX09" in location for location in locations)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/thu-tuc-hanh-chinh/KD01/" in sitemap
    assert "/thu-tuc-hanh-chinh/" in client.get("/").content.decode()  # in the main menu


def test_pagination_keeps_filters(client, catalogue):
    for n in range(25):
        factories.procedure(f"P{n:02d}", name=f"Đăng ký thủ tục {n}", sector="Hộ tịch")
    html = client.get("/thu-tuc-hanh-chinh/", {"q": "dang ky"}).content.decode()
    assert "q=dang+ky&amp;page=2" in html


def test_official_codes_with_dots_have_their_page(client, catalogue):
    """Official procedure codes carry dots (1.001193.000.00.00.H35); the catalogue's sub-address must take them."""
    factories.procedure("1.001193.000.00.00.H35", name="Đăng ký khai tử", sector="Hộ tịch")
    response = client.get("/thu-tuc-hanh-chinh/")
    assert "1.001193.000.00.00.H35" in codes(response)
    detail = client.get("/thu-tuc-hanh-chinh/1.001193.000.00.00.H35/")
    assert detail.status_code == 200 and "Đăng ký khai tử" in detail.content.decode()
    assert client.get("/thu-tuc-hanh-chinh/1.001193.000.00.00.H99/").status_code == 404
    assert client.get("/thu-tuc-hanh-chinh/../").status_code == 404
    assert client.get("/favicon.ico").status_code == 404  # a file name at the top is no page: no slash added
    assert client.get("/static/no/such.css").status_code == 404
