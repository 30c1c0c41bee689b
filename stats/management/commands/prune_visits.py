from django.core.management.base import BaseCommand

from stats import clock, store


class Command(BaseCommand):
    help = "Delete per-visitor rows that no longer matter (idle for over 30 minutes) and old salts."

    def handle(self, *args, **options):
        deleted = store.prune(clock.now())
        self.stdout.write(
            "Deleted {visitors} visitor rows, {visit_pages} visit-page rows, {salts} old salts."
            .format(**deleted)
        )
