"""The moderators' mail about a pending comment: sent once the comment is committed, and never the reader's error."""

import logging
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend

from news import notifications
from news.models import Comment
from tests.news.feedback_helpers import JSON, comment_data, comment_url


class RefusingBackend(BaseEmailBackend):
    """A mail server that hangs up on us."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def failures(caplog):
    return [r for r in caplog.records if r.name == "news.notifications" and r.levelno == logging.ERROR]


@pytest.mark.django_db
def test_mail_waits_for_the_commit(client, article, moderator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(comment_url(article), comment_data(article))
        assert response.status_code == 302 and mail.outbox == []  # nothing sent before the comment is committed
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["mod@example.com"]


# Autocommit, as in production: the comment is committed at once and the mail is sent during the reader's request.
@pytest.mark.django_db(transaction=True)
def test_smtp_failure_is_logged_and_the_reader_gets_the_normal_answer(client, article, moderator, settings, caplog):
    settings.EMAIL_BACKEND = "tests.news.test_notifications.RefusingBackend"
    settings.PORTAL_COMMENT_NOTIFY_COOLDOWN = 0  # every comment tries to send
    with caplog.at_level(logging.ERROR, logger="news.notifications"):
        response = client.post(comment_url(article), comment_data(article))
        assert response.status_code == 302 and response["Location"].endswith(article.url + "#comments")
        response = client.post(comment_url(article), comment_data(article, body="Lần hai"), **JSON)
        assert response.status_code == 200 and response.json()["ok"] is True and response.json()["status"] == "pending"
    assert Comment.objects.filter(status="pending").count() == 2
    logged = failures(caplog)
    assert len(logged) == 2
    assert "Could not notify moderators of comment" in logged[0].getMessage()
    assert isinstance(logged[0].exc_info[1], smtplib.SMTPServerDisconnected)


@pytest.mark.django_db(transaction=True)
def test_any_failure_before_sending_is_logged_too(client, article, moderator, monkeypatch, caplog):
    def database_trouble():
        raise RuntimeError("the database went away")

    monkeypatch.setattr(notifications, "moderator_emails", database_trouble)
    with caplog.at_level(logging.ERROR, logger="news.notifications"):
        response = client.post(comment_url(article), comment_data(article), **JSON)
    assert response.status_code == 200 and response.json()["ok"] is True
    assert Comment.objects.count() == 1 and mail.outbox == []
    assert isinstance(failures(caplog)[0].exc_info[1], RuntimeError)


def test_smtp_has_a_timeout(settings):
    assert settings.EMAIL_TIMEOUT == 10  # seconds: a hanging mail server never holds a request for long
    assert SMTPBackend().timeout == 10
