"""WSGI entry point for kzpress."""

import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kzpress.settings")

try:
    application = get_wsgi_application()
except ImproperlyConfigured as error:  # e.g. no SECRET_KEY: one line, and gunicorn stops ("failed to boot", exit 3)
    sys.stderr.write(f"kzpress: {error}\n")
    raise SystemExit(3) from None
