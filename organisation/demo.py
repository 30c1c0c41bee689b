"""Demo "Giới thiệu" pages, organisation chart and English introduction for `load_demo` (idempotent)."""

import io

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images.models import Image

from .models import EnglishIntroductionPage, GeneralPage, Leader, OrganisationChartPage, Unit

OVERVIEW = [
    ("paragraph", "<p>Huyện nằm ở vùng núi cao biên giới phía tây bắc, nơi dòng Đà chảy vào lãnh thổ Việt Nam. "
                  "Địa hình chia cắt mạnh, nhiều đỉnh núi trên 2.000 mét, khí hậu nhiệt đới gió mùa vùng núi "
                  "với mùa mưa kéo dài từ tháng Năm đến tháng Chín.</p>"),
    ("paragraph", "<p>Trên địa bàn có nhiều dân tộc cùng sinh sống, mỗi dân tộc giữ những nét văn hóa riêng "
                  "trong lễ hội, trang phục và nếp nhà. Nông nghiệp, lâm nghiệp và trồng cây dược liệu là các "
                  "hướng phát triển kinh tế chính.</p>"),
    ("quote", {"text": "Lấy người dân và doanh nghiệp làm trung tâm phục vụ.",
               "attribution": "Phương châm cải cách hành chính"}),
]
HISTORY = [
    ("paragraph", "<p>Bản trình diễn: phần lịch sử được viết tóm tắt để minh họa cách trình bày một trang giới "
                  "thiệu gồm nhiều đoạn văn, trích dẫn và bảng số liệu.</p>"),
    ("table", {"data": [["Mốc", "Sự kiện"], ["Trước năm 1945", "Vùng đất thuộc châu biên giới"],
                        ["Sau năm 1954", "Thành lập đơn vị hành chính cấp huyện"],
                        ["Những năm gần đây", "Sắp xếp lại đơn vị hành chính cấp xã"]],
               "first_row_is_table_header": True, "first_col_is_header": False, "table_caption": "Các mốc chính"}),
]
FUNCTIONS = [
    ("paragraph", "<p>Ủy ban nhân dân huyện là cơ quan chấp hành của Hội đồng nhân dân huyện, cơ quan hành chính "
                  "nhà nước ở địa phương, chịu trách nhiệm trước Hội đồng nhân dân huyện và cơ quan hành chính "
                  "nhà nước cấp trên.</p>"),
    ("paragraph", "<ul><li>Tổ chức thi hành Hiến pháp và pháp luật trên địa bàn.</li>"
                  "<li>Quản lý nhà nước về kinh tế, văn hóa, xã hội, quốc phòng, an ninh.</li>"
                  "<li>Giải quyết thủ tục hành chính cho người dân, doanh nghiệp theo cơ chế một cửa.</li></ul>"),
]

# (name, kind, parent name, functions, address, phone, email)
UNITS = (
    ("UBND huyện", "leadership", None, "Cơ quan hành chính nhà nước ở địa phương.",
     "Tổ dân phố số 4, thị trấn Mường Tè", "0213 3881 234", "ubnd@muongte.example.vn"),
    ("Văn phòng HĐND và UBND huyện", "office", "UBND huyện", "Tham mưu tổng hợp, tiếp nhận và trả kết quả.",
     "Tầng 1, trụ sở UBND huyện", "0213 3881 235", "vanphong@muongte.example.vn"),
    ("Phòng Nội vụ", "department", "UBND huyện", "Tổ chức bộ máy, cán bộ, công chức, thi đua khen thưởng.",
     "Tầng 2, trụ sở UBND huyện", "0213 3881 240", "noivu@muongte.example.vn"),
    ("Phòng Tài chính - Kế hoạch", "department", "UBND huyện", "Ngân sách, đầu tư công, đăng ký kinh doanh.",
     "Tầng 2, trụ sở UBND huyện", "0213 3881 241", "tckh@muongte.example.vn"),
    ("Phòng Tài nguyên và Môi trường", "department", "UBND huyện", "Đất đai, tài nguyên nước, môi trường.",
     "Tầng 3, trụ sở UBND huyện", "0213 3881 242", "tnmt@muongte.example.vn"),
    ("Ban Quản lý dự án đầu tư xây dựng", "board", "UBND huyện", "Quản lý các dự án do huyện làm chủ đầu tư.",
     "Khu 2, thị trấn Mường Tè", "0213 3881 250", "bqlda@muongte.example.vn"),
    ("Bộ phận Một cửa", "office", "Văn phòng HĐND và UBND huyện", "Tiếp nhận hồ sơ, trả kết quả thủ tục hành chính.",
     "Tầng 1, trụ sở UBND huyện", "0213 3881 236", "motcua@muongte.example.vn"),
    ("UBND xã Ka Lăng", "commune", "UBND huyện", "", "Bản Ka Lăng, xã Ka Lăng", "0213 3882 001", ""),
    ("UBND xã Bum Nưa", "commune", "UBND huyện", "", "Bản Bum Nưa, xã Bum Nưa", "0213 3882 002", ""),
)
# (full name, position, unit, phone, email, order)
LEADERS = (
    ("Lò Văn Minh", "Chủ tịch UBND huyện", "UBND huyện", "0213 3881 200", "chutich@muongte.example.vn", 1),
    ("Nguyễn Đức Thảo", "Phó Chủ tịch UBND huyện", "UBND huyện", "0213 3881 201", "", 2),
    ("Pờ Thị Xá", "Phó Chủ tịch UBND huyện", "UBND huyện", "0213 3881 202", "", 3),
    ("Chu Văn Sơn", "Chánh Văn phòng HĐND và UBND huyện", "Văn phòng HĐND và UBND huyện", "0213 3881 235", "", 4),
)
ENGLISH_BODY = (
    "<p>The People's Committee is the executive body of the district People's Council and the local state "
    "administration. It carries out the Constitution, laws and the Council's resolutions in the district.</p>"
    "<ul><li>Managing land, natural resources, the budget and public investment.</li>"
    "<li>Running the one-stop desk, where citizens and businesses file their administrative dossiers.</li>"
    "<li>Education, health care, culture and support for ethnic minority communities.</li></ul>"
)


