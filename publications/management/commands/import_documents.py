"""python manage.py import_documents FILE.csv"""

from django.core.management.base import CommandError

from core.importing import ImportCommand
from publications.importer import COLUMNS, HeaderError, import_documents


class Command(ImportCommand):
    help = (
        f"Import documents from a UTF-8 CSV file with the columns {','.join(COLUMNS)} "
        "(file: a path relative to the CSV). Idempotent by number + issuer; exits with status 1 "
        "when any row is rejected, after keeping every good row."
    )
    file_help = "the CSV file"

    def import_file(self, path):
        try:
            result = import_documents(path)
        except FileNotFoundError as error:
            raise CommandError(f"no such file: {error.filename}") from None
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from None
        except HeaderError as error:
            raise CommandError(str(error)) from None
        for message in result.rejected:
            self.stderr.write(message)
        self.stdout.write(
            f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged, "
            f"{len(result.rejected)} rejected."
        )
        return result

    def rejected_message(self, result):
        return f"{len(result.errors)} row(s) rejected"
