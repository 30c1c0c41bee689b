from dossiers.importers import PROCEDURE_COLUMNS, import_procedures

from ._import import ImportCommand


class Command(ImportCommand):
    help = "Import or update procedures from a CSV file with the columns " + ",".join(PROCEDURE_COLUMNS)
    importer = import_procedures
    label = "procedures"
