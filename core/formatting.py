"""Vietnamese number, percentage and date formats, shared by every app.

Written out rather than left to USE_THOUSAND_SEPARATOR so that a figure reads the same
in every template, e-mail, export and admin screen: 9.615.404, 91,2%, Thứ tư - 05/08/2015 23:55.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import pgettext

WEEKDAYS = (
    lambda: pgettext("weekday", "Monday"),
    lambda: pgettext("weekday", "Tuesday"),
    lambda: pgettext("weekday", "Wednesday"),
    lambda: pgettext("weekday", "Thursday"),
    lambda: pgettext("weekday", "Friday"),
    lambda: pgettext("weekday", "Saturday"),
    lambda: pgettext("weekday", "Sunday"),
)


def vi_number(value):
    """9615404 -> '9.615.404'; None -> '0'."""
    if value is None or value == "":
        return "0"
    value = int(value)
    sign = "-" if value < 0 else ""
    return sign + f"{abs(value):,}".replace(",", ".")


def vi_decimal(value, places=1):
    """Round half up to `places` decimals, Vietnamese separators, trailing ',0' dropped."""
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    integer, _, fraction = f"{abs(rounded):f}".partition(".")
    text = vi_number(int(integer))
    fraction = fraction.rstrip("0")
    if rounded < 0 and (int(integer) or fraction):
        text = "-" + text
    return f"{text},{fraction}" if fraction else text


def vi_percent(numerator, denominator, places=1):
    """96.15...% -> '96,2%'; a zero denominator gives '—' (nothing to measure)."""
    if not denominator:
        return "—"
    return vi_decimal(Decimal(numerator) * 100 / Decimal(denominator), places) + "%"


def local(value):
    return timezone.localtime(value) if timezone.is_aware(value) else value


def weekday_name(value):
    return WEEKDAYS[value.weekday()]()


def vi_dateline(value):
    """The legacy portal's date line: 'Thứ tư - 05/08/2015 23:55', in local time."""
    if value is None:
        return ""
    value = local(value)
    return f"{weekday_name(value)} - {value:%d/%m/%Y %H:%M}"


def vi_datetime(value, with_seconds=False):
    if value is None:
        return ""
    value = local(value)
    return f"{value:%d/%m/%Y %H:%M:%S}" if with_seconds else f"{value:%d/%m/%Y %H:%M}"


def vi_date(value):
    if value is None:
        return ""
    if hasattr(value, "hour"):
        value = local(value)
    return f"{value:%d/%m/%Y}"
