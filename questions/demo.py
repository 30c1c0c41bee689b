"""Demo Hỏi đáp page with a few answered questions, and the Liên hệ page, for `load_demo` (idempotent)."""

import datetime
import io

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images.models import Image

from .models import ContactFormField, ContactPage, Question, QuestionIndexPage

# (name, subject, question, answer or "", published, days ago)
QUESTIONS = (
    ("Giàng A Phìn", "Làm lại giấy khai sinh bị mất",
     "Giấy khai sinh của con tôi bị ướt hỏng khi lũ về. Tôi cần làm gì để được cấp lại?",
     "<p>Ông/bà đến UBND xã nơi đã đăng ký khai sinh để đề nghị cấp <b>bản sao trích lục</b> khai sinh; "
     "thủ tục được giải quyết ngay trong ngày. Có thể nộp trực tuyến trên Cổng dịch vụ công.</p>", True, 40),
    ("Lý Thị Mai", "Thời gian tiếp công dân của Chủ tịch huyện",
     "Chủ tịch UBND huyện tiếp công dân vào những ngày nào trong tháng?",
     "<p>Chủ tịch UBND huyện tiếp công dân định kỳ vào <b>ngày 15 hằng tháng</b> tại Trụ sở tiếp công dân "
     "huyện; nếu trùng ngày nghỉ thì chuyển sang ngày làm việc kế tiếp.</p>", True, 21),
    ("Pờ Văn Tú", "Hỗ trợ gạo cho học sinh bán trú",
     "Con tôi học lớp 7 ở trường bán trú, gia đình cần nộp giấy tờ gì để con được hỗ trợ gạo?",
     "<p>Gia đình làm đơn theo mẫu gửi nhà trường kèm xác nhận nơi cư trú; nhà trường lập danh sách "
     "trình Phòng Giáo dục và Đào tạo thẩm định.</p>", True, 9),
    ("Hoàng Thu Hà", "Đăng ký hộ kinh doanh bán hàng tạp hóa",
     "Tôi muốn mở cửa hàng tạp hóa nhỏ tại nhà thì có phải đăng ký hộ kinh doanh không?",
     "", False, 2),
)
FIELDS = (
    ("Họ và tên", "singleline", True, ""),
    ("Email", "email", True, ""),
    ("Số điện thoại", "singleline", False, ""),
    ("Nội dung", "multiline", True, "Xin ghi rõ nội dung cần liên hệ."),
)


def _map_image():
    title = "Sơ đồ vị trí trụ sở UBND huyện (demo)"
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    picture = PILImage.new("RGB", (800, 500), (226, 236, 218))
    draw = ImageDraw.Draw(picture)
    draw.line((0, 320, 800, 260), fill=(110, 160, 210), width=28)  # the river
    draw.line((120, 0, 260, 500), fill=(250, 250, 250), width=14)  # the road
    draw.rectangle((380, 150, 450, 210), fill=(163, 20, 28))  # the office
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name="so-do-tru-so.png"))


def load_demo(stdout, home):
    """Load this room's demo under `home`, the site's home page (the shell's demo loader passes it in)."""
    index = QuestionIndexPage.objects.first()
    if index is None:
        index = QuestionIndexPage(
            title="Hỏi đáp", slug="hoi-dap", show_in_menus=True,
            intro="<p>Người dân gửi câu hỏi về thủ tục, chính sách; câu trả lời được công khai khi cán bộ "
                  "đã trả lời (bản trình diễn).</p>",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    now = timezone.now()
    added = 0
    for name, subject, text, answer, published, days in QUESTIONS:
        if Question.objects.filter(subject=subject).exists():
            continue
        asked = now - datetime.timedelta(days=days)
        question = Question(name=name, email="nguoidan@example.vn", subject=subject, question=text,
                            answer=answer, published=published, asked_at=asked)
        if answer:
            question.answered_at = asked + datetime.timedelta(days=2)
            question.asker_notified_at = question.answered_at  # the demo sends no email
        question.save()
        added += 1
    contact = ContactPage.objects.first()
    if contact is None:
        contact = ContactPage(
            title="Liên hệ", slug="lien-he", show_in_menus=True,
            intro="<p><b>Văn phòng HĐND và UBND huyện Mường Tè</b></p><ul>"
                  "<li>Địa chỉ: Tổ dân phố số 4, thị trấn Mường Tè, tỉnh Lai Châu</li>"
                  "<li>Điện thoại: 0213 3881 234</li><li>Email: vanphong@muongte.example.vn</li></ul>",
            map_image=_map_image(), map_alt="Sơ đồ: trụ sở UBND huyện nằm bên đường chính, phía bắc sông Đà",
            to_address="vanphong@muongte.example.vn", from_address="portal@muongte.example.vn",
            subject="Liên hệ từ Trang thông tin điện tử",
            thank_you_text="<p>Cảm ơn ông/bà đã liên hệ. Văn phòng sẽ phản hồi trong giờ hành chính.</p>",
        )
        home.add_child(instance=contact)
        for order, (label, kind, required, help_text) in enumerate(FIELDS):
            ContactFormField.objects.create(page=contact, sort_order=order, label=label, field_type=kind,
                                            required=required, help_text=help_text)
        contact.save_revision().publish()
    stdout.write(f"Questions: {added} added; Q&A and contact pages in place.")
