"""Regions, agencies, and staff with their roles and agencies."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from ..editorial import access
from ..models import Agency, Region, TranslatorLanguage
from .scope import NotFoundOutsideScope


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_ru", "name_kk", "slug", "kind"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_ru", "name_kk", "slug"]


@admin.register(Agency)
class AgencyAdmin(NotFoundOutsideScope, admin.ModelAdmin):
    list_display = ["name_en", "slug", "kind", "region", "needs_review"]
    list_filter = ["needs_review", "kind", "region"]
    list_select_related = ["region"]
    search_fields = ["name_en", "name_ru", "name_kk", "slug"]
    filter_horizontal = ["members"]

    def get_queryset(self, request):
        return access.agencies_for(request.user, super().get_queryset(request))


class AgencyMembershipInline(admin.TabularInline):
    model = Agency.members.through
    extra = 1
    verbose_name = _("agency")
    verbose_name_plural = _("agencies (the user sees and changes only these agencies' releases)")
    autocomplete_fields = ["agency"]


class TranslatorLanguageInline(admin.TabularInline):
    model = TranslatorLanguage
    extra = 1
    verbose_name = _("working language")
    verbose_name_plural = _("working languages (a translator or reviewer edits only these languages' versions)")


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class StaffAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, AgencyMembershipInline, TranslatorLanguageInline]
    list_display = [*UserAdmin.list_display, "role_list"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("roles"))
    def role_list(self, obj):
        return ", ".join(g.name for g in obj.groups.all()) or "—"
