"""FilterSets (django-filter)."""

import time

import django_filters
from django import forms
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.forms.models import ModelChoiceIterator
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..models import Agency, LiveVersion, Region
from ..sections import spellings
from ..text import strip_invisible
from .search import search


class LabelledDateRangeWidget(django_filters.widgets.DateRangeWidget):
    """Two date inputs, each with its own accessible name (a range's single <label> names neither)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets[0].attrs.update({"type": "date", "aria-label": _("Published from")})
        self.widgets[1].attrs.update({"type": "date", "aria-label": _("Published until")})


class VisibleTextField(forms.CharField):
    """Text typed by a visitor, without control or invisible characters (they end up in feed titles, in XML)."""

    def to_python(self, value):
        return super().to_python(strip_invisible(value) if isinstance(value, str) else value)


class TextFilter(django_filters.CharFilter):
    field_class = VisibleTextField


class FastSelect(forms.Select):
    """A <select> written in Python: the same HTML as Django's, without a template render per option (a list of
    three hundred agencies otherwise costs more than the rest of the page)."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in (value if isinstance(value, (list, tuple)) else [value]) if v not in (None, "")}
        options = "".join(
            f'<option value="{option if isinstance(option, SafeString) else escape(option)}"'
            f'{" selected" if str(option) in selected or (not selected and option == "") else ""}>'
            f'{label if isinstance(label, SafeString) else escape(label)}</option>' for option, label in self.choices)
        attrs = self.build_attrs(self.attrs, attrs)
        written = "".join(format_html(" {}", key) if value is True else format_html(' {}="{}"', key, value)
                          for key, value in attrs.items() if value is not False and value is not None)
        return format_html('<select name="{}"{}>{}</select>', name, mark_safe(written),  # noqa: S308 - escaped
                           mark_safe(options))  # noqa: S308 - each option escaped


CHOICES_SECONDS = 60
_choices = {}  # (model, language) -> (expiry, [(slug, name)]): per process, cleared by a change in this process


@receiver([post_save, post_delete], sender=Agency)
@receiver([post_save, post_delete], sender=Region)
def _forget_choices(sender, **kwargs):
    _choices.clear()


class RecentChoices(ModelChoiceIterator):
    """(slug, name in the page's language) of every agency or region, read at most once a minute per process
    (another process sees a renamed agency within ``CHOICES_SECONDS``), not on every page."""

    def __iter__(self):
        key = (self.queryset.model, get_language())
        expiry, choices = _choices.get(key, (0, None))
        if expiry < time.monotonic():
            key_name = self.field.to_field_name or "pk"
            choices = [(escape(getattr(obj, key_name)), escape(self.field.label_from_instance(obj)))  # escaped once
                       for obj in self.queryset.only("slug", "name_kk", "name_ru", "name_en")]
            _choices[key] = (time.monotonic() + CHOICES_SECONDS, choices)
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from choices


class LocalizedModelChoiceField(django_filters.fields.ModelChoiceField):
    iterator = RecentChoices

    def label_from_instance(self, obj):
        return obj.localized_name


class LocalizedChoiceFilter(django_filters.ModelChoiceFilter):
    """Agencies or regions by slug, named in the page's language, in a fast <select>."""

    field_class = LocalizedModelChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", FastSelect)
        super().__init__(*args, **kwargs)


class NewsFilter(django_filters.FilterSet):
    """Filters of the public news list, over the live versions in the page's language."""

    q = TextFilter(method="filter_text", label=_("Search"))
    agency = LocalizedChoiceFilter(field_name="article__agency", to_field_name="slug",
                                   queryset=Agency.objects.all(), label=_("Agency"))
    region = LocalizedChoiceFilter(field_name="article__region", to_field_name="slug",
                                   queryset=Region.objects.all(), label=_("Region"))
    section = TextFilter(method="filter_section", label=_("Section"))
    published = django_filters.DateFromToRangeFilter(field_name="article__published_at", label=_("Published"),
                                                     widget=LabelledDateRangeWidget)

    class Meta:
        model = LiveVersion
        fields = ["q", "agency", "region", "section", "published"]

    def filter_section(self, queryset, name, value):
        """A section by any of its names: "Право" and "Құқық" find the releases filed under "Law"."""
        matches = Q()
        for spelling in spellings(value):
            matches |= Q(article__section__iexact=spelling)
        return queryset.filter(matches)

    def filter_text(self, queryset, name, value):
        return search(queryset, value, get_language())
