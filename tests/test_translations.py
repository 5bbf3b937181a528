"""Every interface string of the public templates (Jinja2) is translated in the Kazakh and Russian catalogues.

``makemessages`` reads Django templates only, so this test is what keeps a new string in templates/jinja2 from
going out untranslated."""

import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines

TEMPLATES = sorted((settings.BASE_DIR / "templates" / "jinja2").rglob("*.html"))


def template_strings():
    env = engines["jinja2"].env
    found = set()
    for path in TEMPLATES:
        for _line, function, message in env.extract_translations(path.read_text(encoding="utf-8")):
            if function in ("gettext", "_"):
                found.add(message[0] if isinstance(message, tuple) else message)
            elif function == "ngettext":
                found.add(tuple(message[:2]))
    return found


def test_the_public_templates_use_translated_strings():
    assert TEMPLATES and len(template_strings()) > 20  # the extraction finds the templates' strings


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_template_string_is_translated(language):
    path = Path(settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.mo")
    with path.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    missing = []
    for message in sorted(template_strings(), key=str):
        if message == ":":  # Django's own catalogue translates the label suffix
            continue
        key = (message[0], 0) if isinstance(message, tuple) else message
        if not catalog.get(key):
            missing.append(message)
    assert not missing, f"untranslated in locale/{language}: {missing}"


def test_django_admin_speaks_kazakh_where_its_own_catalogue_is_silent():
    """Django 6.1's Kazakh admin catalogue lacks half its messages (after saving a form, "Recent actions", "View
    site" …); the project's catalogue (``articles/admin/django_messages.py``) gives every one of them."""
    from django.utils import translation

    admin_ru = Path(translation.__file__).parents[2] / "contrib" / "admin" / "locale" / "ru" / "LC_MESSAGES"
    with open(admin_ru / "django.mo", "rb") as handle:
        msgids = [key for key in gettext.GNUTranslations(handle)._catalog if isinstance(key, str) and key
                  and "\x04" not in key]  # the singular messages Django's admin has (plurals are keyed by tuples)
    untranslated = []
    with translation.override("kk"):
        for msgid in msgids:
            if translation.gettext(msgid) == msgid and msgid != "%(class_name)s %(instance)s":
                untranslated.append(msgid)
        assert translation.gettext("The {name} “{obj}” was changed successfully.") == "{name} «{obj}» сәтті өзгертілді."
        assert translation.ngettext("Please correct the error below.", "Please correct the errors below.", 2) == \
            "Төмендегі қателерді түзетіңіз."
    assert untranslated == []


@pytest.mark.django_db
def test_the_admin_index_in_kazakh(admin_client):
    page = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert "Соңғы әрекеттер" in page and "Сайтты қарау" in page and "Recent actions" not in page


@pytest.mark.parametrize("app", ["simple_history", "axes", "import_export"])
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_admin_apps_of_other_projects_speak_kazakh_and_russian(app, language):
    """Their catalogues have no Kazakh that Django finds (import-export files it under "kz") and simple-history's
    Russian is filed under "ru_RU", which Django does not look for: ``THIRD_PARTY`` gives every message."""
    import importlib

    from django.utils import translation

    folder = Path(importlib.import_module(app).__file__).parent / "locale"
    source = next(path for path in (folder / "ru" / "LC_MESSAGES" / "django.mo",
                                    folder / "ru_RU" / "LC_MESSAGES" / "django.mo") if path.exists())
    with open(source, "rb") as handle:
        theirs = gettext.GNUTranslations(handle)._catalog
    msgids = [key for key in theirs if isinstance(key, str) and key]
    with translation.override(language):  # (a term their Russian keeps as it is, "User Agent", may stay so)
        untranslated = [msgid for msgid in msgids if translation.gettext(msgid) == msgid != theirs[msgid]]
    assert len(msgids) > 10 and untranslated == []
