"""How article text and readers' queries are cut into words for the search, alike on both sides.

The search index (news.models.search_index) stores text in these forms when an article is published; the search
(news.search) puts each query into the same forms.
"""

import re
import unicodedata

WORD_RE = re.compile(r"\w+")


def nfc_lower(text):
    """Composed (NFC) and lower-cased: the form accent-exact comparisons use."""
    return unicodedata.normalize("NFC", text or "").lower()


def normalize(text):
    """Lower-case, tone marks and diacritics stripped, "đ" read as "d": "MƯỜNG TÈ" -> "muong te".

    NFD and NFC input give the same result, since both are decomposed before the marks are dropped.
    """
    decomposed = unicodedata.normalize("NFD", (text or "").lower())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", stripped.replace("đ", "d"))


def words(text):
    return WORD_RE.findall(text)


def padded(tokens):
    """Words joined by single spaces with a space at each end, so " word " matches whole words only."""
    return f" {' '.join(tokens)} " if tokens else ""
