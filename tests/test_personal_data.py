"""Personal data only for those given it.

Citizens' names, emails and phones sit in four places: the contact form's submissions, the questions, the readers'
comments and the dossiers. Every URL of the admin (Wagtail's own, the snippets', the forms', the project's admin
views) is walked, its arguments filled with one object of each kind, and opened by a plain editor and a moderator
(users of Wagtail's default "Editors" and "Moderators" groups): none of the personal strings may appear in any
answer, and every view or action on personal data (list, detail, edit, export, chooser, the dossier report,
calendar and recompute) answers 403 or a redirect. A user of a group given the permissions does see them.
The exports write a formula as text (a leading apostrophe).
"""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import NoReverseMatch, URLResolver, reverse
from openpyxl import load_workbook
from wagtail.admin import urls as admin_urls
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.viewsets import viewsets
from wagtail.contrib.forms.models import FormSubmission

from core.exports import NeutralisingExportMixin, neutralise
from dossiers.models import Dossier, MonthlySummary
from news.models import Comment
from questions.models import ContactFormField, ContactPage, Question
from stats import clock
from stats.models import PageMonthViews
from tests import factories

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://xau.example/","Bam vao day")'
ASKER_NAME = "Giàng Thị Hoa"
ASKER_EMAIL = "nguoihoi.rieng@example.vn"
ASKER_PHONE = "0987 654 321"
APPLICANT_PHONE = "0912 000 777"
COMMENTER_EMAIL = "nguoibinhluan.rieng@example.vn"
SUBMITTER_EMAIL = "nguoilienhe.rieng@example.vn"
PERSONAL = (ASKER_EMAIL, ASKER_PHONE, APPLICANT_PHONE, COMMENTER_EMAIL, SUBMITTER_EMAIL)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The views on personal data: every URL of these namespaces, and these names.
PERSONAL_NAMESPACES = {
    "wagtailsnippets_questions_question", "wagtailsnippetchoosers_questions_question", "dossier_records",
    "dossier_report", "dossier_calendar", "news_comments",
}
PERSONAL_NAMES = {
    "wagtailforms:list_submissions", "wagtailforms:list_submissions_results", "wagtailforms:delete_submissions",
    "stats_report", "stats_report_csv",
}
LISTING_SUFFIXES = (":list", ":list_results", ":index", ":index_results", ":choose", ":choose_results",
                    ":list_submissions", ":list_submissions_results", ":queue")
# Not opened: signing out would end the walk's session; the editing-session ping and release need a session.
NOT_OPENED = {"wagtailadmin_logout", "wagtailadmin_editing_sessions:ping", "wagtailadmin_editing_sessions:release"}
# The permissions of the office that answers the citizens (the test's "given the permission" group).
OFFICE_PERMISSIONS = [
    "questions.add_question", "questions.change_question", "questions.delete_question",
    "questions.view_contact_submissions", "news.change_comment",
    "dossiers.add_dossier", "dossiers.change_dossier", "dossiers.delete_dossier", "dossiers.view_dossier",
    "stats.view_dailystats",
]


@pytest.fixture(autouse=True)
def _no_second_step(settings):
    settings.PORTAL_REQUIRE_2FA = False


@pytest.fixture
def objects(home):
    contact = ContactPage(title="Liên hệ", slug="lien-he", to_address="vanphong@example.vn",
                          from_address="portal@example.vn", subject="Liên hệ từ cổng")
    home.add_child(instance=contact)
    for label, kind in (("Họ và tên", "singleline"), ("Email", "email"), ("Nội dung", "multiline")):
        ContactFormField.objects.create(page=contact, label=label, field_type=kind, required=True)
    contact = factories.publish(contact)
    submission = FormSubmission.objects.create(
        page=contact, form_data={"ho_va_ten": "Lý Thị Mai", "email": SUBMITTER_EMAIL, "noi_dung": FORMULA},
    )
    question = factories.question(name=ASKER_NAME, email=ASKER_EMAIL, phone=ASKER_PHONE)
    article = factories.article(factories.category(home, "Tin tức"))
    comment = Comment.objects.create(page=article, name="Người bình luận", email=COMMENTER_EMAIL, body="Ý kiến.")
    dossier = factories.dossier(applicant_name="Sùng A Dính", applicant_phone=APPLICANT_PHONE)
    return {"contact": contact, "submission": submission, "question": question, "comment": comment,
            "dossier": dossier}


