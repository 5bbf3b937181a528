"""``{% load notes %}``: the notes the system stores in English, in the reader's language (``articles.notes``)."""

from django import template

from ..models import language_name
from ..notes import fields, translated, translated_all

register = template.Library()


@register.filter
def note(value):
    """``{{ revision.reason|note }}``: one note."""
    return translated(value)


@register.filter
def notes(values):
    """``{{ row.messages|notes|join:"; " }}``: each of a list of notes."""
    return translated_all(values)


@register.filter
def field_name(value):
    """``{{ name|field_name }}``: a field as the system names it ("title", "title [ru]", "published") in the
    reader's language ("заголовок", "заголовок (Русский)", "дата публикации"); anything else as it is."""
    return fields(str(value))


@register.filter
def field_names(values):
    """``{{ revision.changes|field_names|join:", " }}``: each of a list of fields."""
    return [field_name(value) for value in values or ()]


@register.simple_tag
def language_and_field(language, name):
    """"Kazakh · body" in the reader's language: where a glossary finding is."""
    return f"{language_name(language)} · {field_name(name)}"
