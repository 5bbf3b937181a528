"""FilterSets (django-filter)."""

import time

import django_filters
from django import forms
from django.db.models import Count, Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.forms.models import ModelChoiceIterator
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..models import Agency, Article, ArticleTranslation, Language, Region
from ..parsing import strip_invisible
from .search import search

Status = ArticleTranslation.Status
STATES = {
    "missing": (_("missing version"), None),
    "needs_translation": (_("needs translation"), Q(needs_translation=True)),
    "machine_draft": (_("machine draft"), Q(translations__status=Status.MACHINE_DRAFT)),
    "needs_review": (_("needs review"), Q(translations__status=Status.NEEDS_REVIEW)),
    "upstream_changed": (_("upstream changed"), Q(upstream_changed=True)),
    "title_in_capitals": (_("title in capitals"), Q(title_in_capitals=True)),
}


class LabelledDateRangeWidget(django_filters.widgets.DateRangeWidget):
    """Two date inputs, each with its own accessible name (a range's single <label> names neither)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets[0].attrs.update({"type": "date", "aria-label": _("Published from")})
        self.widgets[1].attrs.update({"type": "date", "aria-label": _("Published until")})


class DeskFilter(django_filters.FilterSet):
    """Filters of the translation desk; the queryset it narrows is the view's (what the user may see)."""

    agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.all(), label=_("Agency"))
    language = django_filters.ChoiceFilter(choices=Language.choices, method="filter_language",
                                           label=_("Language needing work"))
    state = django_filters.ChoiceFilter(choices=[(k, v[0]) for k, v in STATES.items()], method="filter_state",
                                        label=_("State"))
    published = django_filters.DateFromToRangeFilter(field_name="published_at", label=_("Published between"),
                                                     widget=LabelledDateRangeWidget)

    class Meta:
        model = Article
        fields = ["agency", "language", "state", "published"]

    def filter_language(self, queryset, name, value):
        incomplete = Q(translations__language=value) & ~Q(translations__status=Status.APPROVED)
        return queryset.filter(incomplete | ~Q(pk__in=ArticleTranslation.objects.filter(language=value)
                                              .values("article_id"))).distinct()

    def filter_state(self, queryset, name, value):
        if value == "missing":
            return queryset.annotate(n=Count("translations")).filter(n__lt=3)
        return queryset.filter(STATES[value][1]).distinct()


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
    """Filters of the public news list, over public versions in the page's language."""

    q = TextFilter(method="filter_text", label=_("Search"))
    agency = LocalizedChoiceFilter(field_name="article__agency", to_field_name="slug",
                                   queryset=Agency.objects.all(), label=_("Agency"))
    region = LocalizedChoiceFilter(field_name="article__region", to_field_name="slug",
                                   queryset=Region.objects.all(), label=_("Region"))
    section = TextFilter(field_name="article__section", lookup_expr="iexact", label=_("Section"))
    published = django_filters.DateFromToRangeFilter(field_name="article__published_at", label=_("Published"),
                                                     widget=LabelledDateRangeWidget)

    class Meta:
        model = ArticleTranslation
        fields = ["q", "agency", "region", "section", "published"]

    def filter_text(self, queryset, name, value):
        return search(queryset, value, get_language())
