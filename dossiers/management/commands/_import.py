"""What both import commands share: run, print the rejected rows, exit 1 when there were any."""

import sys

from django.core.management.base import BaseCommand, no_translations


class ImportCommand(BaseCommand):
    importer = None
    label = "rows"

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file, UTF-8 with or without BOM, header row required")

    @no_translations  # messages are for operators: precise English with line and column
    def handle(self, *args, **options):
        result = type(self).importer(options["file"])
        for error in result.errors:
            self.stderr.write(error)
        self.stdout.write(
            f"{result.created} {self.label} created, {result.updated} updated, "
            f"{len(result.errors)} rejected; "
            f"summaries refreshed for {len(result.refreshed)} month(s)."
        )
        if result.errors:
            sys.exit(1)
