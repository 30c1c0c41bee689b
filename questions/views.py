"""The Q&A page: the question form, the published questions (searchable, newest first), one page each."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.text import search_filter

from . import guard
from .forms import QuestionForm
from .models import Question, QuestionIndexPage

PER_PAGE = 10


def index_page():
    return QuestionIndexPage.objects.live().public().first()


def _index_url(page):
    return page.url if page else "/hoi-dap/"


def question_index(request, page=None):
    page = page or index_page()
    status = 200
    refused = None
    if request.method == "POST":
        form = QuestionForm(request.POST)
        refused = guard.refusal(request, form, "question")
        if refused == guard.HONEYPOT_TRIPPED:
            # A bot: it is told what a person would be told, and nothing is kept.
            return HttpResponseRedirect(_index_url(page) + "?sent=1#question-sent")
        if refused is None and form.is_valid():
            data = form.cleaned_data
            Question.objects.create(
                name=data["name"], email=data["email"], phone=data["phone"],
                subject=data["subject"], question=data["question"],
            )
            return HttpResponseRedirect(_index_url(page) + "?sent=1#question-sent")
        status = 429 if refused == guard.RATE_LIMITED else 400
    else:
        form = QuestionForm()
    query = request.GET.get("q", "").strip()[:200]
    questions = Question.objects.published().select_related("unit")
    if query:
        questions = search_filter(questions, "search_text", query)
    context = {
        "page": page,
        "title": page.title if page else _("Questions and answers"),
        "form": form,
        "refused": refused,
        "sent": request.method == "GET" and request.GET.get("sent") == "1",
        "query": query,
        "questions": Paginator(questions, PER_PAGE).get_page(request.GET.get("page")),
        "query_prefix": urlencode({"q": query}) if query else "",
    }
    return render(request, "questions/question_index_page.html", context, status=status)


def question_detail(request, pk):
    question = Question.objects.published().select_related("unit").filter(pk=pk).first()
    if question is None:
        raise Http404("no such published question")
    return render(request, "questions/question_detail.html", {"page": index_page(), "question": question})
