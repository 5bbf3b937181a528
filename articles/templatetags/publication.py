"""``{% load publication %}``: a release's publication date in the admin, as its lists write it."""

from django import template

from ..dates import admin_publication_date

register = template.Library()


@register.filter
def published_on(moment):
    """``{{ article.published_at|published_on }}``: the date and time in the admin's language and Almaty time, or
    the date alone when the source gave no time."""
    return admin_publication_date(moment)
