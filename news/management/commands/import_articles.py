from django.core.management.base import BaseCommand, CommandError

from news.importer import ArticleImporter


class Command(BaseCommand):
    help = (
        "Import articles from a JSON Lines file (UTF-8, one article per line). Re-importing the same file "
        "creates nothing new; a changed record updates its article."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the .jsonl file")

    def handle(self, *args, **options):
        try:
            with open(options["file"], encoding="utf-8-sig") as handle:
                lines = handle.read().splitlines()
        except OSError as error:
            raise CommandError(f"cannot read {options['file']}: {error.strerror}") from None
        except UnicodeDecodeError as error:
            raise CommandError(f"{options['file']} is not UTF-8: {error}") from None

        counts = {"created": 0, "updated": 0, "unchanged": 0, "rejected": 0}
        for outcome in ArticleImporter().run(lines):
            counts[outcome.action] += 1
            self.stdout.write(outcome.line())
        total = sum(counts.values())
        self.stdout.write(
            f"total: {total} records, {counts['created']} created, "
            f"{counts['updated'] + counts['unchanged']} updated ({counts['unchanged']} unchanged), "
            f"{counts['rejected']} rejected"
        )
        if counts["rejected"]:
            raise CommandError(f"{counts['rejected']} of {total} records rejected")
