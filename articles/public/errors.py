"""Error pages in the reader's language, in the public site's frame (header, language switcher, footer): 404 and
500 through ``handler404``/``handler500``, 429 for django-axes lockouts (``AXES_LOCKOUT_TEMPLATE``); the 410 of a
removed release is ``articles/gone.html``. The admin keeps Django's own error pages."""

import logging

from django.shortcuts import render
from django.views import defaults

logger = logging.getLogger(__name__)


def is_admin(request):
    return request.path.startswith("/admin/")


def not_found(request, exception=None):
    if is_admin(request):
        return defaults.page_not_found(request, exception)
    return render(request, "errors/404.html", status=404)


def server_error(request):
    """The branded page, without touching the database (it may be what failed); Django's plain one if even that
    cannot be rendered."""
    if not is_admin(request):
        try:
            return render(request, "errors/500.html", status=500)
        except Exception:
            logger.exception("The 500 page could not be rendered")
    return defaults.server_error(request)
