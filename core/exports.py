"""Spreadsheet exports that a spreadsheet program cannot run: every text cell starting like a formula is made text.

OWASP's advice against CSV injection: a cell starting with =, +, -, @, a tab or a carriage return gets a leading
apostrophe, so Excel or LibreOffice shows "=HYPERLINK(...)" as the typed text instead of running it. Numbers and
dates are left as they are (a negative number is a number, not a formula). Every exporter of the project writes
its cells through `neutralise`: the Wagtail listings with `NeutralisingExportMixin`, the others with
`neutralise_row` or `writer`.
"""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value, with a leading apostrophe if it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_row(values):
    return [neutralise(value) for value in values]


class _Writer:
    """csv.writer's writerow/writerows, every cell neutralised."""

    def __init__(self, stream, **kwargs):
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row):
        return self._writer.writerow(neutralise_row(row))

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(stream, **kwargs):
    """A csv.writer that neutralises every cell."""
    return _Writer(stream, **kwargs)


class NeutralisingExportMixin:
    """For a view with Wagtail's SpreadsheetExportMixin (listings of ModelViewSet / SnippetViewSet, form
    submissions): the cells and the headings of the CSV and XLSX files are neutralised."""

    def preprocess_field_value(self, field, value, export_format):
        return neutralise(super().preprocess_field_value(field, value, export_format))

    def get_heading(self, queryset, field):
        return neutralise(super().get_heading(queryset, field))
