"""One clock for every count, so a request's day, hour and month all come from the same instant."""

import datetime
import time
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class Instant:
    epoch: float

    @property
    def ms(self):
        return int(self.epoch * 1000)

    @property
    def local(self):
        return timezone.localtime(datetime.datetime.fromtimestamp(self.epoch, tz=datetime.UTC))

    @property
    def day(self):
        return self.local.date()

    @property
    def month(self):
        return self.day.replace(day=1)


def now():
    return Instant(time.time())
