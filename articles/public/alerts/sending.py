"""Mailing the releases that became public: right after a publication, and in a daily digest.

``collect_due`` finds, for each confirmed subscription of a frequency, the live versions of its list that became
public after it was confirmed (and within ``KZPRESS_ALERTS_LOOKBACK_HOURS``) and that the ``Delivery`` log does not
hold yet; ``send_batch`` mails one address all of its due releases in one message (per language) and logs them in
the same transaction, so nothing goes twice and a failed send is retried by the next run. Only public live text
goes out (``LiveVersion.objects.public()``): drafts, scheduled releases before their time and withdrawn ones never.

A publication queues ``send_alerts`` once its transaction commits (``announce``, called by the publishing path).
A scheduled release becomes public at its time without any write, and daily digests fall due at
``KZPRESS_ALERTS_DIGEST_HOUR`` (Almaty time), so ``manage.py send_email_alerts`` runs every few minutes (cron) to
catch both: a digest holds what became public up to the last digest hour, so running it often sends nothing twice.
"""

import datetime
import logging
import smtplib
from collections import defaultdict

from django.conf import settings
from django.core.mail import mailers
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce, Greatest
from django.tasks import task
from django.utils import timezone

from ...models import LiveVersion
from .mail import releases_message
from .models import Delivery, Subscription
from .subscriptions import enabled

logger = logging.getLogger(__name__)
Frequency = Subscription.Frequency


def public_since():
    """When a live version became public: made live, or its release's scheduled time if that came later."""
    return Greatest(F("first_published_at"), Coalesce(F("article__publish_at"), F("first_published_at")))


def digest_moment(now):
    """The last daily digest time (``KZPRESS_ALERTS_DIGEST_HOUR`` in Almaty) at or before ``now``."""
    local = timezone.localtime(now)
    moment = local.replace(hour=settings.KZPRESS_ALERTS_DIGEST_HOUR, minute=0, second=0, microsecond=0)
    return moment if moment <= local else moment - datetime.timedelta(days=1)


def collect_due(frequency, until, now=None):
    """{(email, language): [(subscription, [LiveVersion])]} of what ``frequency`` subscriptions are owed of the
    releases that became public up to ``until``; a query per list with subscribers, and one for the log."""
    now = now or timezone.now()
    floor = now - datetime.timedelta(hours=settings.KZPRESS_ALERTS_LOOKBACK_HOURS)
    members = defaultdict(list)
    for subscription in (Subscription.objects.filter(frequency=frequency, ended_at__isnull=True,
                                                     confirmed_at__isnull=False)
                         .select_related("subscriber_list__agency", "subscriber_list__region").order_by("pk")):
        members[subscription.subscriber_list].append(subscription)
    batches = defaultdict(list)
    for found, subscriptions in members.items():
        since = max(floor, min(s.confirmed_at for s in subscriptions))
        versions = list(LiveVersion.objects.public().filter(found.criteria()).annotate(since=public_since())
                        .filter(since__gt=since, since__lte=until).for_listing())
        if not versions:
            continue
        delivered = set(Delivery.objects.filter(subscription__in=subscriptions,
                                                article_id__in={v.article_id for v in versions})
                        .values_list("subscription_id", "article_id", "language"))
        for subscription in subscriptions:
            due = [v for v in versions if v.since > subscription.confirmed_at
                   and (subscription.pk, v.article_id, v.language) not in delivered]
            if due:
                batches[(subscription.email, found.language)].append((subscription, due))
    return batches


def send_batch(email, language, groups, frequency, connection, day=None):
    """Mail ``email`` the releases of ``groups`` in one message and log them; False when nothing was left to send
    (unsubscribed meanwhile, or sent by another worker). An error of the mail server undoes the log."""
    with transaction.atomic():
        running = set(Subscription.objects.select_for_update(skip_locked=True)
                      .filter(pk__in=[s.pk for s, _v in groups], ended_at__isnull=True).values_list("pk", flat=True))
        sent = set(Delivery.objects.filter(subscription_id__in=running,
                                           article_id__in={v.article_id for _s, vs in groups for v in vs})
                   .values_list("subscription_id", "article_id", "language"))
        public = set(LiveVersion.objects.public().filter(pk__in={v.pk for _s, vs in groups for v in vs})
                     .values_list("pk", flat=True))  # withdrawn since they were collected: not sent
        groups = [(s, [v for v in versions if v.pk in public and (s.pk, v.article_id, v.language) not in sent])
                  for s, versions in groups if s.pk in running]
        groups = [(s, versions) for s, versions in groups if versions]
        if not groups:
            return False
        Delivery.objects.bulk_create([Delivery(subscription=s, article_id=v.article_id, language=v.language)
                                      for s, versions in groups for v in versions])
        connection.send_messages([releases_message(email, language, groups, frequency, day=day)])
    return True


def send_due(now=None, frequencies=(Frequency.IMMEDIATE, Frequency.DAILY)):
    """Send every message that is due now, over one connection to the mail server; returns how many were sent."""
    if not enabled():
        logger.warning("Email alerts are off: KZPRESS_SITE_URL is not set.")
        return 0
    now = now or timezone.now()
    work = []
    for frequency in frequencies:
        until = now if frequency == Frequency.IMMEDIATE else digest_moment(now)
        day = timezone.localtime(until).date()
        work += [(email, language, groups, frequency, day)
                 for (email, language), groups in collect_due(frequency, until, now).items()]
    if not work:
        return 0
    count = 0
    with mailers.default as connection:
        for email, language, groups, frequency, day in work:
            try:
                count += send_batch(email, language, groups, frequency, connection, day)
            except (smtplib.SMTPException, OSError) as error:  # this address now, the others still
                logger.warning("Email alert to one subscriber not sent (retried next run): %s", error)
    return count


@task
def send_alerts(frequency=None):
    """Send the alerts that are due (those of ``frequency`` only, when given); returns how many messages."""
    return send_due(frequencies=(frequency,) if frequency else (Frequency.IMMEDIATE, Frequency.DAILY))


def _queue_immediate():
    """Queue the immediate run, ``KZPRESS_ALERTS_BATCH_SECONDS`` later when the backend can wait: publications of
    the next moments (a desk publishing releases one after another) then go out together."""
    queued = send_alerts
    if settings.KZPRESS_ALERTS_BATCH_SECONDS and queued.get_backend().supports_defer:
        queued = queued.using(run_after=timezone.now()
                              + datetime.timedelta(seconds=settings.KZPRESS_ALERTS_BATCH_SECONDS))
    queued.enqueue(Frequency.IMMEDIATE)


def announce():
    """Queue the immediate alerts once the current transaction commits: once per transaction, however many
    releases it publishes (so a reader gets one message listing them all)."""
    if not enabled():
        return
    connection = transaction.get_connection()
    # A callback still waiting is dropped only by rolling back a savepoint that is open now, which would drop the
    # new one as well: one waiting is enough.
    waiting = connection.run_on_commit if connection.in_atomic_block else ()
    if any(func is _queue_immediate for _sids, func, _robust in waiting):
        return
    transaction.on_commit(_queue_immediate)
