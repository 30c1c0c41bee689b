"""What both import commands share: run, print the rejected rows and the counts (exit rule: core.importing)."""

from django.core.management.base import no_translations

from core.importing import ImportCommand as BaseImportCommand


class ImportCommand(BaseImportCommand):
    importer = None
    label = "rows"
    file_help = "CSV file, UTF-8 with or without BOM, header row required"

    @no_translations  # messages are for operators: precise English with line and column
    def import_file(self, path):
        result = type(self).importer(path)
        for error in result.rejected:
            self.stderr.write(error)
        self.stdout.write(
            f"{result.created} {self.label} created, {result.updated} updated, "
            f"{len(result.errors)} rejected; "
            f"summaries refreshed for {len(result.refreshed)} month(s)."
        )
        return result
