"""Subscribing, confirming and leaving: the operations behind the alert pages, used by views, tests and the admin.

- ``subscribe(email, subscriber_list, frequency)`` queues a confirmation mail with a signed link that expires
  (``KZPRESS_ALERTS_CONFIRM_DAYS``); nothing about the address is stored. Whether the address is subscribed
  already is never told: it gets the same mail, and following the link again only sets the frequency. At most
  ``KZPRESS_ALERTS_CONFIRMATIONS_PER_DAY`` mails go to one address a day (the form cannot bomb a mailbox); the
  form answers the same when one is held back. One network asks at most ``KZPRESS_ALERTS_SUBSCRIBES_PER_HOUR``
  subscriptions an hour (``network_throttled``); past them the form says to try later.
- ``confirm(token)`` makes (or updates) the subscription: from then on releases are mailed.
- ``unsubscribe(subscriptions, reason)`` ends them at once; ``unsubscribe_token`` names a message's set of
  subscriptions for its one-click link (RFC 8058), ``subscriptions_for(token)`` reads it back.
"""

import hashlib
import ipaddress
import logging

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone

from ...models import Agency, Region
from ...sections import spellings
from .models import SubscriberList, Subscription

logger = logging.getLogger(__name__)
CONFIRM_SALT = "kzpress.alerts.confirm"
UNSUBSCRIBE_SALT = "kzpress.alerts.unsubscribe"
HOUR = 3600
DAY = 24 * HOUR


class BadToken(Exception):
    """A link that was altered, or has expired."""


def site_url():
    """The site's address for links in mail (``KZPRESS_SITE_URL``): alerts are off without it."""
    if not settings.KZPRESS_SITE_URL:
        raise ImproperlyConfigured("Email alerts need KZPRESS_SITE_URL (https://press.example.kz).")
    return settings.KZPRESS_SITE_URL


def enabled():
    return bool(settings.KZPRESS_SITE_URL)


def normalise(email):
    return email.strip().lower()


def list_for(language, agency=None, region=None, section=""):
    """The list of ``language``'s releases of ``agency``, ``region`` and ``section`` (each optional): the stored one,
    or a new one not saved yet (``subscriber_list`` saves it). A known section is kept by its English name."""
    section = spellings(section)[0] if section.strip() else ""
    key = SubscriberList.make_key(language, agency, region, section)
    found = SubscriberList.objects.select_related("agency", "region").filter(key=key).first()
    return found or SubscriberList(key=key, language=language, agency=agency, region=region, section=section)


def subscriber_list(language, agency=None, region=None, section=""):
    """``list_for``, saved."""
    found = list_for(language, agency, region, section)
    if found.pk is None:
        try:
            with transaction.atomic():
                found.save()
        except IntegrityError:  # made by a request running at the same time
            found = SubscriberList.objects.get(key=found.key)
    return found


def confirmation_token(email, subscriber_list, frequency):
    """The signed link of a confirmation mail: the address, the list's criteria and the frequency (the list itself
    is made only when the link is followed)."""
    found = subscriber_list
    return signing.dumps({"e": normalise(email), "f": frequency,
                          "c": [found.language, found.agency_id, found.region_id, found.section]},
                         salt=CONFIRM_SALT, compress=True)


def read_confirmation(token):
    """(email, SubscriberList — unsaved when new —, frequency) of a confirmation link; BadToken when altered or
    expired."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=settings.KZPRESS_ALERTS_CONFIRM_DAYS * DAY)
        language, agency, region, section = data["c"]
        agency = Agency.objects.get(pk=agency) if agency else None
        region = Region.objects.get(pk=region) if region else None
    except (signing.BadSignature, Agency.DoesNotExist, Region.DoesNotExist, KeyError, TypeError,
            ValueError) as error:
        raise BadToken(str(error)) from error
    if data.get("f") not in Subscription.Frequency.values or language not in dict(settings.LANGUAGES):
        raise BadToken("unknown frequency or language")
    return data["e"], list_for(language, agency, region, section), data["f"]


def _counted(key, seconds):
    """Count one more under ``key`` (kept ``seconds`` from the first); the count."""
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired in between
        cache.set(key, 1, seconds)
        return 1


def throttled(email):
    """Count a confirmation mail to ``email``; True when the day's allowance is used up."""
    key = "kzpress:alerts:confirmations:" + hashlib.sha256(normalise(email).encode()).hexdigest()
    return _counted(key, DAY) > settings.KZPRESS_ALERTS_CONFIRMATIONS_PER_DAY


