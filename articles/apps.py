from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Press releases")

    def ready(self):
        from .public import caching  # noqa: F401 - connects the signals that invalidate public caches
