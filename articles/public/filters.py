"""FilterSets (django-filter)."""

import time

import django_filters
from django import forms
from django.db import connections
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.forms.models import ModelChoiceIterator
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..collation import sort_key
from ..dates import long_date
from ..models import Agency, LiveVersion, Region
from ..sections import section_name, spellings
from ..text import strip_invisible
from .caching import keeps_versions, versions
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
    three hundred agencies otherwise costs more than the rest of the page). The options of the agencies' and
    regions' names, read once a minute (``RecentChoices``), are written once for each choice selected."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = frozenset(str(v) for v in (value if isinstance(value, (list, tuple)) else [value])
                             if v not in (None, ""))
        attrs = self.build_attrs(self.attrs, attrs)
        written = "".join(format_html(" {}", key) if value is True else format_html(' {}="{}"', key, value)
                          for key, value in attrs.items() if value is not False and value is not None)
        return format_html('<select name="{}"{}>{}</select>', name, mark_safe(written),  # noqa: S308 - escaped
                           mark_safe(self.options_html(selected)))  # noqa: S308 - each option escaped

    def options_html(self, selected):
        if not isinstance(self.choices, RecentChoices):
            return _options(self.choices, selected)
        choices = self.choices.current()
        key = (id(choices), str(self.choices.field.empty_label), selected)
        found = _written.get(key)
        if found is None or found[0] is not choices:
            if len(_written) > 200:
                _written.clear()
            found = _written[key] = (choices, _options(self.choices, selected))
        return found[1]


_written = {}  # (id of RecentChoices' list, empty label, selected) -> (that list, its options' HTML)


def _options(choices, selected):
    return "".join(
        f'<optgroup label="{_escaped(option)}">{_options(label, selected)}</optgroup>'
        if isinstance(label, (list, tuple))
        else f'<option value="{_escaped(option)}"'
             f'{" selected" if str(option) in selected or (not selected and option == "") else ""}>'
             f'{_escaped(label)}</option>' for option, label in choices)


def _escaped(text):
    return text if isinstance(text, SafeString) else escape(text)


CHOICES_SECONDS = 60
_choices = {}  # (model, language) -> (expiry, [(slug, name)]): per process, cleared by a change in this process


@receiver([post_save, post_delete], sender=Agency)
@receiver([post_save, post_delete], sender=Region)
def _forget_choices(sender, **kwargs):
    _choices.clear()


class RecentChoices(ModelChoiceIterator):
    """(slug, name in the page's language) of every agency or region, in alphabetical order, read at most once a
    minute per process (another process sees a renamed agency within ``CHOICES_SECONDS``), not on every page."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.current()

    def current(self):
        """The choices of the page's language, read again when a minute old."""
        key = (self.queryset.model, get_language())
        expiry, choices = _choices.get(key, (0, None))
        if expiry < time.monotonic():
            choices = self.choices()
            _choices[key] = (time.monotonic() + CHOICES_SECONDS, choices)
        return choices

    def named(self, objects):
        """(slug, name) escaped once, sorted by name in the page's language."""
        named = [(escape(obj.slug), self.field.label_from_instance(obj)) for obj in objects]
        return [(slug, escape(name)) for slug, name in sorted(named, key=lambda choice: sort_key(choice[1]))]

    def choices(self):
        return self.named(self.queryset.only("slug", "name_kk", "name_ru", "name_en"))


AGENCY_GROUPS = [
    (Agency.Kind.MINISTRY, _("Ministries")),
    (Agency.Kind.AKIMAT, _("Akimats")),
    (Agency.Kind.COMMITTEE, _("Committees")),
    (Agency.Kind.OTHER, _("Other agencies")),
]


class AgencyChoices(RecentChoices):
    """Agencies in <optgroup>s: ministries, regional akimats by region, committees, the others."""

    def choices(self):
        agencies = list(self.queryset.select_related("region").only(
            "slug", "kind", "name_kk", "name_ru", "name_en", "region__name_kk", "region__name_ru", "region__name_en"))
        groups = []
        for kind, label in AGENCY_GROUPS:
            members = [a for a in agencies if a.kind == kind]
            if kind != Agency.Kind.AKIMAT:
                groups.append((escape(label), self.named(members)))
                continue
            regions = sorted({a.region for a in members if a.region}, key=lambda r: sort_key(r.localized_name))
            groups += [(escape(_("Akimats — %(region)s") % {"region": region.localized_name}),
                        self.named([a for a in members if a.region == region])) for region in regions]
            groups.append((escape(label), self.named([a for a in members if a.region is None])))
        return [(label, members) for label, members in groups if members]


class LocalizedModelChoiceField(django_filters.fields.ModelChoiceField):
    iterator = RecentChoices

    def __init__(self, *args, iterator=None, **kwargs):
        super().__init__(*args, **kwargs)
        if iterator is not None:
            self.iterator = iterator

    def label_from_instance(self, obj):
        return obj.localized_name


class LocalizedChoiceFilter(django_filters.ModelChoiceFilter):
    """Agencies or regions by slug, named in the page's language, in a fast <select>."""

    field_class = LocalizedModelChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", FastSelect)
        super().__init__(*args, **kwargs)


