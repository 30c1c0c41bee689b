"""Demo data for `load_demo`: agencies, about thirty procedures, a few hundred dossiers of invented people."""

import datetime
import random

from django.utils import timezone

from . import aggregation, rules
from .calendar import WorkingCalendar
from .models import Agency, Dossier, Procedure, Status

PREFIX = "DEMO-"
DISTRICT = "UBND huyện Mường Tè"
AGENCIES = (DISTRICT, "UBND thị trấn Mường Tè", "UBND xã Bum Nưa", "UBND xã Ka Lăng")

# (code, name, sector, district-level?, processing days, online level)
PROCEDURES = (
    ("DM.HT01", "Đăng ký khai sinh", "Hộ tịch", False, 1, "toan_trinh"),
    ("DM.HT02", "Đăng ký khai tử", "Hộ tịch", False, 1, "toan_trinh"),
    ("DM.HT03", "Đăng ký kết hôn", "Hộ tịch", False, 3, "mot_phan"),
    ("DM.HT04", "Cấp bản sao trích lục hộ tịch", "Hộ tịch", False, 0, "4"),
    ("DM.HT05", "Xác nhận tình trạng hôn nhân", "Hộ tịch", False, 3, "4"),
    ("DM.HT06", "Thay đổi, cải chính, bổ sung thông tin hộ tịch", "Hộ tịch", False, 3, "3"),
    ("DM.HT07", "Đăng ký giám hộ", "Hộ tịch", False, 3, "2"),
    ("DM.CT01", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", "Chứng thực", False, 0, "2"),
    ("DM.CT02", "Chứng thực chữ ký trong giấy tờ, văn bản", "Chứng thực", False, 0, "2"),
    ("DM.CT03", "Chứng thực hợp đồng, giao dịch liên quan đến tài sản", "Chứng thực", False, 2, "2"),
    ("DM.KD01", "Đăng ký thành lập hộ kinh doanh", "Thành lập và hoạt động của hộ kinh doanh", True, 3, "4"),
    (
        "DM.KD02",
        "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
        "Thành lập và hoạt động của hộ kinh doanh",
        True,
        3,
        "4",
    ),
    (
        "DM.KD03",
        "Thông báo tạm ngừng kinh doanh của hộ kinh doanh",
        "Thành lập và hoạt động của hộ kinh doanh",
        True,
        3,
        "toan_trinh",
    ),
    ("DM.KD04", "Cấp giấy phép bán lẻ rượu", "Lưu thông hàng hóa trong nước", True, 10, "3"),
    ("DM.XD01", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "Hoạt động xây dựng", True, 15, "3"),
    ("DM.XD02", "Điều chỉnh giấy phép xây dựng nhà ở riêng lẻ", "Hoạt động xây dựng", True, 10, "3"),
    ("DM.XD03", "Gia hạn giấy phép xây dựng", "Hoạt động xây dựng", True, 5, "2"),
    (
        "DM.DD01",
        "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
        "Đất đai",
        True,
        10,
        "mot_phan",
    ),
    ("DM.DD02", "Cấp đổi giấy chứng nhận quyền sử dụng đất", "Đất đai", True, 7, "mot_phan"),
    ("DM.DD03", "Chuyển mục đích sử dụng đất phải được phép của cơ quan nhà nước", "Đất đai", True, 15, "2"),
    ("DM.DD04", "Hòa giải tranh chấp đất đai", "Đất đai", False, 30, "2"),
    ("DM.LD01", "Trợ cấp xã hội hằng tháng cho người cao tuổi", "Bảo trợ xã hội", False, 7, "3"),
    ("DM.LD02", "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội", "Bảo trợ xã hội", False, 3, "3"),
    ("DM.LD03", "Xác nhận hộ nghèo, hộ cận nghèo phát sinh trong năm", "Giảm nghèo", False, 7, "2"),
    ("DM.GD01", "Chuyển trường đối với học sinh trung học cơ sở", "Giáo dục và Đào tạo", True, 3, "4"),
    ("DM.GD02", "Cho phép trường mầm non tư thục hoạt động giáo dục", "Giáo dục và Đào tạo", True, 20, "2"),
    ("DM.VH01", "Đăng ký tổ chức lễ hội cấp xã", "Văn hóa", False, 5, "3"),
    ("DM.VH02", "Đăng ký hoạt động thư viện của cộng đồng dân cư", "Thư viện", False, 5, "4"),
    ("DM.NN01", "Xác nhận nguồn gốc gỗ khai thác từ rừng trồng của hộ gia đình", "Lâm nghiệp", False, 3, "2"),
    ("DM.TC01", "Giải quyết khiếu nại lần đầu", "Giải quyết khiếu nại", True, 30, "2"),
)

FAMILY = ("Lò", "Pờ", "Chu", "Lý", "Vàng", "Giàng", "Nguyễn", "Trần", "Hoàng", "Lê", "Phạm", "Đào")
MIDDLE = ("Văn", "Thị", "Minh", "Thu", "Đức", "Hồng")
GIVEN = (
    "An",
    "Bình",
    "Chi",
    "Dung",
    "Hà",
    "Khánh",
    "Lan",
    "Mai",
    "Nam",
    "Sơn",
    "Thảo",
    "Tú",
    "Xuân",
    "Pấng",
    "Xá",
    "Phìn",
)


def _procedures(agencies):
    existing = set(
        Procedure.objects.filter(code__in=[row[0] for row in PROCEDURES]).values_list("code", flat=True)
    )
    commune_names = AGENCIES[1:]
    new = []
    for index, (code, name, sector, district, days, level) in enumerate(PROCEDURES):
        if code in existing:
            continue
        agency = agencies[DISTRICT if district else commune_names[index % len(commune_names)]]
        new.append(
            Procedure(
                code=code, name=name, sector=sector, agency=agency, processing_days=days, online_level=level
            ).fill_search_text()
        )
    Procedure.objects.bulk_create(new)
    return list(Procedure.objects.filter(code__in=[row[0] for row in PROCEDURES]).select_related("agency"))


def _finished_on(calendar, dossier, rng):
    """A believable finishing day: mostly before or on the due date, a few late."""
    draw = rng.random()
    if draw < 0.06:
        return calendar.add_working_days(dossier.due_date, rng.randint(1, 6))
    days = dossier.procedure.processing_days
    start = dossier.received_on
    if draw < 0.35 or days == 0:
        return dossier.due_date
    return calendar.add_working_days(start, rng.randint(0, max(days - 1, 0)))


def _dossiers(procedures, today, rng, count):
    calendar = WorkingCalendar()
    first = rules.add_months(today.replace(day=1), -12)
    span = (today - first).days
    dossiers = []
    for number in range(1, count + 1):
        procedure = rng.choice(procedures)
        day = first + datetime.timedelta(days=rng.randrange(span + 1))
        while not calendar.is_working_day(day) and day > first:
            day -= datetime.timedelta(days=1)
        received_at = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(7, 30))
            + datetime.timedelta(minutes=rng.randrange(540))
        )
        channel = rng.choices(("truc_tuyen", "truc_tiep", "buu_chinh"), weights=(45, 50, 5))[0]
        dossier = Dossier(
            code=f"{PREFIX}{day:%y%m}-{number:04d}",
            procedure=procedure,
            agency=procedure.agency,
            channel=channel,
            received_at=received_at,
            status=Status.PROCESSING,
            applicant_name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            applicant_phone="09" + "".join(rng.choice("0123456789") for _digit in range(8)),
        )
        if rng.random() < 0.05:
            dossier.supplement_completed_at = received_at + datetime.timedelta(days=rng.randint(1, 4))
        dossier.fill_derived(calendar)
        finished_on = _finished_on(calendar, dossier, rng)
        if finished_on <= today and rng.random() < 0.99:
            draw = rng.random()
            dossier.status = (
                Status.RETURNED if draw < 0.04 else Status.WITHDRAWN if draw < 0.06 else Status.RESOLVED
            )
            finished_at = datetime.datetime.combine(finished_on, datetime.time(9)) + datetime.timedelta(
                minutes=rng.randrange(420)
            )
            dossier.resolved_at = max(
                timezone.make_aware(finished_at), received_at + datetime.timedelta(minutes=30)
            )
        elif dossier.supplement_completed_at is None and rng.random() < 0.1:
            dossier.status = Status.SUPPLEMENT
        dossier.fill_derived(calendar)
        dossiers.append(dossier)
    return dossiers


def load_demo_dossiers(stdout, count=400, seed=2024):
    """Create the demo agencies, procedures and dossiers once, then refresh the stored summaries."""
    today = timezone.localdate()
    agencies = {}
    for name in AGENCIES:
        agencies[name], _created = Agency.objects.get_or_create(name=name)
    procedures = _procedures(agencies)
    if Dossier.objects.filter(code__startswith=PREFIX).exists():
        stdout.write("Dossiers: demo dossiers already present, kept.\n")
    else:
        dossiers = _dossiers(procedures, today, random.Random(seed), count)
        Dossier.objects.bulk_create(dossiers, batch_size=500)
        stdout.write(f"Dossiers: {len(dossiers)} demo dossiers created over 13 months.\n")
    months = aggregation.refresh_since(rules.add_months(today.replace(day=1), -12), today)
    stdout.write(f"Dossiers: summaries refreshed for {len(months)} months.\n")
