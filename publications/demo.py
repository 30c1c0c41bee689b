"""Demo documents for `load_demo`: the library at /van-ban/ and a few documents with generated PDFs.

Idempotent: documents are found again by number + issuing body; files attached once.
"""

import datetime
import hashlib

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from .importer import library, save_row
from .models import DocumentType, LegalDocumentAttachment, LegalDocumentPage
from .pdf import simple_pdf

TYPES = ("Nghị quyết", "Quyết định", "Chỉ thị", "Kế hoạch", "Công văn", "Thông báo", "Báo cáo", "Hướng dẫn")
HU = "Huyện ủy Mường Tè"
UB = "UBND huyện Mường Tè"
HD = "HĐND huyện Mường Tè"

# (number, type, issuer, issued, effective, signer, field, summary, status)
DOCUMENTS = (
    ("13-KH/HU", "Kế hoạch", HU, (2024, 3, 5), (2024, 3, 5), "Lò Văn Minh", "Xây dựng Đảng",
     "Kế hoạch học tập, quán triệt và triển khai thực hiện nghị quyết của Ban Chấp hành Đảng bộ tỉnh "
     "về phát triển kinh tế vùng cao", "in_force"),
    ("27/NQ-HĐND", "Nghị quyết", HD, (2023, 12, 15), (2024, 1, 1), "Pờ Thị Xá", "Tài chính - Ngân sách",
     "Nghị quyết về dự toán thu, chi ngân sách địa phương và phương án phân bổ ngân sách huyện năm 2024",
     "in_force"),
    ("412/QĐ-UBND", "Quyết định", UB, (2024, 2, 20), (2024, 2, 20), "Nguyễn Đức Thảo", "Đất đai",
     "Quyết định phê duyệt kế hoạch sử dụng đất năm 2024 của huyện", "in_force"),
    ("198/QĐ-UBND", "Quyết định", UB, (2023, 2, 10), (2023, 2, 10), "Nguyễn Đức Thảo", "Đất đai",
     "Quyết định phê duyệt kế hoạch sử dụng đất năm 2023 của huyện", "expired"),
    ("05/CT-UBND", "Chỉ thị", UB, (2024, 4, 2), None, "Lò Văn Minh", "Phòng, chống thiên tai",
     "Chỉ thị về tăng cường công tác phòng, chống lũ quét, sạt lở đất mùa mưa năm 2024", "in_force"),
    ("356/UBND-VP", "Công văn", UB, (2024, 5, 8), None, "Chu Văn Sơn", "Cải cách hành chính",
     "Về việc đẩy mạnh tiếp nhận hồ sơ trực tuyến toàn trình tại bộ phận một cửa các xã", "in_force"),
    ("41/TB-UBND", "Thông báo", UB, (2024, 6, 3), None, "Chu Văn Sơn", "Tiếp công dân",
     "Thông báo lịch tiếp công dân định kỳ của Chủ tịch UBND huyện quý III năm 2024", "in_force"),
    ("88/BC-UBND", "Báo cáo", UB, (2024, 7, 10), None, "Nguyễn Đức Thảo", "Kinh tế - Xã hội",
     "Báo cáo tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội 6 tháng đầu năm 2024", "in_force"),
    ("02/HD-UBND", "Hướng dẫn", UB, (2024, 1, 18), (2024, 1, 18), "Chu Văn Sơn", "Giáo dục",
     "Hướng dẫn hỗ trợ gạo cho học sinh bán trú ở các xã đặc biệt khó khăn", "in_force"),
)
REPLACED = {"198/QĐ-UBND": "412/QĐ-UBND"}


def _attach_pdf(page, number, summary):
    content = simple_pdf([number, "", summary[:90], summary[90:180], "", "Ban trinh dien - khong co gia tri phap ly."])
    digest = hashlib.sha1(content, usedforsecurity=False).hexdigest()
    if any(a.document.file_hash == digest for a in page.attachments.select_related("document")):
        return
    Document = get_document_model()
    name = "".join(c if c.isalnum() else "-" for c in number.lower()) + ".pdf"
    document = Document(title=f"{page.type_label} {number}", file=ContentFile(content, name=name))
    document.file_hash, document.file_size = digest, len(content)
    document.save()
    LegalDocumentAttachment.objects.create(page=page, document=document)


def load_demo(stdout, home=None):
    for order, name in enumerate(TYPES):
        DocumentType.objects.get_or_create(name=name, defaults={"sort_order": order * 10})
    index = library(home=home)
    if not index.intro:
        index.intro = "<p>Văn bản chỉ đạo, điều hành của Huyện ủy, HĐND và UBND huyện (bản trình diễn).</p>"
        index.save_revision().publish()
    kinds, created = {}, 0
    for number, kind, issuer, issued, effective, signer, field, summary, status in DOCUMENTS:
        values = {
            "number": number, "type": kind, "issuer": issuer, "issued_on": datetime.date(*issued),
            "effective_on": datetime.date(*effective) if effective else None, "signer": signer,
            "field": field, "summary": summary, "status": status, "file": None,
        }
        created += save_row(index, values, kinds) == "created"
        _attach_pdf(LegalDocumentPage.objects.get(number=number, issuer=issuer), number, summary)
    for old, new in REPLACED.items():
        page = LegalDocumentPage.objects.get(number=old)
        replacement = LegalDocumentPage.objects.get(number=new)
        if page.replaced_by_id != replacement.pk:
            page.replaced_by = replacement
            page.save_revision().publish()
    stdout.write(f"Documents: {created} created, {len(DOCUMENTS) - created} already there.")
