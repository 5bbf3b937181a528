"""The desk's queue filter and the state of each release × language cell (shared by the desk and bulk drafts)."""

import django_filters
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from ..models import Agency, Article, ArticleTranslation, Language, language_name
from ..public.filters import LabelledDateRangeWidget

Status = ArticleTranslation.Status
STATES = {
    "missing": (_("missing version"), None),
    "needs_translation": (_("needs translation"), Q(needs_translation=True)),
    "machine_draft": (_("machine draft"), Q(translations__status=Status.MACHINE_DRAFT)),
    "needs_review": (_("needs review"), Q(translations__status=Status.NEEDS_REVIEW)),
    "upstream_changed": (_("upstream changed"), Q(upstream_changed=True)),
    "title_in_capitals": (_("title in capitals"), Q(title_in_capitals=True)),
    "outdated": (_("outdated version"), Q(translations__outdated=True)),
}
# The state of one language version, as the desk's matrix shows it.
CELLS = {
    "missing": _("missing"),
    "needs_translation": _("needs translation"),
    "machine_draft": _("machine draft"),
    "needs_review": _("needs review"),
    "approved": _("approved"),
    "outdated": _("outdated"),
}
CELL_FILTERS = {
    "needs_translation": Q(status=Status.NEEDS_TRANSLATION, outdated=False),
    "machine_draft": Q(status=Status.MACHINE_DRAFT, outdated=False),
    "needs_review": Q(status=Status.NEEDS_REVIEW, outdated=False),
    "approved": Q(status=Status.APPROVED, outdated=False),
    "outdated": Q(outdated=True),
}


def cell_state(version):
    """missing, outdated, or the version's status."""
    if version is None:
        return "missing"
    return "outdated" if version.outdated else version.status


def version_choices():
    """("outdated:kk", "outdated kk") for every state and language."""
    return [(f"{state}:{code}", f"{language_name(code)}: {label}") for state, label in CELLS.items()
            for code in Language.values]


class DeskFilter(django_filters.FilterSet):
    """Filters of the translation desk; the queryset it narrows is the view's (what the user may see)."""

    agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.all(), label=_("Agency"))
    language = django_filters.ChoiceFilter(choices=Language.choices, method="filter_language",
                                           label=_("Language needing work"))
    state = django_filters.ChoiceFilter(choices=[(k, v[0]) for k, v in STATES.items()], method="filter_state",
                                        label=_("State"))
    version = django_filters.ChoiceFilter(choices=version_choices, method="filter_version",
                                          label=_("Language version"))
    published = django_filters.DateFromToRangeFilter(field_name="published_at", label=_("Published between"),
                                                     widget=LabelledDateRangeWidget)

    class Meta:
        model = Article
        fields = ["agency", "version", "language", "state", "published"]

    def filter_version(self, queryset, name, value):
        """Releases whose ``language`` version is in ``state``: "missing:kk", "outdated:ru"."""
        state, language = value.split(":")
        versions = ArticleTranslation.objects.filter(language=language)
        if state == "missing":
            return queryset.exclude(pk__in=versions.values("article_id"))
        return queryset.filter(pk__in=versions.filter(CELL_FILTERS[state]).values("article_id"))

    def filter_language(self, queryset, name, value):
        incomplete = Q(translations__language=value) & ~Q(translations__status=Status.APPROVED)
        return queryset.filter(incomplete | ~Q(pk__in=ArticleTranslation.objects.filter(language=value)
                                              .values("article_id"))).distinct()

    def filter_state(self, queryset, name, value):
        if value == "missing":
            return queryset.annotate(n=Count("translations")).filter(n__lt=3)
        return queryset.filter(STATES[value][1]).distinct()
