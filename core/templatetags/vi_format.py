"""Template filters for the Vietnamese formats in core.formatting."""

from django import template

from core import formatting

register = template.Library()

register.filter("vi_number", formatting.vi_number)
register.filter("vi_dateline", formatting.vi_dateline)
register.filter("vi_datetime", formatting.vi_datetime)
register.filter("vi_date", formatting.vi_date)


@register.filter
def iso_datetime(value):
    """Local time for `datetime` attributes, to the second (HTML allows no microseconds there)."""
    if not value:
        return ""
    return formatting.local(value).replace(microsecond=0).isoformat()


@register.filter
def vi_decimal(value, places=1):
    return formatting.vi_decimal(value, int(places))
