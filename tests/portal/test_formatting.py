import datetime

import pytest
from django.utils import timezone

from core import formatting


@pytest.mark.parametrize(("value", "text"), [(0, "0"), (7, "7"), (1000, "1.000"), (2089, "2.089"),
                                             (9615404, "9.615.404"), (-1234, "-1.234"), (None, "0")])
def test_vi_number(value, text):
    assert formatting.vi_number(value) == text


@pytest.mark.parametrize(("num", "den", "text"), [(50, 50, "100%"), (0, 50, "0%"), (196, 215, "91,2%"),
                                                  (25, 26, "96,2%"), (1, 3, "33,3%"), (1, 8, "12,5%"),
                                                  (0, 0, "—")])
def test_vi_percent(num, den, text):
    assert formatting.vi_percent(num, den) == text


@pytest.mark.parametrize(
    ("day", "weekday"),
    [(3, "Thứ hai"), (4, "Thứ ba"), (5, "Thứ tư"), (6, "Thứ năm"), (7, "Thứ sáu"), (8, "Thứ bảy"), (9, "Chủ nhật")],
)
def test_dateline_weekdays(day, weekday):
    value = timezone.make_aware(datetime.datetime(2015, 8, day, 23, 55))
    assert formatting.vi_dateline(value) == f"{weekday} - {day:02d}/08/2015 23:55"


def test_dateline_is_local_time():
    utc = datetime.datetime(2015, 8, 5, 16, 55, tzinfo=datetime.UTC)
    assert formatting.vi_dateline(utc) == "Thứ tư - 05/08/2015 23:55"
    # 20:00 UTC is already the next day in Vietnam.
    late = datetime.datetime(2015, 8, 5, 20, 0, tzinfo=datetime.UTC)
    assert formatting.vi_dateline(late) == "Thứ năm - 06/08/2015 03:00"
