"""Create the PostgreSQL database ``DATABASE_URL`` names when it does not exist yet (``scripts/serve`` runs it before
migrating); nothing to do for SQLite, whose file ``migrate`` creates."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections


class Command(BaseCommand):
    help = ("Create the PostgreSQL database that DATABASE_URL names if it is missing (the server and the role must "
            "exist); SQLite needs nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS,
                            help="The database alias of the settings (default: 'default').")

    def handle(self, *args, database, **options):
        connection = connections[database]
        if connection.vendor != "postgresql":
            return
        name = connection.settings_dict["NAME"]
        try:
            connection.ensure_connection()
            return
        except OperationalError as error:
            if "does not exist" not in str(error):
                raise CommandError(f"cannot reach PostgreSQL for database {name!r}: {one_line(error)}") from error
        user, host = connection.settings_dict.get("USER") or "postgres", connection.settings_dict.get("HOST") or ""
        how = f"createdb{f' -h {host}' if host else ''} -U {user} {name}"
        try:
            with connection._nodb_cursor() as cursor:
                cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")
        except Exception as error:  # noqa: BLE001 - any failure: say how to create it by hand
            raise CommandError(f"database {name!r} does not exist and could not be created ({one_line(error)}): "
                               f"create it with `{how}`, then run this again") from error
        self.stdout.write(f"Created the PostgreSQL database {name!r}.")


def one_line(error):
    return " ".join(str(error).split())
