"""The alert pages: subscribe, confirm, manage, unsubscribe (one-click too). Thin views over ``subscriptions``.

None of them is cached (each carries a form or a secret); none says whether an address is subscribed already.
"""

from urllib.parse import urlencode

from axes.helpers import get_client_ip_address
from django import forms
from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from ...links import url
from ...models import Agency, Region
from ...text import strip_invisible
from . import subscriptions
from .models import Subscription

Frequency = Subscription.Frequency


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    frequency = forms.ChoiceField(label=_("How often"), choices=Frequency.choices, initial=Frequency.IMMEDIATE,
                                  widget=forms.RadioSelect)


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(label=_("How often"), choices=Frequency.choices, widget=forms.RadioSelect)


def alerts_url(agency=None, region=None, section=""):
    """The subscribe page for a filter of the news list, in the active language."""
    query = urlencode([(name, value) for name, value in (
        ("agency", agency.slug if agency else ""), ("region", region.slug if region else ""),
        ("section", section or "")) if value])
    return url("alerts") + (f"?{query}" if query else "")


def requested_list(data):
    """The list a subscribe page is about, from its query (or its form's hidden fields); 404 for an unknown agency
    or region (never a wider list than asked for)."""
    agency = get_object_or_404(Agency, slug=data["agency"]) if data.get("agency") else None
    region = get_object_or_404(Region, slug=data["region"]) if data.get("region") else None
    section = strip_invisible(data.get("section", ""))[:100].strip()
    return subscriptions.list_for(get_language(), agency, region, section)


def _enabled():
    if not subscriptions.enabled():
        raise Http404("Email alerts are off.")


@never_cache
def subscribe(request):
    _enabled()
    found = requested_list(request.POST if request.method == "POST" else request.GET)
    form = SubscribeForm(request.POST or None)
    busy = False
    if request.method == "POST" and form.is_valid():
        busy = subscriptions.network_throttled(get_client_ip_address(request))
        if not busy:
            subscriptions.subscribe(form.cleaned_data["email"], found, form.cleaned_data["frequency"])
            return redirect(url("alert-sent"))
    return render(request, "alerts/subscribe.html", {"form": form, "list": found, "busy": busy,
                                                      "description": found.describe(get_language())},
                  status=429 if busy else 200)


@never_cache
def sent(request):
    _enabled()
    return render(request, "alerts/sent.html", {"days": settings.KZPRESS_ALERTS_CONFIRM_DAYS})


@never_cache
def confirm(request, token):
    try:
        email, found, frequency = subscriptions.read_confirmation(token)
    except subscriptions.BadToken:
        return render(request, "alerts/invalid.html", status=400)
    if request.method == "POST":
        subscription = subscriptions.confirm(token)
        return render(request, "alerts/confirmed.html", {"subscription": subscription,
                                                          "description": found.describe(found.language)})
    return render(request, "alerts/confirm.html", {"email": email, "description": found.describe(found.language),
                                                    "frequency": Frequency(frequency).label})


@never_cache
def manage(request, token):
    subscription = get_object_or_404(Subscription.objects.select_related(
        "subscriber_list__agency", "subscriber_list__region"), token=token)
    form = FrequencyForm(request.POST or None, initial={"frequency": subscription.frequency})
    saved = False
    if request.method == "POST" and subscription.ended_at is None:
        if "unsubscribe" in request.POST:
            subscriptions.unsubscribe(Subscription.objects.filter(pk=subscription.pk))
            return render(request, "alerts/unsubscribed.html", {
                "descriptions": [subscription.subscriber_list.describe(subscription.language)]})
        if form.is_valid():
            subscriptions.change_frequency(subscription, form.cleaned_data["frequency"])
            saved = True
    return render(request, "alerts/manage.html", {
        "subscription": subscription, "form": form, "saved": saved,
        "description": subscription.subscriber_list.describe(subscription.language)})


@csrf_exempt  # RFC 8058: a mail program POSTs "List-Unsubscribe=One-Click" with no cookie and no form token
@never_cache
def unsubscribe(request, token):
    try:
        found = list(subscriptions.subscriptions_for(token))
    except subscriptions.BadToken:
        return render(request, "alerts/invalid.html", status=400)
    descriptions = [s.subscriber_list.describe(s.language) for s in found]
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        subscriptions.unsubscribe(Subscription.objects.filter(pk__in=[s.pk for s in found]),
                                  Subscription.Ended.ONE_CLICK if one_click else Subscription.Ended.UNSUBSCRIBED)
        return render(request, "alerts/unsubscribed.html", {"descriptions": descriptions})
    return render(request, "alerts/unsubscribe.html", {
        "descriptions": descriptions, "running": any(s.ended_at is None for s in found)})
