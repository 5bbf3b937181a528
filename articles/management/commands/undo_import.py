from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles.importing.batches import ImportBatch
from articles.importing.undo import plan, undo_batch


class Command(BaseCommand):
    help = ("Take an import batch back: remove the releases it created, return the ones it updated to their state "
            "before it. Releases edited since are listed and kept unless named with --confirm.")

    def add_arguments(self, parser):
        parser.add_argument("batch", type=int, help="The batch number (import_releases prints it).")
        parser.add_argument("--confirm", type=int, nargs="*", default=[], metavar="ARTICLE_ID",
                            help="Undo these releases too although someone edited them after the batch.")
        parser.add_argument("--dry-run", action="store_true", help="Say what would happen; change nothing.")

    def handle(self, *args, batch, confirm, dry_run, **options):
        try:
            found = ImportBatch.objects.get(pk=batch)
        except ImportBatch.DoesNotExist as error:
            raise CommandError(f"there is no import batch {batch}") from error
        try:
            done = plan(found) if dry_run else undo_batch(found, None, confirm=confirm)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        verb = "would be" if dry_run else "were"
        self.stdout.write(f"batch {batch}: {len(done.remove)} release(s) {verb} removed, "
                          f"{len(done.restore)} {verb} restored to their state before the batch.")
        for article in done.edited:
            self.stdout.write(f"  kept, edited after the batch: {article.pk} {article} "
                              f"(undo it too with --confirm {article.pk})")