def network_throttled(address):
    """Count a subscription asked from the network ``address``; True past ``KZPRESS_ALERTS_SUBSCRIBES_PER_HOUR`` in
    the hour (a script posting many addresses would mail every one of them). No address known, or a loopback one
    (a proxy in front whose ``X-Forwarded-For`` is not read: ``KZPRESS_PROXY_COUNT``): not counted, or every
    reader would share one allowance."""
    if not address or ipaddress.ip_address(address).is_loopback:
        return False
    key = "kzpress:alerts:subscribes:" + hashlib.sha256(address.encode()).hexdigest()
    return _counted(key, HOUR) > settings.KZPRESS_ALERTS_SUBSCRIBES_PER_HOUR


def subscribe(email, subscriber_list, frequency):
    """Queue the confirmation mail for ``email`` to join ``subscriber_list`` (saved or not); False when held back
    by the throttle (the reader is not told)."""
    email = normalise(email)
    if throttled(email):
        logger.info("Confirmation mail held back: the day's allowance for one address is used up.")
        return False
    token = confirmation_token(email, subscriber_list, frequency)
    transaction.on_commit(lambda: send_confirmation.enqueue(email, token))
    return True


def confirm(token, now=None):
    """Start the subscription a confirmation link asks for (or set its frequency); returns it."""
    email, found, frequency = read_confirmation(token)
    now = now or timezone.now()
    if found.pk is None:
        found = subscriber_list(found.language, found.agency, found.region, found.section)
    with transaction.atomic():
        current = (Subscription.objects.select_for_update()
                   .filter(email=email, subscriber_list=found, ended_at__isnull=True).first())
        if current is None:
            try:
                with transaction.atomic():
                    return Subscription.objects.create(email=email, subscriber_list=found, frequency=frequency,
                                                       confirmed_at=now)
            except IntegrityError:  # the link followed twice at once
                current = Subscription.objects.get(email=email, subscriber_list=found, ended_at__isnull=True)
        current.frequency = frequency
        current.confirmed_at = current.confirmed_at or now
        current.save(update_fields=["frequency", "confirmed_at"])
    return current


def change_frequency(subscription, frequency):
    Subscription.objects.filter(pk=subscription.pk).update(frequency=frequency)
    subscription.frequency = frequency
    return subscription


def unsubscribe(subscriptions, reason=Subscription.Ended.UNSUBSCRIBED, now=None):
    """End ``subscriptions`` (a queryset) now; returns how many were still running."""
    return subscriptions.filter(ended_at__isnull=True).update(ended_at=now or timezone.now(), ended_reason=reason)


def unsubscribe_token(subscriptions):
    """The signed token of a message's one-click link: it ends exactly these subscriptions, and never expires."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object(sorted(s.pk for s in subscriptions), compress=True)


def subscriptions_for(token):
    """The subscriptions an unsubscribe token names (ended ones too); BadToken when altered."""
    try:
        ids = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except signing.BadSignature as error:
        raise BadToken(str(error)) from error
    if not isinstance(ids, list) or not all(isinstance(pk, int) for pk in ids):
        raise BadToken("not a list of subscriptions")
    return Subscription.objects.filter(pk__in=ids).select_related("subscriber_list__agency",
                                                                  "subscriber_list__region")


@task
def send_confirmation(email, token):
    """Mail the confirmation link of ``token`` to ``email``, in its list's language."""
    from .mail import confirmation_message

    email_, found, frequency = read_confirmation(token)
    confirmation_message(email, found, frequency, token).send()
    return True
