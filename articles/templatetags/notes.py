"""``{% load notes %}``: the notes the system stores in English, in the reader's language (``articles.notes``)."""

from django import template

from ..notes import translated, translated_all

register = template.Library()


@register.filter
def note(value):
    """``{{ revision.reason|note }}``: one note."""
    return translated(value)


@register.filter
def notes(values):
    """``{{ row.messages|notes|join:"; " }}``: each of a list of notes."""
    return translated_all(values)
