"""Editors work in the Wagtail admin: Vietnamese forms, creating and publishing an article."""

import pytest
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from news.models import ArticlePage
from tests import factories

pytestmark = pytest.mark.django_db


def test_article_form_has_vietnamese_labels(admin_client, category):
    response = admin_client.get(f"/admin/pages/add/news/articlepage/{category.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Tóm tắt", "Ảnh đại diện", "Nội dung", "Tác giả", "Ngày đăng", "Thẻ"):
        assert label in html, label


def test_editor_creates_and_publishes_an_article(admin_client, category):
    picture = factories.image()
    data = nested_form_data({
        "title": "Hội nghị triển khai nhiệm vụ năm mới",
        "slug": "hoi-nghi-trien-khai",
        "summary": "Tóm tắt hội nghị.",
        "feed_image": picture.pk,
        "author": "Phòng Văn hóa",
        "date": "05/08/2015 23:55",
        "tags": "hội nghị, kế hoạch",
        "body": streamfield([
            ("paragraph", rich_text("<h2>Kết quả</h2><p>Đã hoàn thành các chỉ tiêu.</p>")),
            ("quote", {"text": "Dân là gốc.", "attribution": "Lời dạy"}),
        ]),
        "action-publish": "publish",
    })
    response = admin_client.post(f"/admin/pages/add/news/articlepage/{category.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article = ArticlePage.objects.get(slug="hoi-nghi-trien-khai")
    assert article.live and article.feed_image_id == picture.pk
    html = admin_client.get(article.url).content.decode()
    assert "Thứ tư - 05/08/2015 23:55" in html
    assert "Dân là gốc." in html and "<h2" in html


def test_banners_and_site_settings_screens(admin_client, home):
    factories.banner()
    assert admin_client.get("/admin/snippets/portal/banner/").status_code == 200
    response = admin_client.get("/admin/settings/portal/portalsettings/", follow=True)
    assert response.status_code == 200
    assert "Tên đơn vị" in response.content.decode()
