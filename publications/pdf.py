"""A tiny valid one-page PDF written by hand, for the demo documents (no PDF library needed).

Helvetica knows no Vietnamese letters, so the text is written without its marks.
"""

import unicodedata


def _ascii(text):
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    plain = plain.encode("ascii", "replace").decode()
    return plain.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def simple_pdf(lines):
    """A one-page A4 PDF with `lines` of text, byte offsets in the cross-reference table exact."""
    text = ["BT", "/F1 12 Tf", "16 TL", "56 780 Td"]
    for line in lines:
        text.append(f"({_ascii(line)}) Tj T*")
    text.append("ET")
    stream = "\n".join(text).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
