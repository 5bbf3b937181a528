"""WebSub: tell the hub which feeds changed, so subscribers hear of a release in seconds instead of at their next poll.

With ``KZPRESS_WEBSUB_HUB`` and ``KZPRESS_SITE_URL`` set, a publication queues ``ping`` (Django's tasks framework)
after its transaction commits; the worker POSTs ``hub.mode=publish`` with the absolute URL of every feed the release
appears in — all news, its agency's and its region's, in each language made live — to the hub
(https://www.w3.org/TR/websub/#publishing). A hub that is down costs a log line, never the publication.
"""

import logging
import urllib.parse
import urllib.request

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import translation

from .views import FEED_TYPES

logger = logging.getLogger(__name__)
TIMEOUT = 10


def topics(article, languages):
    """The absolute URLs of the feeds ``article`` appears in, in ``languages``."""
    scopes = [("news-feed", ()), ("agency-feed", (article.agency.slug,))]
    if article.region_id:
        scopes.append(("region-feed", (article.region.slug,)))
    found = []
    for language in languages:
        with translation.override(language):
            found += [settings.KZPRESS_SITE_URL + reverse(f"{name}-{kind}", args=args or None)
                      for name, args in scopes for kind, _mime, _label in FEED_TYPES]
    return found


def announce(article, languages):
    """Queue a ping for ``article``'s feeds once the current transaction commits (nothing when WebSub is off)."""
    if not (settings.KZPRESS_WEBSUB_HUB and settings.KZPRESS_SITE_URL and languages):
        return
    urls = topics(article, languages)
    transaction.on_commit(lambda: ping.enqueue(urls))


@task
def ping(urls):
    """POST ``hub.mode=publish`` for ``urls`` to the hub; returns the hub's HTTP status (None when unreachable)."""
    body = urllib.parse.urlencode([("hub.mode", "publish"), *(("hub.url", u) for u in urls)]).encode()
    request = urllib.request.Request(settings.KZPRESS_WEBSUB_HUB, data=body, method="POST",  # noqa: S310
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - the configured hub
            return response.status
    except OSError as error:
        logger.warning("WebSub hub %s did not take the ping: %s", settings.KZPRESS_WEBSUB_HUB, error)
        return None
