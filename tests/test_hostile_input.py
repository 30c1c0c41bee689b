"""No 5xx from input: every public URL pattern and page type, with hostile values in every parameter it reads.

A site with one of each page type is built once for the module. Every query parameter a view reads (and one it
reads not), every value-taking path segment and every public form field gets Unicode digits, huge and negative
numbers, NUL, broken percent-escapes and a 10 KB value; repeated and empty keys too. Bad input may be ignored
(200), refused (400, 401, 403, 405, 409, 429) or not found (404, a redirect): never a 5xx, on SQLite and on
PostgreSQL (which refuses NUL in text). `test_every_pattern_and_page_type_is_walked` fails when a URL pattern,
page type or page route is added without being walked here.

To stay fast, the parameters a view reads independently of each other share requests: request j gives parameter i
the value HOSTILE[(i + j) % n], so n requests give every parameter every value. The documents library's type, year
and status filters can each empty the list, and an empty list compiles no later filter: there every parameter gets
its own requests. A form's fields are sent one at a time, the others valid, so a hostile value reaches the save.
"""

import itertools
import time
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, get_page_models

from tests import factories
from tests.news import search_helpers

# As they travel in a query string (raw UTF-8 or percent-encoded, as an attacker may send them).
HOSTILE = [
    "²",  # a digit to str.isdigit(), not to int()
    "٣",  # an Arabic-Indic three: int() reads it
    "99999999999999999999",  # past every database integer
    "-1",
    "%00",  # NUL alone (nothing left once control characters go)
    "a%00b",  # NUL inside
    "%zz",  # not a percent-escape
    "%C0%AF",  # an overlong, invalid UTF-8 sequence
    "9" * 10_240,  # 10 KB, and more digits than int() converts
]
# In a path segment: the same, a dot (procedure codes have them), months in Arabic-Indic digits (a regex's \d takes
# them) and past what a date holds.
SEGMENTS = [*HOSTILE, "1.001", "٢٠٢٤-٠٣", "99999-12"]
# Known 5xx outside the portal's code, and why they are left.
KNOWN = {}  # (parameter, value) pairs a 500 is still known for: none
# In a form field: what may pass a form's validation and then reach the database.
FORM_VALUES = ["²", "99999999999999999999", "a%00b", "%C0%AF", "9" * 10_240]

