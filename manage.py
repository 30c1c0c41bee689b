#!/usr/bin/env python
import os
import sys

# Without DJANGO_SETTINGS_MODULE, manage.py runs the development settings (DEBUG on, a fixed secret key) on the
# embedded SQLite database. A DATABASE_URL naming any other database is a server's database, usually production's:
# there the settings must be named (deploy/portal.env.example sets portal.settings.production), and development
# settings on such a database only when asked for, DJANGO_SETTINGS_MODULE=portal.settings.dev.
DEV_SETTINGS = "portal.settings.dev"


def settings_module(environ):
    """The settings manage.py runs with: the named ones, else dev; None when dev would meet a server's database."""
    named = environ.get("DJANGO_SETTINGS_MODULE", "").strip()
    if named:
        return named
    database_url = environ.get("DATABASE_URL", "").strip()
    if database_url and not database_url.lower().startswith("sqlite:"):
        return None
    return DEV_SETTINGS


def main():
    module = settings_module(os.environ)
    if module is None:
        sys.exit(
            "manage.py: DATABASE_URL names a database server but DJANGO_SETTINGS_MODULE is not set, and the "
            "development settings (DEBUG on) will not run against it by default.\n"
            "Set DJANGO_SETTINGS_MODULE=portal.settings.production (as the environment file does: "
            "deploy/portal.env.example), or DJANGO_SETTINGS_MODULE=portal.settings.dev to use the development "
            "settings on that database on purpose."
        )
    os.environ["DJANGO_SETTINGS_MODULE"] = module
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
