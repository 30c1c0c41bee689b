"""The admin report: SVG charts, tables, CSV downloads, most-viewed pages of the month."""

import csv
import io

import pytest
import time_machine

from tests import factories
from tests.stats.conftest import GOOGLEBOT_UA, hit

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(category, client):
    article = factories.article(category, title="Bài được xem nhiều")
    with time_machine.travel(factories.local_dt(2025, 3, 12, 9), tick=False) as traveller:
        hit(client, article.url, ip="203.0.113.1")
        hit(client, article.url, ip="203.0.113.2")
        hit(client, "/", ip="66.249.66.1", ua=GOOGLEBOT_UA)
        traveller.shift(86400)
        hit(client, "/", ip="203.0.113.3")
    return article


def test_report_page(counted, admin_client):
    with time_machine.travel(factories.local_dt(2025, 3, 13, 12), tick=False):
        response = admin_client.get("/admin/visit-stats/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<svg viewBox") == 3
    assert 'data-table="days"' in html and 'data-table="months"' in html and 'data-table="hours"' in html
    assert "Bài được xem nhiều" in html
    assert "/admin/visit-stats/report.csv?table=days" in html


def test_report_menu_item(admin_client):
    assert "/admin/visit-stats/" in admin_client.get("/admin/").content.decode()


def test_report_needs_permission(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("editor", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get("/admin/visit-stats/").status_code in (302, 403)


def _csv(admin_client, table):
    with time_machine.travel(factories.local_dt(2025, 3, 13, 12), tick=False):
        response = admin_client.get(f"/admin/visit-stats/report.csv?table={table}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_downloads(counted, admin_client):
    days = _csv(admin_client, "days")
    assert len(days) == 90
    assert days[-2] == {"day": "2025-03-12", "visits": "2", "page_views": "2", "bot_hits": "1"}
    assert days[-1] == {"day": "2025-03-13", "visits": "1", "page_views": "1", "bot_hits": "0"}
    months = _csv(admin_client, "months")
    assert months == [{"month": "2025-03", "visits": "3", "page_views": "3", "bot_hits": "1"}]
    hours = _csv(admin_client, "hours")
    assert len(hours) == 48 and hours[9]["visits"] == "2" and hours[24 + 9]["visits"] == "1"
    pages = _csv(admin_client, "pages")
    assert pages[0] == {
        "month": "2025-03", "page_id": str(counted.pk), "title": "Bài được xem nhiều", "views": "2",
    }
    assert [row["views"] for row in pages[1:]] == ["1"]  # the home page, opened once


def test_bot_pattern_snippet_admin(admin_client):
    from stats.models import BotPattern

    response = admin_client.get("/admin/snippets/stats/botpattern/")
    assert response.status_code == 200
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        BotPattern(pattern="x(").full_clean()