# The walk: (name, path, query parameters the view reads). "page" is read by every HTML page (the canonical link)
# and the lists; "zz" is read by none (and keeps a page out of the readers' page cache). {placeholders} are filled
# from the built site.
PAGE = ("page", "zz")
GET_CASES = [
    ("home", "/", PAGE),
    ("category", "{category}", PAGE),
    ("category_rss", "{category}rss/", PAGE),
    ("article", "{article}", (*PAGE, "y-kien")),
    ("documents", "/van-ban/", (*PAGE, "q", "type", "issuer", "field", "year", "status")),
    ("document", "{document}", PAGE),
    ("procedures", "/thu-tuc-hanh-chinh/", (*PAGE, "q", "field", "agency", "level")),
    ("procedure", "/thu-tuc-hanh-chinh/{procedure}/", PAGE),
    ("questions", "/hoi-dap/", (*PAGE, "q", "sent")),
    ("question", "/hoi-dap/{question}/", PAGE),
    ("contact", "/lien-he/", (*PAGE, "sent")),
    ("general", "/gioi-thieu/", PAGE),
    ("chart", "/gioi-thieu/co-cau-to-chuc/", PAGE),
    ("english", "/introduction/", PAGE),
    ("search", "/tim-kiem/", (*PAGE, "q")),
    ("tag", "/chu-de/{tag}/", PAGE),
    ("rss", "/rss/", PAGE),
    ("sitemap", "/sitemap.xml", ("p", "zz")),
    ("robots", "/robots.txt", ("zz",)),
    ("healthz", "/healthz", ("zz", "strict")),
    ("report", "/ho-so/thong-ke/", ("format", "zz")),
    ("report_month", "/ho-so/thong-ke/2024-03/", ("format", "zz")),
    ("lookup", "/ho-so/tra-cuu/", ("ma", "zz")),
    ("document_file", "/documents/{file}", ("zz",)),
    ("frontend_login", "/_util/login/", ("next", "zz")),
    ("password_reset", "/admin/password_reset/", ("zz",)),
    ("settings_redirect", "/admin/settings/portal/portalsettings/1/", ("zz",)),
    ("unit_redirect", "/admin/snippets/organisation/unit/1/", ("zz",)),
    ("keep_alive", "/phien-dang-nhap/duy-tri/", ("zz",)),
    ("idle_logout", "/phien-dang-nhap/dang-xuat/", ("zz",)),
    ("comment_get", "/binh-luan/{article_id}/", ("zz",)),
    ("rate_get", "/danh-gia/{article_id}/", ("zz",)),
    ("missing", "/khong-co-trang-nay/", PAGE),  # the 404 page reads the query too
]
ONE_BY_ONE = {"documents"}
NOT_FOUND_OR_REFUSED = {"missing", "comment_get", "rate_get", "keep_alive", "idle_logout"}
# Paths whose {segment} takes a value from the visitor.
SEGMENT_CASES = [
    ("tag_slug", "/chu-de/{segment}/"),
    ("procedure_code", "/thu-tuc-hanh-chinh/{segment}/"),
    ("question_pk", "/hoi-dap/{segment}/"),
    ("report_month", "/ho-so/thong-ke/{segment}/"),
    ("comment_page_id", "/binh-luan/{segment}/"),
    ("rate_page_id", "/danh-gia/{segment}/"),
    ("document_id", "/documents/{segment}/x.pdf"),
    ("document_filename", "/documents/{file_id}/{segment}"),
    ("password_restriction", "/_util/authenticate_with_password/{segment}/{segment}/"),
    ("page_slug", "/{segment}/"),
    ("child_slug", "{category}{segment}/"),
    ("category_route", "{category}rss/{segment}/"),
    ("settings_redirect", "/admin/settings/portal/portalsettings/{segment}"),
]
# Public forms: (name, path, valid fields). Each field in turn gets each FORM_VALUES value, the others valid.
POST_CASES = [
    ("comment", "/binh-luan/{article_id}/", {"name": "An", "email": "an@example.vn", "body": "Bổ ích.",
                                             "website": "", "rendered": "{news_token}"}),
    ("rating", "/danh-gia/{article_id}/", {"score": "5"}),
    ("question", "/hoi-dap/", {"name": "An", "email": "an@example.vn", "phone": "0912345678", "subject": "Hỏi",
                               "question": "Nội dung câu hỏi.", "website": "", "rendered": "{question_token}"}),
    ("contact", "/lien-he/", {"ho_va_ten": "An", "email": "an@example.vn", "noi_dung": "Xin chào.",
                              "website": "", "rendered": "{contact_token}"}),
    ("lookup", "/ho-so/tra-cuu/", {"ma": "HS-1"}),
    ("password_reset", "/admin/password_reset/", {"email": "an@example.vn"}),
    ("keep_alive", "/phien-dang-nhap/duy-tri/", {"next": "/"}),
    ("idle_logout", "/phien-dang-nhap/dang-xuat/", {"next": "/"}),
]

ACCEPTED = {"comment", "rating", "question", "contact", "password_reset"}

# Patterns of portal.urls not walked, and why.
NOT_PUBLIC = {
    "admin/": "the editors' admin: behind a login",
    "admin/2fa/": "the second step of an editor's login: after the password",
    "admin/2fa/setup/": "an editor's own two-step setup: behind a login",
    "documents/authenticate_with_password/<int:restriction_id>/": "a private document's password form",
    "_bench/bare": "mounted only for the benchmark",
}
# The route each walked case stands for (every Wagtail page goes through wagtail_serve).
WALKED_ROUTES = {
    "healthz", "sitemap.xml", "robots.txt", "tim-kiem/", "rss/", "chu-de/<str:slug>/",
    "binh-luan/<int:page_id>/", "danh-gia/<int:page_id>/", "phien-dang-nhap/duy-tri/", "phien-dang-nhap/dang-xuat/",
    "ho-so/thong-ke/", "ho-so/^thong-ke/(?P<month>\\d{4}-\\d{2})/$", "ho-so/tra-cuu/",
    "^admin/settings/portal/portalsettings/(?P<rest>.*)$", "^admin/snippets/organisation/unit/(?P<rest>.*)$",
    "admin/password_reset/", "documents/^(\\d+)/(.*)$", "^documents/\\d{19,}/",
    "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/", "_util/login/",
    "^((?:[\\w\\-]+/)*)$", "^(?!static/|media/|documents/)((?:[\\w\\-]+/)(?:[\\w\\-.]+/)+)$",
}
WALKED_PAGE_TYPES = {
    "portal.HomePage": "home", "news.ArticleIndexPage": "category", "news.ArticlePage": "article",
    "publications.DocumentIndexPage": "documents", "publications.LegalDocumentPage": "document",
    "dossiers.ProcedureIndexPage": "procedures", "organisation.GeneralPage": "general",
    "organisation.OrganisationChartPage": "chart", "organisation.EnglishIntroductionPage": "english",
    "questions.QuestionIndexPage": "questions", "questions.ContactPage": "contact",
}
WALKED_SUBPAGE_ROUTES = {
    "news.ArticleIndexPage": {"": "category", "rss/": "category_rss"},
    "dossiers.ProcedureIndexPage": {"": "procedures", "<str:code>/": "procedure"},
    "questions.QuestionIndexPage": {"": "questions", "<int:pk>/": "question"},
}


