"""python manage.py import_documents FILE.csv"""

from django.core.management.base import BaseCommand, CommandError

from publications.importer import COLUMNS, HeaderError, import_documents


class Command(BaseCommand):
    help = (
        f"Import documents from a UTF-8 CSV file with the columns {','.join(COLUMNS)} "
        "(file: a path relative to the CSV). Idempotent by number + issuer; exits with status 1 "
        "when any row is rejected, after keeping every good row."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file")

    def handle(self, *args, **options):
        try:
            result = import_documents(options["file"])
        except FileNotFoundError as error:
            raise CommandError(f"no such file: {error.filename}") from None
        except HeaderError as error:
            raise CommandError(str(error)) from None
        for message in result.rejected:
            self.stderr.write(message)
        self.stdout.write(
            f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged, "
            f"{len(result.rejected)} rejected."
        )
        if result.rejected:
            raise CommandError(f"{len(result.rejected)} row(s) rejected", returncode=1)
