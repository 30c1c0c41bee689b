"""The widget, the monthly report, the downloads, the lookup and the admin screens."""

import csv
import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.utils import timezone

from dossiers import aggregation, rules, views
from dossiers.models import MonthlySummary
from tests import factories

D = datetime.date


def marker(html, name):
    match = re.search(rf'data-dossier="{re.escape(name)}"[^>]*>([^<]*)<', html)
    return match.group(1).strip() if match else None


def region(html, attribute):
    start = html.index(attribute)
    return html[start:]


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def march(db):
    """Four March 2024 dossiers (2 on time, 1 late, 1 open), stored."""
    procedure = factories.procedure("P1", processing_days=3)
    factories.procedure("P2", online_level="4")
    factories.procedure("P3", online_level="toan_trinh")
    factories.dossier(
        procedure,
        (2024, 3, 4, 9),
        code="000.12.34.H29-240304-0001",
        due_date=D(2024, 3, 8),
        resolved_at=(2024, 3, 7, 10),
        applicant_name="Pờ Thị Thảo",
        applicant_phone="0987654321",
    )
    factories.dossier(procedure, (2024, 3, 4, 9), due_date=D(2024, 3, 8), resolved_at=(2024, 3, 8, 10))
    factories.dossier(procedure, (2024, 3, 4, 9), due_date=D(2024, 3, 6), resolved_at=(2024, 3, 7, 10))
    factories.dossier(
        procedure, (2024, 3, 20, 9), due_date=D(2024, 3, 25), status="processing", channel="truc_tuyen"
    )
    aggregation.refresh(D(2024, 3, 1), rules.CALENDAR_PERIOD, today=D(2024, 6, 1))


def render_widget():
    return Template("{% load dossier_tags %}{% dossier_widget %}").render(Context({}))


class TestWidget:
    def test_figures_and_markers(self, march):
        html = render_widget()
        assert "data-dossier-widget" in html
        assert marker(html, "month") == "03/2024"
        assert marker(html, "rate") == "66,7%"
        assert marker(html, "received") == "4"
        assert marker(html, "resolved") == "3"
        assert (marker(html, "overdue"), marker(html, "overdue-pct")) == ("1", "33,3%")
        assert (marker(html, "ontime"), marker(html, "ontime-pct")) == ("2", "66,7%")
        assert (marker(html, "level-2"), marker(html, "level-4"), marker(html, "level-toan-trinh")) == (
            "1",
            "1",
            "1",
        )
        assert marker(html, "level-3") is None  # no procedure at level 3: left out
        assert re.fullmatch(r"\d\d:\d\d:\d\d, \d\d/\d\d/\d{4}", marker(html, "updated-at"))
        assert marker(html, "agency")

    def test_at_most_two_queries_whatever_the_volume(self, march, django_assert_max_num_queries):
        procedure = factories.procedure("P9")
        for day in range(1, 29):
            factories.dossier(procedure, (2024, 2, day, 9), status="received")
        aggregation.refresh(D(2024, 2, 1), rules.CALENDAR_PERIOD, today=D(2024, 6, 1))
        with django_assert_max_num_queries(2):
            render_widget()

    def test_latest_stored_month_shown(self, march):
        aggregation.refresh(D(2024, 1, 1), rules.CALENDAR_PERIOD, today=D(2024, 6, 1))
        assert marker(render_widget(), "month") == "03/2024"

    def test_empty(self, db):
        html = render_widget()
        assert "data-dossier-widget" in html and 'data-dossier="rate"' not in html

    def test_nothing_resolved_shows_a_dash(self, db):
        aggregation.refresh(timezone.localdate(), rules.CALENDAR_PERIOD)
        html = render_widget()
        assert marker(html, "rate") == "—" and marker(html, "overdue-pct") == "—"

    def test_in_the_sidebar(self, march, client):
        html = client.get("/ho-so/tra-cuu/").content.decode()
        assert "data-dossier-widget" in html


