from django.core.management.base import BaseCommand

from news.models.search_index import rebuild


class Command(BaseCommand):
    help = "Rebuild the article search index (normalised text of every live article)."

    def handle(self, *args, **options):
        count = rebuild()
        self.stdout.write(f"indexed {count} articles")
