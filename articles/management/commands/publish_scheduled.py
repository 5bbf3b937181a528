from django.core.management.base import BaseCommand

from articles.editorial.workflow import publish_due


class Command(BaseCommand):
    help = ("Publish scheduled releases whose time has come (run every minute from cron or a systemd timer; "
            "the public site already shows them on time, this flips their state and invalidates caches).")

    def handle(self, *args, **options):
        count = publish_due()
        self.stdout.write(f"{count} scheduled release(s) published.")