class TestReport:
    def test_markers(self, march, client):
        response = client.get("/ho-so/thong-ke/2024-03/")
        assert response.status_code == 200
        html = region(response.content.decode(), "data-dossier-report")
        expected = {
            "month": "03/2024",
            "rate": "66,7%",
            "received": "4",
            "resolved": "3",
            "before": "1",
            "on-due": "1",
            "overdue": "1",
            "overdue-pct": "33,3%",
            "ontime": "2",
            "ontime-pct": "66,7%",
            "carried-over": "0",
            "in-progress": "1",
            "in-progress-overdue": "1",
            "returned": "0",
            "received-online": "1",
            "received-direct": "3",
            "received-postal": "0",
            "rate-766": "50%",
            "level-2": "1",
        }
        assert {name: marker(html, name) for name in expected} == expected
        assert marker(html, "updated-at") and marker(html, "agency")
        assert "<svg" in html and html.count('class="bar"') == 1

    def test_current_month_and_bad_months(self, db, client):
        assert client.get("/ho-so/thong-ke/").status_code == 200
        assert client.get("/ho-so/thong-ke/2024-13/").status_code == 404
        future = rules.add_months(timezone.localdate().replace(day=1), 2)
        assert client.get(f"/ho-so/thong-ke/{future:%Y-%m}/").status_code == 404

    def test_unstored_month_is_computed(self, march, client):
        MonthlySummary.objects.all().delete()
        html = client.get("/ho-so/thong-ke/2024-03/").content.decode()
        assert marker(region(html, "data-dossier-report"), "resolved") == "3"
        assert not MonthlySummary.objects.exists()

    def test_csv_download(self, march, client):
        response = client.get("/ho-so/thong-ke/2024-03/?format=csv")
        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert len(rows) == 3  # header, the agency, the total
        assert rows[-1][1:4] == ["4", "1", "3"]

    def test_xlsx_download(self, march, client):
        from openpyxl import load_workbook

        response = client.get("/ho-so/thong-ke/2024-03/?format=xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        assert values[-1][1] == 4 and values[-1][6] == 3


class TestLookup:
    def test_found_never_shows_the_applicant(self, march, client):
        response = client.get("/ho-so/tra-cuu/", {"ma": "000.12.34.H29-240304-0001"})
        html = response.content.decode()
        assert response.status_code == 200
        assert 'data-dossier-field="procedure"' in html and "Đăng ký khai sinh" in html
        assert 'data-outcome="before"' in html
        assert "Pờ Thị Thảo" not in html and "0987654321" not in html
        assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]

    def test_form_without_code(self, db, client):
        assert client.get("/ho-so/tra-cuu/").status_code == 200

    def test_unknown_code_is_a_polite_404(self, db, client):
        response = client.get("/ho-so/tra-cuu/", {"ma": "KHONG-CO"})
        assert response.status_code == 404
        assert "data-dossier-not-found" in response.content.decode()

    def test_rate_limited(self, db, client):
        for number in range(views.LOOKUP_LIMIT):
            assert client.get("/ho-so/tra-cuu/", {"ma": f"X-{number}"}).status_code == 404
        response = client.get("/ho-so/tra-cuu/", {"ma": "X-last"})
        assert response.status_code == 429 and "data-dossier-limited" in response.content.decode()


class TestAdmin:
    @pytest.fixture
    def admin(self, admin_client):
        return admin_client

    def test_screens(self, march, admin):
        for url in [
            "/admin/dossier_records/",
            "/admin/dossier_records/?month=2024-03&status=resolved&overdue=true",
            "/admin/dossier_procedures/",
            "/admin/dossier_agencies/",
            "/admin/dossier_calendar_exceptions/",
            "/admin/dossier_calendar/?year=2025",
            "/admin/dossier_report/?month=2024-03",
        ]:
            assert admin.get(url).status_code == 200, url

    def test_overdue_filter(self, march, admin):
        html = admin.get("/admin/dossier_records/", {"overdue": "true", "month": "2024-03"}).content.decode()
        edited = set(re.findall(r"/admin/dossier_records/edit/(\d+)/", html))
        assert len(edited) == 2  # the late one and the open one past due

    def test_editing_updates_the_summary(self, march, admin, django_capture_on_commit_callbacks):
        from dossiers.models import Dossier

        dossier = Dossier.objects.get(status="processing")
        data = {
            "code": dossier.code,
            "procedure": dossier.procedure_id,
            "agency": dossier.agency_id,
            "channel": "truc_tuyen",
            "received_at": "2024-03-20 09:00",
            "due_date": "2024-03-25",
            "supplement_completed_at": "",
            "resolved_at": "2024-03-22 10:00",
            "status": "resolved",
            "applicant_name": "",
            "applicant_phone": "",
        }
        with django_capture_on_commit_callbacks(execute=True):
            response = admin.post(f"/admin/dossier_records/edit/{dossier.pk}/", data)
        assert response.status_code == 302
        assert MonthlySummary.objects.get(month=D(2024, 3, 1), agency__isnull=True).resolved == 4

    def test_refresh_button(self, march, admin):
        MonthlySummary.objects.all().delete()
        assert admin.post("/admin/dossier_report/?month=2024-03").status_code == 302
        assert MonthlySummary.objects.filter(month=D(2024, 3, 1), agency__isnull=True).exists()
