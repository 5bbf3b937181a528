from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import index, sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from articles.admin.language import set_admin_language
from articles.admin.view_on_site import view_on_site
from articles.editorial import preview_pages as previews
from articles.public.caching import public
from articles.public.sitemaps import SITEMAPS

if settings.KZPRESS_ADMIN_OTP:  # every staff login then needs a TOTP code (django-otp)
    from django_otp.admin import OTPAdminSite

    admin.site.__class__ = OTPAdminSite
admin.site.site_header = "kzpress"
admin.site.site_title = "kzpress"
admin.site.index_title = _("Press releases")

urlpatterns = [
    # Before the admin's own: its view-on-site shortcut, scoped to what the user may see.
    path("admin/r/<path:content_type_id>/<path:object_id>/", admin.site.admin_view(view_on_site),
         name="view_on_site"),
    path("admin/", admin.site.urls),
    path("i18n/admin/", set_admin_language, name="set_admin_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", public(sitemap, max_age=3600), {"sitemaps": SITEMAPS}, name="sitemap"),  # the newest
    # Every release: an index of each section's pages (sitemap-releases.xml?p=2 …), as robots.txt says.
    path("sitemap-index.xml", public(index, max_age=3600),
         {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"}, name="sitemap-index"),
    path("sitemap-<section>.xml", public(sitemap, max_age=3600), {"sitemaps": SITEMAPS}, name="sitemap-section"),
    # Shared previews: outside the language prefixes, so the public page cache never sees them.
    path("preview/<str:token>/", previews.link_index, name="preview-link"),
    path("preview/<str:token>/<int:pk>/<str:language>/", previews.link_version, name="preview-version"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
]
urlpatterns += i18n_patterns(path("", include("articles.public.urls")))
handler403 = "articles.public.errors.permission_denied"
handler404 = "articles.public.errors.not_found"
handler500 = "articles.public.errors.server_error"
