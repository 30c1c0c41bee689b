"""Staff answer a question in the Wagtail admin: the answer is saved, the asker emailed, the answerer noted."""

import pytest
from django.core import mail
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_answer_in_the_admin(admin_client, admin_user, home, django_capture_on_commit_callbacks):
    question = factories.question(email="asker@example.vn")
    url = reverse("wagtailsnippets_questions_question:edit", args=[question.pk])
    assert admin_client.get(url).status_code == 200
    answer = '{"blocks":[{"key":"a","text":"Mang theo CCCD.","type":"unstyled","depth":0,' \
             '"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}'
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"unit": "", "answer": answer, "published": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    question.refresh_from_db()
    assert "Mang theo CCCD." in question.answer and question.published
    assert question.answered_by == admin_user
    assert question.subject and question.email == "asker@example.vn"  # read-only fields untouched
    assert len(mail.outbox) == 1


def test_admin_screens_open(admin_client, home):
    library = factories.document_library(home)
    document = factories.legal_document(library)
    for url in (
        reverse("wagtailadmin_pages:edit", args=[document.pk]),
        reverse("wagtailadmin_pages:add", args=["publications", "legaldocumentpage", library.pk]),
        reverse("wagtailsnippets_questions_question:list"),
        reverse("wagtailsnippets_core_unit:list"),
        reverse("wagtailsnippets_organisation_leader:add"),
        reverse("wagtailsnippets_publications_documenttype:list"),
        reverse("wagtailadmin_pages:add", args=["questions", "contactpage", home.pk]),
    ):
        assert admin_client.get(url).status_code == 200, url
