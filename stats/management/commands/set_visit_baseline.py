from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.formatting import vi_number
from stats import store
from stats.templatetags.stats_tags import CACHE_KEY


class Command(BaseCommand):
    help = "Set the legacy visit baseline (e.g. NukeViet's total) added to every visit counted here."

    def add_arguments(self, parser):
        parser.add_argument("--total", type=int, required=True, help="The legacy portal's total visits.")

    def handle(self, *args, total, **options):
        if total < 0:
            raise CommandError("--total must not be negative.")
        store.set_baseline(total)
        cache.delete(CACHE_KEY)  # the block shows the new total at once, not within 30 seconds
        new_total = store.total_visits()
        message = _("Total visits: %(total)s (%(raw)s)") % {"total": vi_number(new_total), "raw": new_total}
        self.stdout.write(message)
