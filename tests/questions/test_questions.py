"""Hỏi đáp at /hoi-dap/: private until answered and published, the email on answer, search, defences."""

import re
import time

import pytest
import time_machine
from django.core import mail
from django.test import Client

from questions import guard
from questions.models import Question
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _question_page(home):
    """/hoi-dap/ and its questions are served by the Q&A page, as on every unit's portal."""
    return factories.question_index(home)


def form_data(**overrides):
    data = {
        "name": "Giàng A Phìn", "email": "phin@example.vn", "phone": "0912 345 678",
        "subject": "Hồ sơ cấp giấy chứng nhận quyền sử dụng đất",
        "question": "Gia đình tôi cần chuẩn bị những giấy tờ gì để xin cấp giấy chứng nhận?",
        "website": "", "rendered": guard.fill_token("question", time.time() - 10),
    }
    data.update(overrides)
    return data


def listed(client, **params):
    html = client.get("/hoi-dap/", params).content.decode()
    return re.findall(r'data-question-result>\s*<p[^>]*><a href="/hoi-dap/(\d+)/"', html)


def test_form_is_shown_with_its_fields(client, home):
    html = client.get("/hoi-dap/").content.decode()
    form = re.search(r'<form id="question-form".*?</form>', html, re.S).group(0)
    for name in ("name", "email", "phone", "subject", "question"):
        assert f'name="{name}"' in form
    assert "csrfmiddlewaretoken" in form


def test_a_question_is_stored_private(client, home):
    response = client.post("/hoi-dap/", form_data())
    assert response.status_code == 302 and "sent=1" in response["Location"]
    question = Question.objects.get()
    assert question.phone == "0912 345 678" and not question.published
    assert client.get(f"/hoi-dap/{question.pk}/").status_code == 404
    assert listed(client) == []
    assert "data-question-sent" in client.get(response["Location"]).content.decode()


def test_private_until_answered_and_published(client, home):
    unanswered_published = factories.question(published=True)
    answered_private = factories.question(answer="<p>Trả lời riêng.</p>")
    public = factories.question(answer="<p>Trả lời công khai.</p>", published=True, phone="0988 111 222")
    assert listed(client) == [str(public.pk)]
    for hidden in (unanswered_published, answered_private):
        assert client.get(f"/hoi-dap/{hidden.pk}/").status_code == 404
        assert listed(client, q=hidden.subject) == []
    html = client.get(f"/hoi-dap/{public.pk}/").content.decode()
    assert "Trả lời công khai." in html
    assert public.email not in html and "0988" not in html
    assert public.email not in client.get("/hoi-dap/").content.decode()


def test_private_questions_never_in_the_sitemap(client, home):
    page = factories.question_index(home)
    private = factories.question(answer="<p>Riêng.</p>")
    public = factories.question(answer="<p>Công khai.</p>", published=True)
    locations = [entry["location"] for entry in page.get_sitemap_urls()]
    assert any(location.endswith(f"/hoi-dap/{public.pk}/") for location in locations)
    assert not any(location.endswith(f"/hoi-dap/{private.pk}/") for location in locations)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"/hoi-dap/{public.pk}/" in sitemap and f"/hoi-dap/{private.pk}/" not in sitemap


def test_published_questions_newest_first_and_searchable_without_accents(client, home):
    older = factories.question(subject="Lịch tiếp công dân", answer="<p>Thứ Năm hằng tuần.</p>", published=True)
    newer = factories.question(subject="Học bổng cho học sinh dân tộc", answer="<p>Có.</p>", published=True)
    Question.objects.filter(pk=older.pk).update(answered_at=newer.answered_at.replace(year=2020))
    assert listed(client) == [str(newer.pk), str(older.pk)]
    assert listed(client, q="LICH TIEP cong dan") == [str(older.pk)]
    assert listed(client, q="thu nam") == [str(older.pk)]  # the answer is searched too
    assert listed(client, q="hoc bong xyz") == []


