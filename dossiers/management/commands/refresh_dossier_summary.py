import datetime

from django.core.management.base import BaseCommand, CommandError

from core.formatting import vi_datetime
from dossiers import aggregation


def month_argument(value):
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise CommandError(f"--month must be YYYY-MM, not {value!r}") from None


class Command(BaseCommand):
    help = (
        "Compute and store the dossier summary of a month (default: the current month, and the previous one "
        "during the first days of a month). Run every 15 minutes by cron or a systemd timer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM")

    def handle(self, *args, **options):
        months = [month_argument(options["month"])] if options["month"] else aggregation.months_to_refresh()
        for month in months:
            unit = aggregation.refresh(month)
            figures = unit.figures
            self.stdout.write(
                f"{month:%m/%Y}: received {figures.received}, resolved {figures.resolved}, "
                f"on time {figures.ontime_pct}, "
                f"computed at {vi_datetime(unit.computed_at, with_seconds=True)}"
            )
