"""The Jinja2 environment of the public pages (``templates/jinja2/``).

The public site renders with Jinja2, which compiles a template to Python code once: a list of twenty releases
or an article page renders several times faster than with Django's template language, which walks its node
tree on every render. The admin keeps Django's templates. Interface text is translated with Django's own
catalogues (``locale/``): the same msgids as before, through Jinja2's i18n extension.
"""

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import dateformat, timezone, translation
from django.utils.autoreload import file_changed
from django.utils.text import Truncator
from jinja2 import Environment
from markupsafe import Markup

from articles.dates import local_time, long_date, long_datetime, publication_datetime
from articles.links import url


def date(value, format_string):
    """Django's ``date`` filter: the value in the current time zone, in a ``dateformat`` format ("c", ISO 8601, the
    one every page uses for its ``<time datetime>``, without building a formatter: what ``dateformat`` returns)."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    if format_string == "c":
        return value.isoformat()
    return dateformat.format(value, format_string)


def truncatechars(value, length):
    return Truncator(value).chars(length)


_translated = {}


def gettext(message):
    """``translation.gettext``, remembered per language: a page asks for the same thirty messages on every render,
    and each of Django's lookups goes through the active language's thread-local twice."""
    key = (translation.get_language(), message)
    try:
        return _translated[key]
    except KeyError:
        found = _translated[key] = translation.gettext(message)
        return found


@receiver(setting_changed)
def _forget_on_settings(*, setting, **kwargs):
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS"}:
        _translated.clear()


@receiver(file_changed)
def _forget_on_catalogue(*, file_path, **kwargs):
    if file_path.suffix == ".mo":  # the development server reloads catalogues without restarting
        _translated.clear()


def _escaped_gettext(__string, **variables):
    """Jinja2's "newstyle" ``gettext`` for an environment that always escapes: the message as ``Markup``, the
    variables escaped into it. Jinja2's own asks for the template's context to know whether it escapes, and so copies
    every variable of the page into a new context at each call inside a loop or a block (a list page: nine copies)."""
    return Markup(gettext(__string)) % variables


def _escaped_ngettext(__singular, __plural, __num, **variables):
    variables.setdefault("num", __num)
    return Markup(translation.ngettext(__singular, __plural, __num)) % variables


def environment(**options):
    from articles.models import SitePage, language_name

    env = Environment(extensions=["jinja2.ext.i18n"], trim_blocks=False, **options)
    env.install_gettext_callables(gettext, translation.ngettext, newstyle=True)
    if env.autoescape is True:  # Django's Jinja2 backend turns it on; with it off, Jinja2's own functions stay
        env.globals.update(gettext=_escaped_gettext, ngettext=_escaped_ngettext)
    env.globals.update(url=url, get_current_language=translation.get_language, language_name=language_name,
                       footer_pages=SitePage.Slug)
    env.filters.update(date=date, truncatechars=truncatechars, long_date=long_date,
                       long_datetime=long_datetime, publication_datetime=publication_datetime, local_time=local_time)
    return env
