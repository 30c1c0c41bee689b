"""Demo content for the procedures catalogue: its page, and fees, papers and legal basis of a few procedures."""

from .models import Procedure, ProcedureIndexPage

# code: (fees, required papers, legal basis)
DETAILS = {
    "DM.HT01": ("Miễn lệ phí", "Tờ khai đăng ký khai sinh\nGiấy chứng sinh hoặc văn bản của người làm chứng",
                "Luật Hộ tịch năm 2014\nNghị định số 123/2015/NĐ-CP"),
    "DM.HT03": ("Miễn lệ phí", "Tờ khai đăng ký kết hôn\nGiấy xác nhận tình trạng hôn nhân (nếu đăng ký ở nơi khác)",
                "Luật Hôn nhân và gia đình năm 2014\nLuật Hộ tịch năm 2014"),
    "DM.CT01": ("2.000 đồng/trang; từ trang thứ ba 1.000 đồng/trang", "Bản chính giấy tờ\nBản sao cần chứng thực",
                "Nghị định số 23/2015/NĐ-CP"),
    "DM.KD01": ("100.000 đồng/lần", "Giấy đề nghị đăng ký hộ kinh doanh\nBản sao giấy tờ pháp lý của chủ hộ",
                "Nghị định số 01/2021/NĐ-CP"),
}


def load_demo(stdout, home):
    """Load this room's demo under `home`, the site's home page (the shell's demo loader passes it in)."""
    if not ProcedureIndexPage.objects.exists():
        page = ProcedureIndexPage(
            title="Thủ tục hành chính", slug="thu-tuc-hanh-chinh", show_in_menus=True,
            intro="<p>Danh mục thủ tục hành chính thuộc thẩm quyền giải quyết của huyện và các xã.</p>",
        )
        home.add_child(instance=page)
        page.save_revision().publish()
    for code, (fees, papers, basis) in DETAILS.items():
        Procedure.objects.filter(code=code, fees="").update(fees=fees, required_papers=papers, legal_basis=basis)
    stdout.write("Procedures catalogue in place.")