def _user(username, groups=(), permissions=()):
    user = get_user_model().objects.create_user(username, f"{username}@example.vn", "mat-khau-dai-12345")
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    if permissions:
        office, _created = Group.objects.get_or_create(name=f"Quyền của {username}")
        for dotted in permissions:
            app_label, codename = dotted.split(".")
            office.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        user.groups.add(office)
    return user


def _client(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.fixture
def editor():
    return _user("bientap", ["Editors"])


@pytest.fixture
def moderator():
    return _user("kiemduyet", ["Moderators"])


@pytest.fixture
def office():
    return _user("vanphong", ["Editors"], OFFICE_PERMISSIONS)


def text_of(response):
    """What a reader of the answer gets: the body, or the cells of a spreadsheet."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith(XLSX):
        workbook = load_workbook(io.BytesIO(content))
        return "\n".join(str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row)
    return content.decode("utf-8", errors="replace")


def xlsx_cells(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    workbook = load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]


def csv_cells(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]


def admin_patterns():
    """(URL name, argument names) of every URL pattern under /admin/: Wagtail's admin and all that the apps
    register in it (snippets, forms, viewsets, the admin views of register_admin_urls)."""

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry.url_patterns, inner)
            else:
                yield namespace + (entry.name or ""), tuple(sorted(entry.pattern.regex.groupindex))

    return list(walk(admin_urls.urlpatterns, ""))


def _is_personal(name):
    return name.rpartition(":")[0] in PERSONAL_NAMESPACES or name in PERSONAL_NAMES


def admin_requests(objects):
    """[(URL name, url)] to open, and the patterns left out (arguments this test cannot fill)."""
    contact, question, dossier = objects["contact"], objects["question"], objects["dossier"]
    values = {
        "page_id": contact.pk, "parent_page_id": contact.pk, "page_to_move_id": contact.pk, "page_pk": contact.pk,
        "revision_id": contact.latest_revision_id,
        "app_label": "questions", "app_name": "questions", "content_type_app_name": "questions",
        "model_name": "question", "content_type_model_name": "question", "action": "delete",
    }
    pk_by_namespace = {
        "wagtailsnippets_questions_question": question.pk, "wagtailsnippetchoosers_questions_question": question.pk,
        "dossier_records": dossier.pk,
    }
    queries = {
        "wagtail_bulk_action": f"?id={question.pk}",
        "wagtailforms:delete_submissions": f"?selected-submissions={objects['submission'].pk}",
    }
    requests, left_out, seen = [], [], set()
    for name, arguments in admin_patterns():
        namespace = name.rpartition(":")[0]
        known = {**values, **({"pk": pk_by_namespace[namespace]} if namespace in pk_by_namespace else {})}
        if not name or name.endswith(":") or name in NOT_OPENED or any(a not in known for a in arguments):
            left_out.append(name or "(unnamed)")
            continue
        try:
            url = reverse(name, kwargs={a: known[a] for a in arguments})
        except NoReverseMatch:
            left_out.append(name)
            continue
        url += queries.get(name, "")
        if url in seen:
            continue
        seen.add(url)
        requests.append((name, url))
        if name.endswith(LISTING_SUFFIXES) or name == "stats_report_csv":
            separator = "&" if "?" in url else "?"
            requests += [(name, f"{url}{separator}export=csv"), (name, f"{url}{separator}export=xlsx")]
    return requests, left_out


def _personal_posts(objects):
    """(URL name, url, data) of the actions that change personal data or its summaries."""
    question, dossier, comment = objects["question"], objects["dossier"], objects["comment"]
    return [
        ("dossier_report:index", reverse("dossier_report:index") + "?month=2024-03", {}),
        ("news_comments:queue", reverse("news_comments:queue"), {"action": "approve", "ids": [comment.pk]}),
        ("wagtailforms:delete_submissions",
         reverse("wagtailforms:delete_submissions", args=[objects["contact"].pk])
         + f"?selected-submissions={objects['submission'].pk}", {}),
        ("wagtailsnippets_questions_question:edit",
         reverse("wagtailsnippets_questions_question:edit", args=[question.pk]), {"answer": "", "unit": ""}),
        ("wagtailsnippets_questions_question:delete",
         reverse("wagtailsnippets_questions_question:delete", args=[question.pk]), {}),
        ("dossier_records:edit", reverse("dossier_records:edit", args=[dossier.pk]), {"code": "DOI-MA"}),
        ("dossier_records:delete", reverse("dossier_records:delete", args=[dossier.pk]), {}),
    ]


@pytest.mark.parametrize("who", ["editor", "moderator"])
def test_editors_and_moderators_never_see_personal_data(request, objects, who):
    user = request.getfixturevalue(who)
    client = _client(user)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200  # they do use the admin
    requests, left_out = admin_requests(objects)
    assert len(requests) > 250, len(requests)
    # Every view on personal data is opened; what is left out needs an image, a user, a workflow...
    assert not [name for name in left_out if _is_personal(name)]
    leaks, opened_personal = [], 0
    for name, url in requests:
        response = client.get(url)
        text = text_of(response)
        leaks += [(url, response.status_code, found) for found in PERSONAL if found in text]
        if _is_personal(name):
            opened_personal += 1
            assert response.status_code in (302, 403), (url, response.status_code)
    assert not leaks, leaks
    assert opened_personal >= 40, opened_personal
    # The forms listing opens (it lists the forms whose submissions one may read): the contact page is not there.
    forms = client.get(reverse("wagtailforms:index")).content.decode()
    assert reverse("wagtailforms:list_submissions", args=[objects["contact"].pk]) not in forms


@pytest.mark.parametrize("who", ["editor", "moderator"])
def test_editors_and_moderators_cannot_act_on_personal_data(request, objects, who):
    client = _client(request.getfixturevalue(who))
    for name, url, data in _personal_posts(objects):
        response = client.post(url, data)
        assert response.status_code in (302, 403), (name, response.status_code)
        assert not any(found in text_of(response) for found in PERSONAL), name
    assert not MonthlySummary.objects.exists()  # no recompute
    assert Comment.objects.get().status == "pending"
    assert FormSubmission.objects.filter(pk=objects["submission"].pk).exists()
    assert Question.objects.filter(pk=objects["question"].pk, answer="").exists()
    assert Dossier.objects.filter(pk=objects["dossier"].pk, code=objects["dossier"].code).exists()


def test_menus_hidden_without_the_permissions(objects, editor, office):
    menu_urls = [
        reverse("wagtailforms:index"), reverse("news_comments:queue"),
        reverse("wagtailsnippets_questions_question:list"), reverse("dossier_records:index"),
        reverse("dossier_report:index"), reverse("dossier_calendar:index"), reverse("stats_report"),
    ]
    home = _client(editor).get(reverse("wagtailadmin_home")).content.decode()
    assert not [url for url in menu_urls if f'"{url}"' in home]
    home = _client(office).get(reverse("wagtailadmin_home")).content.decode()
    assert [url for url in menu_urls if f'"{url}"' not in home] == []
    # The page editor's submissions panel (a link to them) only for those who may read them.
    edit = reverse("wagtailadmin_pages:edit", args=[objects["contact"].pk])
    submissions = reverse("wagtailforms:list_submissions", args=[objects["contact"].pk])
    assert submissions not in _client(editor).get(edit).content.decode()
    assert submissions in _client(office).get(edit).content.decode()


def test_the_default_groups_hold_none_of_the_permissions():
    for name in ("Editors", "Moderators"):
        held = {f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=name).permissions.all()}
        assert not held & set(OFFICE_PERMISSIONS), name
        assert "wagtailadmin.access_admin" in held


def test_those_given_the_permissions_see_the_data(objects, office):
    client = _client(office)
    question, dossier, contact = objects["question"], objects["dossier"], objects["contact"]
    expectations = [
        (reverse("wagtailsnippets_questions_question:list"), [ASKER_NAME]),
        (reverse("wagtailsnippets_questions_question:edit", args=[question.pk]), [ASKER_EMAIL, ASKER_PHONE]),
        (reverse("wagtailforms:list_submissions", args=[contact.pk]), [SUBMITTER_EMAIL]),
        (reverse("wagtailforms:list_submissions", args=[contact.pk]) + "?export=csv", [SUBMITTER_EMAIL]),
        (reverse("wagtailforms:list_submissions", args=[contact.pk]) + "?export=xlsx", [SUBMITTER_EMAIL]),
        (reverse("news_comments:queue"), [COMMENTER_EMAIL]),
        (reverse("dossier_records:edit", args=[dossier.pk]), [APPLICANT_PHONE]),
        (reverse("dossier_report:index"), []),
        (reverse("dossier_calendar:index"), []),
        (reverse("stats_report"), []),
        (reverse("wagtailsnippetchoosers_questions_question:choose"), [f"/chosen/{question.pk}/"]),
    ]
    for url, strings in expectations:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        text = text_of(response)
        assert all(found in text for found in strings), url
    assert contact.pk in [page.pk for page in client.get(reverse("wagtailforms:index")).context["form_pages"]]
    response = client.post(reverse("dossier_report:index") + "?month=2024-03")
    assert response.status_code == 302 and MonthlySummary.objects.exists()


def test_recompute_needs_the_right_to_change_dossiers(objects):
    reader = _client(_user("doc", permissions=["wagtailadmin.access_admin", "dossiers.view_dossier"]))
    assert reader.get(reverse("dossier_report:index")).status_code == 200
    assert "Compute again now" not in reader.get(reverse("dossier_report:index")).content.decode()
    assert reader.post(reverse("dossier_report:index") + "?month=2024-03").status_code in (302, 403)
    assert not MonthlySummary.objects.exists()
    assert reader.get(reverse("dossier_calendar:index")).status_code == 200


# Exports: a formula is text -------------------------------------------------------------------------------------
def test_neutralise():
    for dangerous in ("=1+2", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", FORMULA):
        assert neutralise(dangerous) == "'" + dangerous
    for harmless in ("Lý Thị Mai", "", "0912 345 678", "a=b", 5, -5, None, 1.5):
        assert neutralise(harmless) == harmless


def test_form_submissions_export_neutralises_formulas(objects, office):
    client = _client(office)
    url = reverse("wagtailforms:list_submissions", args=[objects["contact"].pk])
    cells = csv_cells(client.get(url + "?export=csv"))
    assert "'" + FORMULA in cells and FORMULA not in cells
    cells = xlsx_cells(client.get(url + "?export=xlsx"))
    formula = [cell for cell in cells if "HYPERLINK" in str(cell.value)]
    assert [(cell.value, cell.data_type) for cell in formula] == [("'" + FORMULA, "s")]


def test_dossier_report_exports_neutralise_formulas(objects):
    agency = factories.dossier_agency(FORMULA)
    factories.dossier(factories.procedure(agency=agency))
    client = Client()
    url = reverse("dossiers:report", args=["2024-03"])
    cells = csv_cells(client.get(url + "?format=csv"))
    assert "'" + FORMULA in cells and FORMULA not in cells
    formula = [cell for cell in xlsx_cells(client.get(url + "?format=xlsx")) if "HYPERLINK" in str(cell.value)]
    assert [(cell.value, cell.data_type) for cell in formula] == [("'" + FORMULA, "s")]


def test_stats_export_neutralises_formulas(home, office):
    page = factories.article(factories.category(home, "Tin tức"), title=FORMULA)
    PageMonthViews.objects.create(page_id=page.pk, month=clock.now().month, views=3)
    cells = csv_cells(_client(office).get(reverse("stats_report_csv") + "?table=pages"))
    assert "'" + FORMULA in cells and FORMULA not in cells


def test_every_admin_listing_export_neutralises(objects):
    """Every listing with an export (list_export), and those of the personal models in any case."""
    for viewset in viewsets.viewsets:
        index_view = getattr(viewset, "index_view_class", None)
        if index_view is None or not issubclass(index_view, SpreadsheetExportMixin):
            continue
        exports = getattr(viewset, "list_export", None) not in (None, [], (), viewset.UNDEFINED)
        if exports or getattr(viewset, "model", None) in (Question, Dossier):
            assert issubclass(index_view, NeutralisingExportMixin), viewset
    assert issubclass(objects["contact"].get_submissions_list_view_class(), NeutralisingExportMixin)


def test_the_export_mixin_neutralises_cells_and_headings(objects):
    class View(NeutralisingExportMixin, SpreadsheetExportMixin):
        list_export = ["subject", "name"]
        export_headings = {"name": "=Tên"}

    question = objects["question"]
    Question.objects.filter(pk=question.pk).update(subject=FORMULA)
    queryset = Question.objects.all()
    rows = list(csv.reader(io.StringIO(b"".join(View().stream_csv(queryset)).decode())))
    assert rows[0][1] == "'=Tên" and rows[1:] == [["'" + FORMULA, ASKER_NAME]]
