from django.core.management.base import CommandError

from core.importing import ImportCommand, read_text
from news.importer import ArticleImporter


class Command(ImportCommand):
    help = (
        "Import articles from a JSON Lines file (UTF-8, one article per line). Re-importing the same file "
        "creates nothing new; a changed record updates its article."
    )
    file_help = "path to the .jsonl file"

    def import_file(self, path):
        try:
            lines = read_text(path).splitlines()
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from None
        except UnicodeDecodeError as error:
            raise CommandError(f"{path} is not UTF-8: {error}") from None

        importer = ArticleImporter()
        for outcome in importer.run(lines):
            self.stdout.write(outcome.line())
        result = importer.result
        self.stdout.write(
            f"total: {result.total} records, {result.created} created, "
            f"{result.updated + result.unchanged} updated ({result.unchanged} unchanged), "
            f"{len(result.errors)} rejected"
        )
        return result

    def rejected_message(self, result):
        return f"{len(result.errors)} of {result.total} records rejected"
