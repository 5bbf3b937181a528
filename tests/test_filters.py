"""articles.public.filters: the fast <select> writes what Django's template-rendered one writes."""

import re

import pytest
from django import forms

from articles.models import ArticleTranslation
from articles.public.filters import FastSelect, NewsFilter
from tests.factories import AgencyFactory


def squeeze(html):
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("value", [None, "", "b", ["b"]])
def test_fast_select_writes_what_djangos_select_writes(value):
    choices = [("", "---------"), ("a", "Министерство «юстиции»"), ("b", "<script>x</script> & co")]
    attrs = {"id": "id_agency", "aria-describedby": "help"}
    assert squeeze(FastSelect(choices=choices).render("agency", value, attrs)) == \
        squeeze(forms.Select(choices=choices).render("agency", value, attrs))


@pytest.mark.django_db
def test_agency_choices_are_named_in_the_page_language():
    from django.utils import translation

    AgencyFactory(slug="test-justice", name_en="Ministry of Justice", name_ru="Министерство юстиции")
    with translation.override("ru"):
        html = str(NewsFilter({}, queryset=ArticleTranslation.objects.none()).form["agency"])
    assert '<option value="test-justice">Министерство юстиции</option>' in html