def section_choices(language):
    """(stored section, name in ``language``) of the sections among public releases in ``language``, alphabetical;
    one query per language after each change to what the public sees. Without a shared cache (``CACHE_BACKEND=dummy``:
    no versions to compare) at most once per ``CHOICES_SECONDS``, as the agencies' and regions' names."""
    if not keeps_versions():
        key = ("sections", language, int(time.monotonic() // CHOICES_SECONDS))
    else:
        key = ("sections", language, versions([f"lang:{language}"])[f"lang:{language}"])
    found = _choices.get(key)
    if found is None:
        names = {}
        for section in public_sections(language):
            names.setdefault(section_name(section, language), section)
        found = sorted(((section, name) for name, section in names.items() if name),
                       key=lambda choice: sort_key(choice[1]))
        for old in [k for k in _choices if k[0] == "sections" and k[1] == language]:
            del _choices[old]
        _choices[key] = found
    return found


SECTIONS_IN_USE = """
WITH RECURSIVE found(section) AS (
    (SELECT section FROM articles_article WHERE section > '' ORDER BY section LIMIT 1)
    UNION ALL
    SELECT (SELECT a.section FROM articles_article a WHERE a.section > found.section ORDER BY a.section LIMIT 1)
    FROM found WHERE found.section IS NOT NULL
)
SELECT section FROM found WHERE section IS NOT NULL
"""


def public_sections(language):
    """The sections of the public releases in ``language``, sorted. On PostgreSQL the sections in use are read off
    the ``article_section`` index one by one (a handful of index probes instead of a scan of every public release:
    240 ms at 100,000 releases), then each is kept if a public release in ``language`` has it (one query of a
    probe per section): two queries whatever the number of releases."""
    public = LiveVersion.objects.public(language).order_by()
    database = connections[public.db]  # the same database as the probes (a read replica when routed so)
    if database.vendor != "postgresql":
        return sorted(s for s in public.values_list("article__section", flat=True).distinct() if s)
    with database.cursor() as cursor:
        cursor.execute(SECTIONS_IN_USE)
        candidates = [row[0] for row in cursor.fetchall()]
    if not candidates:
        return []
    probes = [public.filter(article__section=section).values_list("article__section", flat=True)[:1]
              for section in candidates]
    return sorted(set(probes[0].union(*probes[1:], all=True).order_by() if len(probes) > 1 else probes[0]))


class SectionSelect(FastSelect):
    """The sections present among public releases, named in the page's language; a section given by another of its
    names ("Право" on the English page) selects its option."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = section_choices(get_language())
        if value:
            known = {spelling.casefold() for spelling in spellings(value)}
            value = next((section for section, _name in choices if section.casefold() in known), value)
        self.choices = [("", _("All sections")), *choices]
        return super().render(name, value, attrs, renderer)


class NewsFilter(django_filters.FilterSet):
    """Filters of the public news list, over the live versions in the page's language."""

    q = TextFilter(method="filter_text", label=_("Search"))
    agency = LocalizedChoiceFilter(field_name="article__agency", to_field_name="slug", queryset=Agency.objects.all(),
                                   label=_("Agency"), empty_label=_("All agencies"), iterator=AgencyChoices)
    region = LocalizedChoiceFilter(field_name="article__region", to_field_name="slug", queryset=Region.objects.all(),
                                   label=_("Region"), empty_label=_("All regions"))
    section = TextFilter(method="filter_section", label=_("Section"), widget=SectionSelect)
    published = django_filters.DateFromToRangeFilter(field_name="article__published_at", label=_("Published"),
                                                     widget=LabelledDateRangeWidget)

    class Meta:
        model = LiveVersion
        fields = ["q", "agency", "region", "section", "published"]

    def filter_queryset(self, queryset):
        """Every other filter first, the search words last: search ranks the newest matches of what the visitor
        narrowed to (an agency, a region, a section, dates), not of every release."""
        data = self.form.cleaned_data
        for name in sorted(data, key=lambda name: name == "q"):
            queryset = self.filters[name].filter(queryset, data[name])
        return queryset

    def filter_section(self, queryset, name, value):
        """A section by any of its names: "Право" and "Құқық" find the releases filed under "Law"."""
        matches = Q()
        for spelling in spellings(value):
            matches |= Q(article__section__iexact=spelling)
        return queryset.filter(matches)

    def filter_text(self, queryset, name, value):
        return search(queryset, value, get_language())


QUOTES = {"en": "“{}”", "ru": "«{}»", "kk": "«{}»"}  # the words searched, quoted as each language quotes


def active_filters(filterset, language):
    """The filters a visitor chose, as (query parameters, label, value in ``language``): for the chips above the
    results and the names of the feeds. Invalid values are left out (they filter nothing)."""
    if filterset is None or not filterset.is_bound:
        return []
    filterset.form.is_valid()
    data = filterset.form.cleaned_data
    found = []
    if data.get("q"):
        found.append((("q",), _("Search"), QUOTES.get(language, "“{}”").format(data["q"])))
    for name in ("agency", "region"):
        if data.get(name):
            found.append(((name,), filterset.filters[name].label, data[name].name(language)))
    if data.get("section"):
        found.append((("section",), _("Section"), section_name(data["section"], language) or data["section"]))
    published = data.get("published")
    if published and (published.start or published.stop):
        dates = [long_date(moment, language) if moment else "…" for moment in (published.start, published.stop)]
        found.append((("published_after", "published_before"), _("Published"), " – ".join(dates)))
    return found