def _portrait(initials, color):
    existing = Image.objects.filter(title=f"Ảnh chân dung {initials} (demo)").first()
    if existing:
        return existing
    picture = PILImage.new("RGB", (240, 300), color)
    draw = ImageDraw.Draw(picture)
    draw.ellipse((70, 50, 170, 150), fill=(235, 210, 180))
    draw.rectangle((50, 170, 190, 300), fill=(40, 60, 90))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return Image.objects.create(title=f"Ảnh chân dung {initials} (demo)",
                                file=ImageFile(buffer, name=f"chan-dung-{initials.lower()}.png"))


def _child(home, model, slug, **fields):
    page = model.objects.filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, show_in_menus=fields.pop("show_in_menus", False), **fields)
        home.add_child(instance=page)
        page.save_revision().publish()
    return page


def load_demo(stdout, home):
    """Load this room's demo under `home`, the site's home page (the shell's demo loader passes it in)."""
    about = _child(home, GeneralPage, "gioi-thieu", title="Giới thiệu", show_in_menus=True,
                   intro="Tổng quan về điều kiện tự nhiên, con người và bộ máy chính quyền huyện.", body=OVERVIEW)
    _child(about, GeneralPage, "lich-su", title="Lịch sử hình thành", body=HISTORY)
    _child(about, GeneralPage, "chuc-nang-nhiem-vu", title="Chức năng, nhiệm vụ", body=FUNCTIONS)
    units = {}
    for order, (name, kind, parent, functions, address, phone, email) in enumerate(UNITS):
        unit, _created = Unit.objects.get_or_create(name=name, defaults={
            "kind": kind, "parent": units.get(parent), "functions": functions, "address": address,
            "phone": phone, "email": email, "sort_order": order * 10,
        })
        units[name] = unit
    colors = [(120, 150, 190), (160, 130, 120), (130, 160, 130), (150, 140, 170)]
    for index, (name, position, unit, phone, email, order) in enumerate(LEADERS):
        if not Leader.objects.filter(full_name=name, position=position).exists():
            initials = "".join(word[0] for word in name.split())
            Leader.objects.create(full_name=name, position=position, unit=units[unit], phone=phone, email=email,
                                  sort_order=order, photo=_portrait(initials, colors[index % len(colors)]))
    _child(about, OrganisationChartPage, "co-cau-to-chuc", title="Cơ cấu tổ chức",
           intro="<p>Lãnh đạo UBND huyện, các phòng, ban chuyên môn và UBND các xã, thị trấn.</p>")
    _child(home, EnglishIntroductionPage, "introduction", title="Introduction", show_in_menus=True,
           unit_name_en="People's Committee of Muong Te District, Lai Chau Province (demo)", body=ENGLISH_BODY,
           address_en="Group 4, Muong Te town, Muong Te district, Lai Chau province, Viet Nam",
           phone="+84 213 3881 234", email="vanphong@muongte.example.vn",
           office_hours_en="Monday to Friday, 7:30-11:30 and 13:30-17:00")
    stdout.write(f"Organisation: {len(UNITS)} units, {len(LEADERS)} leaders, introduction pages in place.")
