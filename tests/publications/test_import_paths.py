"""`import_documents`: the file column names a file in the CSV's folder (or below it), never one outside it."""

import pytest

from publications.importer import import_documents
from publications.models import LegalDocumentPage
from publications.pdf import simple_pdf

pytestmark = pytest.mark.django_db

HEADER = "number,type,issuer,issued_on,effective_on,signer,field,summary,status,file\n"
PDF = simple_pdf(["Ke hoach thu"])


def test_files_outside_the_folder_are_rejected_as_row_errors(home, tmp_path):
    folder = tmp_path / "lo-van-ban"
    (folder / "tep").mkdir(parents=True)
    (folder / "tep" / "kh.pdf").write_bytes(PDF)
    (folder / "ngoai.pdf").write_bytes(PDF)
    secret = tmp_path / "bi-mat.pdf"  # beside the folder, not in it
    secret.write_bytes(PDF)
    (folder / "loi-tat.pdf").symlink_to(secret)  # a link leading out of the folder
    rows = [
        "1/KH,Kế hoạch,UBND,01/01/2024,,,,Trong thư mục con,,tep/kh.pdf",  # line 2: good
        "2/KH,Kế hoạch,UBND,01/01/2024,,,,Trong thư mục,,./ngoai.pdf",  # 3: good
        "3/KH,Kế hoạch,UBND,01/01/2024,,,,Đi lên,,../bi-mat.pdf",  # 4
        f"4/KH,Kế hoạch,UBND,01/01/2024,,,,Đường dẫn tuyệt đối,,{secret}",  # 5
        "5/KH,Kế hoạch,UBND,01/01/2024,,,,Vòng ra rồi vào,,tep/../../bi-mat.pdf",  # 6
        "6/KH,Kế hoạch,UBND,01/01/2024,,,,Liên kết ra ngoài,,loi-tat.pdf",  # 7
        "7/KH,Kế hoạch,UBND,01/01/2024,,,,Hệ thống,,/etc/passwd",  # 8
        "8/KH,Kế hoạch,UBND,01/01/2024,,,,Vào lại đúng chỗ,,tep/../tep/kh.pdf",  # 9: good (still inside)
    ]
    path = folder / "van-ban.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    result = import_documents(path)
    assert result.rejected == [
        "line 4 file: outside the folder of the CSV file: ../bi-mat.pdf",
        f"line 5 file: outside the folder of the CSV file: {secret}",
        "line 6 file: outside the folder of the CSV file: tep/../../bi-mat.pdf",
        "line 7 file: outside the folder of the CSV file: loi-tat.pdf",
        "line 8 file: outside the folder of the CSV file: /etc/passwd",
    ]
    assert sorted(LegalDocumentPage.objects.values_list("number", flat=True)) == ["1/KH", "2/KH", "8/KH"]
    attached = [a.document.title for page in LegalDocumentPage.objects.all() for a in page.attachments.all()]
    assert "bi-mat" not in attached and "loi-tat" not in attached