def test_asker_emailed_once_when_answered(home, django_capture_on_commit_callbacks):
    question = factories.question(email="asker@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        question.unit = None
        question.save()
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        question.answer = "<p>Ông/bà mang theo <b>sổ hộ khẩu</b>.</p>"
        question.published = True
        question.save()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["asker@example.vn"]
    assert "sổ hộ khẩu" in message.body and "<b>" not in message.body
    assert f"/hoi-dap/{question.pk}/" in message.body
    with django_capture_on_commit_callbacks(execute=True):
        question.answer = "<p>Bổ sung.</p>"
        question.save()
    assert len(mail.outbox) == 1


def test_private_answer_still_emailed_without_a_link(home, django_capture_on_commit_callbacks):
    question = factories.question()
    with django_capture_on_commit_callbacks(execute=True):
        question.answer = "<p>Trả lời riêng cho ông/bà.</p>"
        question.save()
    assert len(mail.outbox) == 1 and "/hoi-dap/" not in mail.outbox[0].body


def test_text_is_escaped(client, home):
    question = factories.question(subject="<script>alert(1)</script>", question="<img src=x onerror=alert(1)>",
                                  answer="<p>Đã trả lời.</p>", published=True)
    html = client.get(f"/hoi-dap/{question.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "<img src=x" not in html


def test_honeypot_pretends_and_keeps_nothing(client, home):
    response = client.post("/hoi-dap/", form_data(website="http://spam.example"))
    assert response.status_code == 302
    assert not Question.objects.exists()


@pytest.mark.parametrize("token", ["", "forged", None])
def test_too_fast_or_no_token_refused(client, home, token):
    rendered = guard.fill_token("question", time.time()) if token is None else token
    response = client.post("/hoi-dap/", form_data(rendered=rendered))
    assert response.status_code == 400 and 'data-refused="too_fast"' in response.content.decode()
    assert not Question.objects.exists()


def test_token_of_another_form_is_refused(client, home, category):
    from news.guard import fill_token as comment_token

    article = factories.article(category)
    for rendered in (guard.fill_token("contact", time.time() - 10), comment_token(article.pk, time.time() - 10)):
        response = client.post("/hoi-dap/", form_data(rendered=rendered))
        assert response.status_code == 400 and 'data-refused="too_fast"' in response.content.decode()
    assert not Question.objects.exists()
    # The token the page hands out is the question form's own.
    shown = re.search(r'name="rendered" value="([^"]+)"', client.get("/hoi-dap/").content.decode()).group(1)
    with time_machine.travel(time.time() + 10):
        assert guard.fill_time_ok(shown, "question") and not guard.fill_time_ok(shown, "contact")
    assert client.post("/hoi-dap/", form_data()).status_code == 302


def test_rate_limited_through_the_shared_cache(client, home, settings):
    settings.PORTAL_QUESTIONS_RATE_LIMITS = {"question_ip": (2, 3600)}
    for _ in range(2):
        assert client.post("/hoi-dap/", form_data()).status_code == 302
    # Another client object from the same address shares the count: it is in the cache, not a session.
    response = Client().post("/hoi-dap/", form_data())
    assert response.status_code == 429 and 'data-refused="rate_limited"' in response.content.decode()
    assert Question.objects.count() == 2


@pytest.mark.parametrize("field,value", [
    ("name", "x" * 121), ("subject", "x" * 201), ("question", "x" * 4001), ("question", "ngắn"),
    ("email", "not-an-email"), ("phone", "gọi tôi"), ("name", ""), ("subject", ""),
])
def test_length_and_format_limits(client, home, field, value):
    response = client.post("/hoi-dap/", form_data(**{field: value}))
    assert response.status_code == 400
    assert not Question.objects.exists()


def test_phone_is_optional(client, home):
    assert client.post("/hoi-dap/", form_data(phone="")).status_code == 302


def test_csrf_required(home):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/hoi-dap/", form_data()).status_code == 403
    assert not Question.objects.exists()


def test_question_page_serves_the_form(client, home):
    page = factories.question_index(home)
    assert page.url == "/hoi-dap/"
    html = client.get("/").content.decode()
    assert 'href="/hoi-dap/"' in html  # in the main menu
    assert 'id="question-form"' in client.get("/hoi-dap/").content.decode()


# Whether an answered question shows the asker's name is the asker's choice (default: not shown) -------------------
def asker_line(html):
    return re.search(r"<p class=\"document-meta\" data-asker>(.*?)</p>", html, re.S).group(1)


def test_the_form_offers_the_choice_unticked(client, home):
    form = re.search(r'<form id="question-form".*?</form>', client.get("/hoi-dap/").content.decode(), re.S).group(0)
    checkbox = re.search(r'<input type="checkbox" name="show_name"[^>]*>', form).group(0)
    assert 'id="question-show_name"' in checkbox and "checked" not in checkbox
    assert "Hiện tên tôi khi câu trả lời được công khai" in form


@pytest.mark.parametrize("ticked,stored", [(None, False), ("on", True)])
def test_the_choice_is_stored(client, home, ticked, stored):
    overrides = {"show_name": ticked} if ticked else {}
    assert client.post("/hoi-dap/", form_data(**overrides)).status_code == 302
    assert Question.objects.get().show_name is stored


def test_the_name_is_hidden_by_default(client, home):
    question = factories.question(name="Vàng A Sử", phone="0977 123 456", answer="<p>Đã trả lời.</p>", published=True)
    assert question.show_name is False
    for html in (client.get("/hoi-dap/").content.decode(), client.get(f"/hoi-dap/{question.pk}/").content.decode()):
        assert "Vàng A Sử" not in html
        assert asker_line(html).startswith("Người hỏi ·")
        assert question.email not in html and "0977" not in html


def test_the_name_is_shown_when_chosen(client, home):
    question = factories.question(name="Lò Thị Xuân", phone="0977 123 456", answer="<p>Đã trả lời.</p>",
                                  published=True, show_name=True)
    for html in (client.get("/hoi-dap/").content.decode(), client.get(f"/hoi-dap/{question.pk}/").content.decode()):
        assert "Lò Thị Xuân" in asker_line(html)
        assert question.email not in html and "0977" not in html  # the private fields never


def test_the_choice_leaves_search_and_privacy_unchanged(client, home):
    private = factories.question(name="Hờ A Chu", answer="<p>Riêng.</p>", show_name=True)  # answered, not published
    public = factories.question(name="Hờ A Chu", subject="Lịch tiếp công dân", answer="<p>Có.</p>", published=True)
    assert client.get(f"/hoi-dap/{private.pk}/").status_code == 404
    assert listed(client) == [str(public.pk)]
    assert listed(client, q="lich tiep") == [str(public.pk)]
    assert listed(client, q="ho a chu") == []  # the asker's name is not searched
