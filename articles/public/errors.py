"""Error pages in the reader's language, in the public site's frame (header, language switcher, footer): 403, 404
and 500 through ``handler403``/``handler404``/``handler500``, 429 for django-axes lockouts (``AXES_LOCKOUT_TEMPLATE``);
the 410 of a removed release is ``articles/gone.html``. The admin has its own 403 and 404 in the editor's language
(``admin/403.html``, Django's ``admin/404.html``, in the admin's frame) and Django's plain 500."""

import logging

from django.contrib import admin
from django.shortcuts import render
from django.views import defaults

logger = logging.getLogger(__name__)


def is_admin(request):
    return request.path.startswith("/admin/")


def not_found(request, exception=None):
    if is_admin(request):
        return render(request, "admin/404.html", admin.site.each_context(request), status=404)
    return render(request, "errors/404.html", status=404)


def permission_denied(request, exception=None):
    """403 in the frame and language of the admin or of the public site (the reason is the code's, in English, and
    stays in the log)."""
    if is_admin(request):
        return render(request, "admin/403.html", admin.site.each_context(request), status=403)
    return render(request, "errors/403.html", status=403)


def server_error(request):
    """The branded page, without touching the database (it may be what failed); Django's plain one if even that
    cannot be rendered."""
    if not is_admin(request):
        try:
            return render(request, "errors/500.html", status=500)
        except Exception:
            logger.exception("The 500 page could not be rendered")
    return defaults.server_error(request)
