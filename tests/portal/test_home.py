"""The home page and the site shell: name, menu, featured article, sidebar banners, footer."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from core.models import PortalSettings
from tests import factories
from tests.conftest import page_queries

pytestmark = pytest.mark.django_db



def test_home_shows_unit_name_from_site_settings(home, client):
    unit = PortalSettings.for_site(Site.objects.get())
    unit.unit_level, unit.unit_name = "commune", "Bum Tở"
    unit.save()
    html = client.get("/").content.decode()
    assert '<html lang="vi">' in html
    assert "Trang thông tin điện tử" in html
    assert "Xã Bum Tở" in html


def test_unit_levels_are_vietnamese(home):
    unit = PortalSettings.for_site(Site.objects.get())
    for level, text, authority in [("province", "Tỉnh Lai Châu", "UBND tỉnh Lai Châu"),
                                   ("district", "Huyện Lai Châu", "UBND huyện Lai Châu"),
                                   ("ward", "Phường Lai Châu", "UBND phường Lai Châu")]:
        unit.unit_level, unit.unit_name = level, "Lai Châu"
        assert unit.unit_full_name == text
        assert unit.authority == authority


def test_menu_featured_and_newest_per_category(home, client):
    news = factories.category(home, "Tin tức - Sự kiện")
    party = factories.category(home, "Xây dựng Đảng")
    factories.category(home, "Ẩn khỏi menu", show_in_menus=False)
    for day in range(1, 8):
        factories.article(news, title=f"Tin tức {day}", date=factories.local_dt(2024, 1, day))
    featured = factories.article(party, title="Bài nổi bật của Đảng bộ", date=factories.local_dt(2023, 1, 1))
    home.featured_article = featured
    factories.publish(home)
    html = client.get("/").content.decode()
    menu = html.split('class="main-menu"')[1].split("</nav>")[0]
    assert re.findall(r">([^<>]+)</a>", menu) == ["Trang chủ", "Tin tức - Sự kiện", "Xây dựng Đảng"]
    assert html.index("Bài nổi bật của Đảng bộ") < html.index("Tin tức 7")
    block = html.split(f'id="cat-{news.pk}"')[1].split("</section>")[0]
    assert re.findall(r"Tin tức \d", block) == ["Tin tức 7", "Tin tức 6", "Tin tức 5", "Tin tức 4", "Tin tức 3"]


def test_newest_article_is_featured_when_none_is_chosen(home, category, client):
    factories.article(category, title="Bài cũ", date=factories.local_dt(2020, 1, 1))
    factories.article(category, title="Bài mới nhất", date=factories.local_dt(2024, 1, 1))
    html = client.get("/").content.decode()
    featured = html.split('class="featured"')[1].split("</section>")[0]
    assert "Bài mới nhất" in featured


def test_home_queries_do_not_grow_with_categories(home, client, ):
    for n in range(2):
        factories.article(factories.category(home, f"Chuyên mục {n}"), feed_image=factories.image())
    client.get("/")
    with CaptureQueriesContext(connection) as baseline:
        client.get("/")
    assert page_queries(baseline) <= 40
    for n in range(2, 6):
        factories.article(factories.category(home, f"Chuyên mục {n}"), feed_image=factories.image())
    client.get("/")
    with CaptureQueriesContext(connection) as more:
        client.get("/")
    assert page_queries(more) <= page_queries(baseline)


def test_banners_in_order_with_alt_text_and_link(home, client):
    factories.banner("Cổng dịch vụ công", link_url="https://dichvucong.gov.vn/", sort_order=2)
    factories.banner("Bản đồ hành chính", alt_text="Bản đồ các xã của huyện", sort_order=1)
    factories.banner("Đã ẩn", active=False, sort_order=0)
    html = client.get("/").content.decode()
    sidebar = html.split('<aside class="sidebar"')[1].split("</aside>")[0]
    assert sidebar.index("Bản đồ hành chính") < sidebar.index("Cổng dịch vụ công")
    assert 'alt="Bản đồ các xã của huyện"' in sidebar
    assert 'href="https://dichvucong.gov.vn/"' in sidebar
    assert "Đã ẩn" not in sidebar


def test_footer_holds_contact_details(home, client):
    unit = PortalSettings.for_site(Site.objects.get())
    unit.address, unit.phone, unit.email, unit.editor_in_charge = (
        "Thị trấn Mường Tè", "0213 3881 234", "vanphong@muongte.example.vn", "Ông Lò Văn Thành")
    unit.save()
    html = client.get("/").content.decode()
    footer = html.split('<footer class="site-footer"')[1]
    for text in ("Địa chỉ", "Thị trấn Mường Tè", "0213 3881 234", "vanphong@muongte.example.vn",
                 "Chịu trách nhiệm nội dung", "Ông Lò Văn Thành"):
        assert text in footer


def test_top_and_bottom_links_work_without_javascript(home, client):
    html = client.get("/").content.decode()
    assert 'id="top"' in html and 'id="bottom"' in html
    assert 'href="#top"' in html and 'href="#bottom"' in html
    assert "Lên đầu trang" in html and "Xuống cuối trang" in html


def test_unknown_page_is_a_vietnamese_404(home, client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
