from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Press releases")

    def ready(self):
        from .public import changes  # noqa: F401 - connects the signals that announce public changes
