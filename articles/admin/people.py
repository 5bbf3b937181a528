"""Regions, agencies, and staff with their roles and agencies."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..editorial import access
from ..models import Agency, Region, TranslatorLanguage
from .scope import NotFoundOutsideScope


class ByNameInTheAdminsLanguage:
    """Listed, and offered by the autocomplete, in the order of their names in the admin's language."""

    def get_ordering(self, request):
        language = get_language()
        return [f"name_{language if language in ('kk', 'ru') else 'en'}"]


@admin.register(Region)
class RegionAdmin(ByNameInTheAdminsLanguage, admin.ModelAdmin):
    list_display = ["name_en", "name_ru", "name_kk", "slug", "kind"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_ru", "name_kk", "slug"]


@admin.register(Agency)
class AgencyAdmin(ByNameInTheAdminsLanguage, NotFoundOutsideScope, admin.ModelAdmin):
    list_display = ["__str__", "slug", "kind", "region", "needs_review"]  # each named in the admin's language
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

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "agency":
            field.label = _("agency")  # the membership table Django makes names its column in English
        return field


class TranslatorLanguageInline(admin.TabularInline):
    model = TranslatorLanguage
    extra = 1
    verbose_name = _("working language")
    verbose_name_plural = _("working languages (a translator or reviewer edits only these languages' versions)")


User = get_user_model()
admin.site.unregister(User)


class RoleFilter(admin.SimpleListFilter):
    """The users by role, each named in the admin's language."""

    title = _("roles")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [(group.pk, access.role_label(group.name)) for group in Group.objects.order_by("name")]

    def queryset(self, request, queryset):
        return queryset.filter(groups=self.value()) if self.value() else queryset


@admin.register(User)
class StaffAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, AgencyMembershipInline, TranslatorLanguageInline]
    # The roles early: at 1366×768 a Kazakh list wider than the screen hides its last columns
    list_display = ["username", "role_list", "email", "first_name", "last_name", "is_staff"]
    list_filter = [*(f for f in UserAdmin.list_filter if f != "groups"), RoleFilter]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups":
            field.label_from_instance = lambda group: access.role_label(group.name)
        elif db_field.name == "user_permissions":
            field.label_from_instance = access.permission_label
        return field

    @admin.display(description=_("roles"))
    def role_list(self, obj):
        return ", ".join(access.role_label(g.name) for g in obj.groups.all()) or "—"


admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(GroupAdmin):
    """The roles (Django's groups), each named in the admin's language."""

    list_display = ["role"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "permissions":
            field.label_from_instance = access.permission_label
        return field

    @admin.display(description=_("name"), ordering="name")
    def role(self, obj):
        return access.role_label(obj.name)
