"""The site search at /tim-kiem/: articles first (ranked, paginated by news.search), then the other
published content a citizen looks for, grouped by type with the type named: documents, administrative
procedures, answered questions and the general pages (introduction, organisation, English page, contact).

It lives in portal because it reads several apps; each app keeps its own folded search column and filter,
and every rule is the one of that app's own list: all words must match, accents and case ignored.
"""

from django.db.models import Q
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core.text import fold, query_words, search_filter
from dossiers.models import Procedure, ProcedureIndexPage
from news.models.search_index import body_text
from organisation.models import EnglishIntroductionPage, GeneralPage, OrganisationChartPage
from publications.models import DocumentIndexPage, LegalDocumentPage
from questions.models import ContactPage, Question, QuestionIndexPage

PER_SECTION = 5
# General pages are few (tens); they are folded in Python, with a bound so a query never reads more.
MAX_GENERAL_PAGES = 300


def _more_url(page, raw):
    if page is None:
        return ""
    return f"{page.url}?{urlencode({'q': raw})}"


def _documents(raw):
    documents = search_filter(LegalDocumentPage.objects.live().public(), "search_text", raw)
    documents = documents.select_related("document_type").order_by("-issued_on", "-pk")
    items = [
        {"title": f"{doc.number} · {doc.summary or doc.title}", "url": doc.url, "meta": doc.type_label,
         "date": doc.issued_on}
        for doc in documents[:PER_SECTION]
    ]
    index = DocumentIndexPage.objects.live().public().first()
    return documents, items, _more_url(index, raw)


def _procedures(raw):
    catalogue = ProcedureIndexPage.find()
    if catalogue is None:  # the procedures' pages are the catalogue's sub-pages: none without it
        return [], [], ""
    procedures = search_filter(Procedure.objects.filter(active=True), "search_text", raw)
    procedures = procedures.select_related("agency").order_by("sector", "name", "code")
    items = [
        {"title": procedure.name, "url": catalogue.procedure_url(procedure), "meta": procedure.sector, "date": None}
        for procedure in procedures[:PER_SECTION]
    ]
    return procedures, items, _more_url(catalogue, raw)


def _questions(raw):
    # Only published, answered questions: a private question is found by no search.
    questions = search_filter(Question.objects.published(), "search_text", raw)
    index = QuestionIndexPage.objects.live().public().first()
    if index is None:  # no Q&A page published: its questions have no address to show
        return questions.none(), [], ""
    items = [
        {"title": question.subject, "url": index.question_url(question.pk), "meta": "",
         "date": question.answered_at}
        for question in questions.only("pk", "subject", "answered_at", "published", "answer")[:PER_SECTION]
    ]
    return questions, items, _more_url(index, raw)


def _general_pages(raw):
    wanted = query_words(raw)
    kinds = (GeneralPage, OrganisationChartPage, EnglishIntroductionPage, ContactPage)
    condition = Q()
    for kind in kinds:
        condition |= Q(content_type__model=kind._meta.model_name, content_type__app_label=kind._meta.app_label)
    pages = Page.objects.live().public().filter(condition).order_by("path")[:MAX_GENERAL_PAGES].specific()
    found = []
    for page in pages:
        parts = [page.title, page.search_description, getattr(page, "intro", "")]
        if getattr(page, "body", None) is not None and hasattr(page.body, "raw_data"):
            parts.append(body_text(page))
        text = fold(" ".join(str(part) for part in parts if part))
        if all(word in text for word in wanted):
            found.append({"title": page.title, "url": page.url, "meta": "", "date": None})
    return found, found[:PER_SECTION], ""


SECTIONS = (
    ("documents", _("Legal documents"), _("Legal document"), _documents),
    ("procedures", _("Administrative procedures"), _("Administrative procedure"), _procedures),
    ("questions", _("Questions and answers"), _("Question and answer"), _questions),
    ("pages", _("Introduction pages"), _("Page"), _general_pages),
)


def other_sections(raw):
    """The non-article results, one section per type with at least one match."""
    if not query_words(raw):
        return []
    sections = []
    for kind, heading, label, finder in SECTIONS:
        matches, items, more_url = finder(raw)
        count = len(matches) if isinstance(matches, list) else matches.count()
        if count:
            sections.append({
                "kind": kind, "heading": heading, "label": label, "count": count, "items": items,
                "more_url": more_url if count > len(items) else "",
            })
    return sections
