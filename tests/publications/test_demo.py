"""The demo loaders of issue 9 are idempotent and make pages that render."""

import io

import pytest

from dossiers import catalogue_demo
from organisation import demo as organisation_demo
from organisation.models import Leader, Unit
from publications import demo as publications_demo
from publications.models import LegalDocumentPage
from publications.pdf import simple_pdf
from questions import demo as questions_demo
from questions.models import Question

pytestmark = pytest.mark.django_db


def test_simple_pdf_is_well_formed():
    pdf = simple_pdf(["Kế hoạch (thử)", "Đảng ủy"])
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    xref = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert pdf[xref:xref + 4] == b"xref"
    assert b"Ke hoach \\(thu\\)" in pdf and b"Dang uy" in pdf


def test_demo_loaders_are_idempotent(client, home):
    for _ in range(2):
        out = io.StringIO()
        for loader in (publications_demo, organisation_demo, questions_demo, catalogue_demo):
            loader.load_demo(out, home)
    assert LegalDocumentPage.objects.count() == len(publications_demo.DOCUMENTS)
    assert Unit.objects.count() == len(organisation_demo.UNITS)
    assert Leader.objects.count() == len(organisation_demo.LEADERS)
    assert Question.objects.count() == len(questions_demo.QUESTIONS)
    assert all(page.attachments.count() == 1 for page in LegalDocumentPage.objects.all())
    for url in ("/van-ban/", "/thu-tuc-hanh-chinh/", "/hoi-dap/", "/lien-he/", "/gioi-thieu/",
                "/gioi-thieu/co-cau-to-chuc/", "/gioi-thieu/lich-su/", "/introduction/",
                LegalDocumentPage.objects.first().url):
        assert client.get(url).status_code == 200, url
