"""The footer's pages (about, contacts, accessibility statement, licence): their texts in the three languages."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import SitePage


@admin.register(SitePage)
class SitePageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "title_kk", "title_ru", "title_en", "updated_at"]
    fieldsets = [
        (None, {"fields": ["slug"]}),
        (_("Kazakh"), {"fields": ["title_kk", "body_kk"]}),
        (_("Russian"), {"fields": ["title_ru", "body_ru"]}),
        (_("English"), {"fields": ["title_en", "body_en"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        return ["slug"] if obj else []  # the footer links to the page by it