def _build():
    """One of each page type (a category with a subcategory, an article with a tag, a document, the catalogue with a
    procedure, a dossier, a published question, the organisation pages, the contact page with its form) and a file."""
    from django.core.files.base import ContentFile
    from taggit.models import Tag
    from wagtail.documents.models import Document

    from core.models import Unit
    from organisation.models import EnglishIntroductionPage, GeneralPage, Leader, OrganisationChartPage
    from questions.models import ContactFormField, ContactPage

    home = factories.home_page()
    category = factories.category(home, "Tin tức - Sự kiện", slug="tin-tuc")
    factories.category(category, "Tin huyện", slug="tin-huyen")
    article = search_helpers.article(category, "Mùa trồng rừng mới", tags=["Nông thôn mới"])
    library = factories.document_library(home)
    document = factories.legal_document(library, number="13-KH/HU", summary="Kế hoạch trồng rừng", field="Lâm nghiệp")
    factories.procedure_catalogue(home)
    procedure = factories.procedure(code="HT01", name="Đăng ký khai sinh", sector="Hộ tịch")
    factories.dossier(procedure, code="HS-1")
    factories.question_index(home)
    question = factories.question(subject="Hỗ trợ trồng rừng", answer="<p>Có.</p>", published=True)
    about = GeneralPage(title="Giới thiệu", slug="gioi-thieu", intro="Tổng quan.")
    home.add_child(instance=about)
    factories.publish(about)
    unit = Unit.objects.create(name="Văn phòng HĐND và UBND")
    Leader.objects.create(full_name="Lò Văn Pấng", position="Chủ tịch", unit=unit)
    chart = OrganisationChartPage(title="Cơ cấu tổ chức", slug="co-cau-to-chuc")
    about.add_child(instance=chart)
    factories.publish(chart)
    english = EnglishIntroductionPage(title="Introduction", slug="introduction", unit_name_en="Muong Te District",
                                      body="<p>Functions.</p>")
    home.add_child(instance=english)
    factories.publish(english)
    contact = ContactPage(title="Liên hệ", slug="lien-he", to_address="vp@example.vn", from_address="p@example.vn",
                          subject="Liên hệ", thank_you_text="<p>Cảm ơn.</p>")
    home.add_child(instance=contact)
    for order, (label, kind) in enumerate([("Họ và tên", "singleline"), ("Email", "email"),
                                           ("Nội dung", "multiline")]):
        ContactFormField.objects.create(page=contact, sort_order=order, label=label, field_type=kind, required=True)
    factories.publish(contact)
    file = Document.objects.create(title="Kế hoạch", file=ContentFile(b"%PDF-1.4\n", name="ke-hoach.pdf"))
    return {
        "category": category.url, "article": article.url, "article_id": article.pk, "document": document.url,
        "procedure": procedure.code, "question": question.pk, "tag": Tag.objects.get(name="Nông thôn mới").slug,
        "file": f"{file.pk}/{file.filename}", "file_id": file.pk,
    }


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once, inside a transaction rolled back after the module; each test runs in a savepoint of it."""
    from django.test import override_settings

    media = tmp_path_factory.mktemp("hostile-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)), transaction.atomic():
        cache.clear()
        yield {**_build(), "media": str(media)}
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture
def walker(site, settings, db):
    settings.MEDIA_ROOT = site["media"]
    settings.PORTAL_QUESTIONS_MIN_FILL_SECONDS = 0
    settings.PORTAL_COMMENT_MIN_FILL_SECONDS = 0
    # Counting visits is never a 5xx (the middleware logs its own failures and serves the page): left out, for speed.
    settings.PORTAL_STATS_ENABLED = False
    # Every request comes from an address of its own; the site-wide limits must not answer for the views either.
    settings.PORTAL_COMMENT_RATE_LIMITS = {"comment_site": (10**6, 600)}
    settings.PORTAL_QUESTIONS_RATE_LIMITS = {"question_site": (10**6, 3600), "contact_site": (10**6, 3600)}
    return Walker(site)


_addresses = (f"198.51.{n // 250 % 250}.{n % 250 + 1}" for n in itertools.count())


def _wire(text):
    """A str as a WSGI server passes it on: the request's UTF-8 bytes read as Latin-1."""
    return text.encode("utf-8").decode("latin-1")


