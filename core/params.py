"""Reading what a visitor typed into an address: query parameters and path segments, for every room.

Whatever arrives, these answer a plain value or "nothing": a filter given junk is ignored (or matches nothing),
never a 500. The traps they close:

- `str.isdigit()` is true for "²" and "٣", and `int("²")` raises: numbers are ASCII digits only, and bounded, so a
  huge one never reaches a database integer (or `datetime.date(year=99999)`);
- PostgreSQL refuses NUL in text (SQLite does not): a value carrying a control character is never compared with a
  column (`text` turns them into spaces, `storable` tells a path segment to answer 404);
- a value is cut to a bounded length before anything reads it.

Django's `Paginator.get_page` already takes any junk (it falls back to the first or last page): pass it the raw
value. `QueryDict.get` gives the last of repeated keys.
"""

import unicodedata

# The largest value a database integer column (PostgreSQL `integer`, the primary keys here) holds.
MAX_INT = 2**31 - 1
# What `datetime.date` accepts.
MIN_YEAR, MAX_YEAR = 1, 9999


def _controls_to_spaces(value):
    return "".join(" " if unicodedata.category(char) == "Cc" else char for char in value)


def text(value, max_length=200):
    """Free text (search words, a filter's name): control characters (NUL among them) become spaces, the outer
    blanks go, at most `max_length` characters. None gives ''."""
    return _controls_to_spaces(str(value or "")[:max_length * 2]).strip()[:max_length]


def storable(value):
    """True when `value` can be compared with a text column on every database: no control character (NUL)."""
    return not any(unicodedata.category(char) == "Cc" for char in str(value))


def positive_int(value, maximum=MAX_INT):
    """The whole number 1…`maximum` written in ASCII digits (blanks around allowed), else None."""
    value = str(value or "").strip()
    if not (value.isascii() and value.isdigit()) or len(value) > len(str(maximum)):
        return None
    number = int(value)
    return number if 1 <= number <= maximum else None


def year(value, minimum=MIN_YEAR, maximum=MAX_YEAR):
    """A year `minimum`…`maximum` (what a date can hold) written in ASCII digits, else None."""
    number = positive_int(value, maximum)
    return number if number is not None and number >= minimum else None


def choice(value, choices):
    """`value` when it is one of `choices`, else None."""
    value = str(value or "").strip()
    return value if value in choices else None
