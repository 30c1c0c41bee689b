"""Liên hệ: a Wagtail form page; submissions stored and emailed behind the same defences."""

import time

import pytest
from django.core import mail
from django.test import Client
from wagtail.contrib.forms.models import FormSubmission

from questions import guard
from questions.models import ContactFormField, ContactPage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(home):
    page = ContactPage(
        title="Liên hệ", slug="lien-he", show_in_menus=True, intro="<p>Văn phòng HĐND và UBND huyện</p>",
        to_address="vanphong@example.vn", from_address="portal@example.vn", subject="Liên hệ từ cổng",
        map_image=factories.image("Bản đồ"), map_alt="Bản đồ vị trí trụ sở UBND huyện",
    )
    home.add_child(instance=page)
    ContactFormField.objects.create(page=page, label="Họ và tên", field_type="singleline", required=True)
    ContactFormField.objects.create(page=page, label="Email", field_type="email", required=True)
    ContactFormField.objects.create(page=page, label="Nội dung", field_type="multiline", required=True)
    return factories.publish(page)


def data(**overrides):
    values = {"ho_va_ten": "Lý Thị Mai", "email": "mai@example.vn", "noi_dung": "Xin hỏi giờ làm việc.",
              "website": "", "rendered": guard.fill_token("contact", time.time() - 10)}
    values.update(overrides)
    return values


def test_page_shows_contacts_map_and_form(client, contact):
    html = client.get("/lien-he/").content.decode()
    assert "Văn phòng HĐND và UBND huyện" in html
    assert 'alt="Bản đồ vị trí trụ sở UBND huyện"' in html
    assert 'id="contact-form"' in html and 'name="rendered"' in html and "csrfmiddlewaretoken" in html


def test_submission_stored_and_emailed(client, contact):
    response = client.post("/lien-he/", data())
    assert response.status_code == 302
    submission = FormSubmission.objects.get(page=contact)
    assert submission.get_data()["noi_dung"] == "Xin hỏi giờ làm việc."
    assert "website" not in submission.form_data and "rendered" not in submission.form_data
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["vanphong@example.vn"]
    assert "website" not in mail.outbox[0].body
    assert "data-contact-sent" in client.get(response["Location"]).content.decode()


def test_honeypot(client, contact):
    assert client.post("/lien-he/", data(website="x")).status_code == 302
    assert not FormSubmission.objects.exists() and mail.outbox == []


def test_too_fast(client, contact):
    response = client.post("/lien-he/", data(rendered=guard.fill_token("contact")))
    assert response.status_code == 400
    assert not FormSubmission.objects.exists()


def test_question_form_token_refused(client, contact):
    response = client.post("/lien-he/", data(rendered=guard.fill_token("question", time.time() - 10)))
    assert response.status_code == 400
    assert not FormSubmission.objects.exists()


def test_rate_limit(client, contact, settings):
    settings.PORTAL_QUESTIONS_RATE_LIMITS = {"contact_ip": (1, 3600)}
    assert client.post("/lien-he/", data()).status_code == 302
    assert client.post("/lien-he/", data()).status_code == 429
    assert FormSubmission.objects.count() == 1


def test_csrf(contact):
    assert Client(enforce_csrf_checks=True).post("/lien-he/", data()).status_code == 403