class Walker:
    """Sends the requests, each from an address of its own, and keeps every 5xx."""

    def __init__(self, site):
        self.site = site
        self.client = Client(raise_request_exception=False)
        self.failures = []
        self.sent = 0

    def fill(self, template, **extra):
        return template.format(**{**self.site, **extra})

    def send(self, method, path, query="", body=None):
        meta = {"REMOTE_ADDR": next(_addresses), "HTTP_USER_AGENT": "Mozilla/5.0 (hostile input test)"}
        if query:
            meta["QUERY_STRING"] = _wire(query)
        if method == "get":
            response = self.client.get(path, **meta)
        else:
            response = self.client.post(path, body or "", content_type="application/x-www-form-urlencoded", **meta)
        self.sent += 1
        if response.status_code >= 500:
            shown = f"{path}?{query}" if query else path
            if body:
                shown += f" [{body[:80]}]"
            self.failures.append(f"{method.upper()} {shown[:200]} -> {response.status_code}")
        return response

    def check(self):
        assert not self.failures, f"{len(self.failures)} of {self.sent} requests answered 5xx:\n" + "\n".join(
            self.failures[:60])


def queries(params, one_by_one=False):
    if one_by_one:
        for name in params:
            for value in HOSTILE:
                yield f"{name}={value}"
    else:
        for shift in range(len(HOSTILE)):
            yield "&".join(f"{name}={HOSTILE[(i + shift) % len(HOSTILE)]}" for i, name in enumerate(params))
    yield "&".join(f"{name}=1&{name}=%C2%B2&{name}=-1&{name}=%00" for name in params)  # repeated keys
    yield "&".join(params) + "&%00=1&%zz=%zz&=&&"  # keys without values, broken keys


@pytest.mark.django_db
@pytest.mark.parametrize("name,path,params", GET_CASES, ids=[case[0] for case in GET_CASES])
def test_query_parameters(walker, name, path, params):
    path = walker.fill(path)
    if name not in NOT_FOUND_OR_REFUSED:  # the address itself answers
        assert walker.send("get", path).status_code < 400
    for query in queries(params, one_by_one=name in ONE_BY_ONE):
        walker.send("get", path, query)
    walker.check()


@pytest.mark.django_db
@pytest.mark.parametrize("name,path", SEGMENT_CASES, ids=[case[0] for case in SEGMENT_CASES])
def test_path_segments(walker, name, path):
    for value in SEGMENTS:
        if (name, value) not in KNOWN:
            walker.send("get", walker.fill(path, segment=value))
    walker.check()


@pytest.mark.django_db
@pytest.mark.parametrize("name,path,fields", POST_CASES, ids=[case[0] for case in POST_CASES])
def test_form_fields(walker, name, path, fields):
    from news.guard import fill_token as news_token
    from questions.guard import fill_token as questions_token

    shown = time.time() - 10
    tokens = {"news_token": news_token(walker.site["article_id"], shown),
              "question_token": questions_token("question", shown), "contact_token": questions_token("contact", shown)}
    valid = {key: value.format(**tokens) for key, value in fields.items()}
    path = walker.fill(path)
    if name in ACCEPTED:  # the valid form goes through: each hostile value below can reach the save
        assert walker.send("post", path, body=urlencode(valid)).status_code in (200, 302)
    for field in fields:
        rest = urlencode({key: value for key, value in valid.items() if key != field})
        for value in FORM_VALUES:
            walker.send("post", path, body=f"{rest}&{field}={value}")
        walker.send("post", path, body=f"{rest}&{field}={valid[field]}&{field}=a%00b")  # repeated: the last counts
    walker.check()


def test_every_pattern_and_page_type_is_walked():
    """A new URL pattern, page type or page route must be walked above (or listed in NOT_PUBLIC)."""
    def routes(patterns, prefix=""):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver) and str(entry.pattern) != "admin/":
                yield from routes(entry.url_patterns, route)
            elif isinstance(entry, URLPattern | URLResolver):
                yield route

    assert set(routes(get_resolver("portal.urls").url_patterns)) - set(NOT_PUBLIC) == WALKED_ROUTES
    walked = {case[0] for case in GET_CASES}
    page_types = {f"{model._meta.app_label}.{model.__name__}" for model in get_page_models() if model is not Page}
    assert page_types == set(WALKED_PAGE_TYPES)
    assert set(WALKED_PAGE_TYPES.values()) <= walked
    for model in get_page_models():
        if issubclass(model, RoutablePageMixin):
            label = f"{model._meta.app_label}.{model.__name__}"
            assert {str(pattern.pattern) for pattern in model.get_subpage_urls()} == set(WALKED_SUBPAGE_ROUTES[label])
            assert set(WALKED_SUBPAGE_ROUTES[label].values()) <= walked
