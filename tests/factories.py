"""Builders for the test data every suite needs, in one place."""

import datetime
import io
import itertools

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images.models import Image

from news.models import ArticleIndexPage, ArticlePage
from portal.models import Banner, HomePage

_counter = itertools.count(1)


def home_page():
    return ensure_home_page()


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def category(parent, title, slug=None, show_in_menus=True):
    from django.utils.text import slugify
    from wagtail.coreutils import string_to_ascii

    page = ArticleIndexPage(title=title, slug=slug or slugify(string_to_ascii(title)), show_in_menus=show_in_menus)
    parent.add_child(instance=page)
    return publish(page)


def local_dt(year, month, day, hour=0, minute=0, second=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute, second))


def article(parent, title=None, date=None, live=True, **fields):
    n = next(_counter)
    title = title or f"Bài viết thử số {n}"
    fields.setdefault("summary", f"Tóm tắt của bài viết số {n}.")
    fields.setdefault("body", [("paragraph", f"<p>Nội dung bài viết số {n}.</p>")])
    fields.setdefault("slug", f"bai-viet-thu-{n}")
    page = ArticlePage(title=title, date=date, live=live, **fields)
    parent.add_child(instance=page)
    if live:
        return publish(page)
    page.save_revision()
    return page


def image(title="Ảnh thử", width=640, height=400, color=(30, 90, 160)):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(buffer, format="PNG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"test-{next(_counter)}.png"))


def banner(title="Bản đồ hành chính", **fields):
    fields.setdefault("image", image(title))
    fields.setdefault("alt_text", f"{title} của huyện")
    return Banner.objects.create(title=title, **fields)


# dossiers ------------------------------------------------------------------------------------------
def dossier_agency(name="UBND huyện Mường Tè"):
    from dossiers.models import Agency

    return Agency.objects.get_or_create(name=name)[0]


def procedure(code=None, processing_days=3, online_level="2", agency=None, **fields):
    from dossiers.models import Procedure

    fields.setdefault("name", "Đăng ký khai sinh")
    return Procedure.objects.create(
        code=code or f"TT-{next(_counter)}", processing_days=processing_days, online_level=online_level,
        agency=agency or dossier_agency(), **fields,
    )


def dossier(procedure_obj=None, received=(2024, 3, 4, 9), code=None, **fields):
    """A dossier received at local time `received` (year, month, day, hour); dates as datetime.date."""
    from dossiers.models import Dossier

    procedure_obj = procedure_obj or procedure()
    for name in ("resolved_at", "supplement_completed_at"):
        if isinstance(fields.get(name), tuple):
            fields[name] = local_dt(*fields[name])
    if fields.get("resolved_at") and "status" not in fields:
        fields["status"] = "resolved"
    fields.setdefault("agency", procedure_obj.agency)
    return Dossier.objects.create(
        code=code or f"HS-{next(_counter)}", procedure=procedure_obj, received_at=local_dt(*received),
        **fields,
    )


def ensure_home_page():
    """The home page and Site that the migration creates, recreated after a transactional test's flush."""
    from wagtail.models import Collection, Locale, Page, Site

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    home = HomePage.objects.first()
    if home is not None:
        return home
    Locale.objects.get_or_create(language_code="vi")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = HomePage(title="Trang chủ", slug="home")
    root.add_child(instance=home)
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                        site_name="Trang thông tin điện tử")
    return home


# publications, organisation, questions (issue 9) ------------------------------------------------
def document_library(parent=None, title="Văn bản", slug="van-ban"):
    from publications.models import DocumentIndexPage

    parent = parent or home_page()
    page = DocumentIndexPage(title=title, slug=slug, show_in_menus=True)
    parent.add_child(instance=page)
    return publish(page)


def document_type(name="Kế hoạch"):
    from publications.models import DocumentType

    return DocumentType.for_name(name)


def legal_document(index, number=None, kind="Kế hoạch", issued_on=(2024, 3, 1), live=True, **fields):
    from publications.models import LegalDocumentPage

    n = next(_counter)
    number = number or f"{n}-KH/UBND"
    fields.setdefault("issuer", "UBND huyện Mường Tè")
    fields.setdefault("summary", f"Văn bản thử số {n}")
    page = LegalDocumentPage(
        title=f"{kind} {number}", slug=f"van-ban-{n}", number=number, document_type=document_type(kind),
        issued_on=datetime.date(*issued_on), live=live, **fields,
    )
    index.add_child(instance=page)
    if live:
        return publish(page)
    page.save_revision()
    return page


def question_index(parent=None):
    from questions.models import QuestionIndexPage

    parent = parent or home_page()
    existing = QuestionIndexPage.objects.child_of(parent).first()
    if existing is not None:
        return existing
    page = QuestionIndexPage(title="Hỏi đáp", slug="hoi-dap", show_in_menus=True)
    parent.add_child(instance=page)
    return publish(page)


def question(answer="", published=False, **fields):
    from questions.models import Question

    n = next(_counter)
    fields.setdefault("name", "Lò Văn Pấng")
    fields.setdefault("email", f"nguoihoi{n}@example.vn")
    fields.setdefault("subject", f"Câu hỏi thử số {n}")
    fields.setdefault("question", f"Nội dung câu hỏi thử số {n}.")
    return Question.objects.create(answer=answer, published=published, **fields)


def procedure_catalogue(parent=None):
    from dossiers.models import ProcedureIndexPage

    parent = parent or home_page()
    page = ProcedureIndexPage(title="Thủ tục hành chính", slug="thu-tuc-hanh-chinh", show_in_menus=True)
    parent.add_child(instance=page)
    return publish(page)
