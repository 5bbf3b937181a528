"""The messages of email alerts, each in its list's language with a text and an HTML part (``templates/alerts/``).

Release mail carries RFC 8058 one-click unsubscribe: ``List-Unsubscribe`` names the message's own unsubscribe URL
(and a mailto address when ``KZPRESS_ALERTS_UNSUBSCRIBE_MAILTO`` is set), ``List-Unsubscribe-Post`` says a POST to
it is enough.
"""

import email.policy

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from ...dates import long_date
from .models import Subscription
from .subscriptions import site_url, unsubscribe_token

MAX_ITEMS = 50  # releases listed in one message; the rest are counted, with a link to the list


class AlertMessage(EmailMultiAlternatives):
    """A message whose headers are folded only past RFC 5322's 998 characters: the ``List-Unsubscribe`` URL is one
    token longer than a 78-character line, which Python's mail policy would otherwise write as an RFC 2047 encoded
    word — and mail programs do not read that as a URL. (The parts are encoded as usual.)"""

    def message(self, *, policy=email.policy.default):
        built = super().message(policy=policy)
        built.policy = policy.clone(max_line_length=998)
        return built


def absolute(name, *args):
    return site_url() + reverse(name, args=args or None)


def list_page(subscriber_list):
    """The news list this alert follows, in its language, as an absolute URL."""
    found = subscriber_list
    if found.agency and not (found.region or found.section):
        return absolute("agency", found.agency.slug)
    if found.region and not (found.agency or found.section):
        return absolute("region", found.region.slug)
    query = found.query()
    return absolute("news") + (f"?{query}" if query else "")


def build(subject, template, context, to, language, headers=None):
    context = {**context, "language": language}
    text = render_to_string(f"alerts/email/{template}.txt", context, using="django")
    html = render_to_string(f"alerts/email/{template}.html", context, using="django")
    message = AlertMessage(subject, text, to=[to], headers={
        "Content-Language": language, "Auto-Submitted": "auto-generated", **(headers or {})})
    message.attach_alternative(html, "text/html")
    return message


def confirmation_message(email, subscriber_list, frequency, token):
    language = subscriber_list.language
    with translation.override(language):
        return build(gettext("Confirm your email alerts"), "confirm", {
            "link": absolute("alert-confirm", token), "list": subscriber_list.describe(language),
            "frequency": Subscription.Frequency(frequency).label,
            "days": settings.KZPRESS_ALERTS_CONFIRM_DAYS}, email, language)


def item(version, language):
    article = version.article
    return {"title": version.title, "url": site_url() + version.get_absolute_url(),
            "agency": article.agency.name(language), "region": article.region.name(language) if article.region else "",
            "date": long_date(article.published_at, language)}


def releases_message(email, language, groups, frequency, day=None):
    """One message to ``email`` listing ``groups`` — [(subscription, [LiveVersion])] — under each list's name; a
    release in two lists is listed once."""
    shown, sections, more = set(), [], 0
    with translation.override(language):
        for subscription, versions in groups:
            items = []
            for version in versions:
                if version.pk in shown:
                    continue
                shown.add(version.pk)
                if len(shown) > MAX_ITEMS:
                    more += 1
                    continue
                items.append(item(version, language))
            sections.append({"list": subscription.subscriber_list.describe(language), "items": items,
                             "page": list_page(subscription.subscriber_list),
                             "manage": absolute("alert-manage", subscription.token)})
        count = len(shown)
        if frequency == "daily":
            subject = ngettext("Daily digest, %(date)s: %(n)s press release",
                               "Daily digest, %(date)s: %(n)s press releases", count) % {
                "date": long_date(day, language), "n": count}
        elif count == 1:
            subject = gettext("Press release: %(title)s") % {"title": sections[0]["items"][0]["title"]}
        else:
            subject = ngettext("%(n)s new press release", "%(n)s new press releases", count) % {"n": count}
        unsubscribe = absolute("alert-unsubscribe", unsubscribe_token(s for s, _v in groups))
        mailto = settings.KZPRESS_ALERTS_UNSUBSCRIBE_MAILTO
        return build(subject, "releases", {"sections": sections, "more": more, "unsubscribe": unsubscribe,
                                           "daily": frequency == "daily"}, email, language, {
            "List-Unsubscribe": f"<{unsubscribe}>" + (f", <mailto:{mailto}?subject=unsubscribe>" if mailto else ""),
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        })
