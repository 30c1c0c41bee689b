"""Giới thiệu pages, the organisation chart as a nested list, and the English page's lang."""

import re

import pytest

from organisation.models import EnglishIntroductionPage, GeneralPage, Leader, OrganisationChartPage, Unit
from tests import factories

pytestmark = pytest.mark.django_db


def test_general_page_with_article_blocks(client, home):
    page = GeneralPage(title="Giới thiệu", slug="gioi-thieu", show_in_menus=True, intro="Tổng quan về huyện.",
                       body=[("paragraph", "<p>Huyện nằm ở phía tây bắc.</p>"),
                             ("quote", {"text": "Dân là gốc.", "attribution": ""})])
    home.add_child(instance=page)
    factories.publish(page)
    html = client.get("/gioi-thieu/").content.decode()
    assert "Huyện nằm ở phía tây bắc." in html and "Dân là gốc." in html
    assert 'href="/gioi-thieu/"' in client.get("/").content.decode()


def test_organisation_chart_nested_list(client, home):
    committee = Unit.objects.create(name="UBND huyện", kind="leadership", sort_order=1, phone="0213 3881 234")
    office = Unit.objects.create(name="Văn phòng HĐND và UBND", parent=committee, email="vp@example.vn")
    Unit.objects.create(name="Bộ phận Một cửa", parent=office, address="Tầng 1, trụ sở UBND")
    Leader.objects.create(full_name="Lò Văn Minh", position="Chủ tịch UBND huyện", unit=committee,
                          photo=factories.image("Ảnh chân dung"))
    page = OrganisationChartPage(title="Cơ cấu tổ chức", slug="co-cau-to-chuc")
    home.add_child(instance=page)
    factories.publish(page)
    html = client.get("/co-cau-to-chuc/").content.decode()
    chart = re.search(r"<ul class=\"org-tree\" data-organisation-chart>(.*)</ul>", html, re.S).group(1)
    # Nested: the one-stop desk sits inside the office, inside the committee.
    assert chart.index("UBND huyện") < chart.index("Văn phòng HĐND") < chart.index("Bộ phận Một cửa")
    assert chart.count('<ul class="org-tree">') == 2
    assert "Lò Văn Minh" in chart and "Chủ tịch UBND huyện" in chart and "vp@example.vn" in chart
    assert "<img" in chart  # the photo, alongside the name in text: no image-only chart


def test_unit_loop_does_not_hang(client, home):
    a = Unit.objects.create(name="A")
    b = Unit.objects.create(name="B", parent=a)
    a.parent = b
    a.save()
    page = OrganisationChartPage(title="Sơ đồ", slug="so-do")
    home.add_child(instance=page)
    factories.publish(page)
    assert client.get("/so-do/").status_code == 200


def test_english_page_is_marked_english(client, home):
    page = EnglishIntroductionPage(
        title="Introduction", slug="introduction", show_in_menus=True,
        unit_name_en="People's Committee of Muong Te District",
        body="<p>The committee manages the district's administration.</p>",
        address_en="Group 4, Muong Te town, Lai Chau province", phone="0213 3881 234", email="vp@example.vn",
    )
    home.add_child(instance=page)
    factories.publish(page)
    html = client.get("/introduction/").content.decode()
    assert '<html lang="vi">' in html
    block = re.search(r'<div lang="en"[^>]*data-english-introduction>(.*?)</div>\s*</main>', html, re.S)
    assert block, "the English content is wrapped in lang=\"en\""
    content = block.group(1)
    assert "People&#x27;s Committee of Muong Te District" in content
    assert "Functions and duties" in content and "Contacts" in content
    assert "manages the district" in content
