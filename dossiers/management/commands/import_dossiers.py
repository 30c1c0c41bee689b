from dossiers.importers import DOSSIER_COLUMNS, import_dossiers

from ._import import ImportCommand


class Command(ImportCommand):
    help = "Import or update dossiers from a CSV file with the columns " + ",".join(DOSSIER_COLUMNS)
    importer = import_dossiers
    label = "dossiers"
