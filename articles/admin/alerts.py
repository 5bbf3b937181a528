"""Readers' email alerts: the subscriber lists with their counts, and the subscriptions, read only (readers make,
change and end them themselves, from the site and from each message)."""

from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from ..models import SubscriberList, Subscription
from .scope import ReadOnly


@admin.register(SubscriberList)
class SubscriberListAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["__str__", "language", "agency", "region", "section", "active_count", "daily_count",
                    "created_at"]
    list_filter = ["language"]
    search_fields = ["agency__name_en", "agency__name_ru", "agency__name_kk", "region__name_en", "section"]
    list_select_related = ["agency", "region"]

    def get_queryset(self, request):
        running = Q(subscriptions__ended_at__isnull=True, subscriptions__confirmed_at__isnull=False)
        return super().get_queryset(request).annotate(
            active=Count("subscriptions", filter=running),
            daily=Count("subscriptions", filter=running & Q(subscriptions__frequency="daily")))

    @admin.display(description=_("active subscriptions"), ordering="active")
    def active_count(self, obj):
        return obj.active

    @admin.display(description=_("of them daily"), ordering="daily")
    def daily_count(self, obj):
        return obj.daily


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["email", "subscriber_list", "frequency", "confirmed_at", "ended_at", "ended_reason",
                    "delivery_count"]
    list_filter = ["frequency", "subscriber_list__language", "ended_reason",
                   ("ended_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    list_select_related = ["subscriber_list__agency", "subscriber_list__region"]
    exclude = ["token"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(deliveries_sent=Count("deliveries"))

    @admin.display(description=_("releases sent"), ordering="deliveries_sent")
    def delivery_count(self, obj):
        return obj.deliveries_sent
