from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Press releases")

    def ready(self):
        from django.db.backends.signals import connection_created

        from .public import changes  # noqa: F401 - connects the signals that announce public changes

        connection_created.connect(_sqlite_functions)
        _select2_in_kazakh()


def _select2_in_kazakh():
    """The admin's autocomplete (Select2) in Kazakh: Django ships no Kazakh messages for it and marks its widget
    lang="None"; ours are in static/admin/js/vendor/select2/i18n/kk.js."""
    from django.contrib.admin import widgets

    widgets.SELECT2_TRANSLATIONS.setdefault("kk", "kk")


def _sqlite_functions(sender, connection, **kwargs):
    """SQLite's ``LIKE`` folds Latin letters only: search compares Cyrillic text through ``casefold()``."""
    if connection.vendor == "sqlite":
        from .public.search import casefold

        connection.connection.create_function("casefold", 1, casefold, deterministic=True)
