from stats import clock, store
from stats.models import DailyStats


def figures():
    return store.figures(clock.now())


def day_row(day):
    row = DailyStats.objects.filter(day=day).values("visits", "page_views", "bot_hits").first()
    return row or {"visits": 0, "page_views": 0, "bot_hits": 0}
