from django.core.management.base import BaseCommand

from articles.public.alerts.sending import send_due


class Command(BaseCommand):
    help = ("Send the readers' email alerts that are due: releases that became public since the last run (scheduled "
            "ones too) and, after the digest hour, the daily digests. Run it every few minutes from cron or a "
            "systemd timer; running it again sends nothing twice.")

    def add_arguments(self, parser):
        parser.add_argument("--frequency", choices=["immediate", "daily"],
                            help="Only the immediate alerts, or only the daily digests.")

    def handle(self, *args, frequency=None, **options):
        frequencies = (frequency,) if frequency else ("immediate", "daily")
        count = send_due(frequencies=frequencies)
        self.stdout.write(f"{count} email alert message(s) sent.")
