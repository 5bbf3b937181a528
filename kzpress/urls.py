from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

admin.site.site_header = "kzpress"
admin.site.site_title = "kzpress"
admin.site.index_title = "Press releases"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
]
