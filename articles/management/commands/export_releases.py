import json
import sys

from django.core.management.base import BaseCommand
from import_export.formats.base_formats import CSV, XLSX

from articles.importing.formats import export_dataset, export_queryset, export_record


class Command(BaseCommand):
    help = "Export every release (all languages, statuses and flags) as JSON, CSV or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "csv", "xlsx"], default="json",
                            help="json (the default) keeps every field nested per language; csv and xlsx have one "
                                 "column per field and language. All three can be imported again.")
        parser.add_argument("-o", "--output", help="File to write; standard output by default.")

    def handle(self, *args, format, output, **options):
        if format == "json":
            records = [export_record(article) for article in export_queryset().iterator(chunk_size=1000)]
            data = json.dumps(records, ensure_ascii=False, indent=2).encode()
        else:
            fmt = {"csv": CSV, "xlsx": XLSX}[format]()
            data = fmt.export_data(export_dataset())
            data = data.encode() if isinstance(data, str) else data
        if output:
            with open(output, "wb") as handle:
                handle.write(data)
        else:
            sys.stdout.buffer.write(data)
