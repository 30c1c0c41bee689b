"""Text folding for accent-insensitive search, shared by every app.

"Kế hoạch 13-KH/HU" -> "ke hoach 13-kh/hu": tone marks and vowel marks dropped, đ -> d, lower case.
Stored in a column kept up to date on save, then matched with plain `contains`, so the search
works alike on SQLite and PostgreSQL (neither needs an unaccent extension).
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text):
    """Lower-case, accent-free, single-spaced text; None gives ''."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text))
    stripped = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", unicodedata.normalize("NFC", stripped).casefold()).strip()


def query_words(query, limit=10):
    """The folded words of a search query (at most `limit`, each at most 60 characters).

    Control characters (NUL among them, which PostgreSQL text refuses) separate words like spaces.
    """
    text = "".join(" " if unicodedata.category(char) == "Cc" else char for char in str(query or ""))
    return [word[:60] for word in fold(text).split(" ") if word][:limit]


def search_filter(queryset, field, query):
    """Keep the rows whose folded `field` contains every word of `query`."""
    for word in query_words(query):
        queryset = queryset.filter(**{f"{field}__contains": word})
    return queryset
