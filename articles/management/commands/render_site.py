from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.public.rendering import render_due, render_site


class Command(BaseCommand):
    help = ("Render the static site (KZPRESS_SITE_DIR, or the 'site' storage): every public page and feed that nginx "
            "serves without Django, and remove the files of releases no longer public. Idempotent (unchanged files "
            "are not rewritten) and resumable (a stopped run goes on where it stopped; --restart starts over).")

    def add_arguments(self, parser):
        parser.add_argument("--languages", default="", help="Comma-separated language codes (default: all).")
        parser.add_argument("--restart", action="store_true", help="Ignore the checkpoint of an unfinished run.")
        parser.add_argument("--processes", type=int, default=1,
                            help="Render in this many processes (about one per core the machine can spare).")
        parser.add_argument("--due", action="store_true",
                            help="Only the releases whose scheduled time has come (run it every minute from cron).")

    def handle(self, *args, languages="", restart=False, due=False, processes=1, **options):
        known = [code for code, _name in settings.LANGUAGES]
        codes = [code.strip() for code in languages.split(",") if code.strip()] or known
        if unknown := set(codes) - set(known):
            raise CommandError(f"unknown language(s): {', '.join(sorted(unknown))}")
        if due:
            tree = render_due()
            self.stdout.write(f"{tree.written if tree else 0} file(s) written, "
                              f"{tree.removed if tree else 0} removed for scheduled releases.")
            return

        def progress(run, after, total, seconds):
            if options["verbosity"] >= 1:
                self.stdout.write(f"… {run.pages} pages, releases up to #{after} (of {total} releases), "
                                  f"{run.release_pages / max(run.release_seconds, 1e-9):.0f} release pages/s")

        run = render_site(codes, restart=restart, progress=progress, processes=max(processes, 1))
        if run.resumed_after is not None:
            self.stdout.write(f"Resumed after release #{run.resumed_after}.")
        tree = run.tree
        self.stdout.write(self.style.SUCCESS(
            f"{run.pages} pages in {run.seconds:.1f} s ({run.pages / max(run.seconds, 1e-9):.0f} pages/s): "
            f"{tree.written} written, {tree.unchanged} unchanged, {tree.removed} removed; the releases' "
            f"{run.release_pages} pages in {run.release_seconds:.1f} s "
            f"({run.release_pages / max(run.release_seconds, 1e-9):.0f} pages/s)."))
