"""FilterSets (django-filter)."""

import django_filters
from django import forms
from django.db.models import Count, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import Agency, Article, ArticleTranslation, Language, Region
from .parsing import strip_invisible
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


class NewsFilter(django_filters.FilterSet):
    """Filters of the public news list, over public versions in the page's language."""

    q = TextFilter(method="filter_text", label=_("Search"))
    agency = django_filters.ModelChoiceFilter(field_name="article__agency", to_field_name="slug",
                                              queryset=Agency.objects.all(), label=_("Agency"))
    region = django_filters.ModelChoiceFilter(field_name="article__region", to_field_name="slug",
                                              queryset=Region.objects.all(), label=_("Region"))
    section = TextFilter(field_name="article__section", lookup_expr="iexact", label=_("Section"))
    published = django_filters.DateFromToRangeFilter(field_name="article__published_at", label=_("Published"),
                                                     widget=LabelledDateRangeWidget)

    class Meta:
        model = ArticleTranslation
        fields = ["q", "agency", "region", "section", "published"]

    def filter_text(self, queryset, name, value):
        return search(queryset, value, get_language())
