"""Public pages: thin views over ``LiveVersion.objects.public()``, the text readers may see."""

import functools
import json

from django.conf import settings
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy, override
from django.views.generic import ListView
from django_filters.views import FilterView

from ..links import url
from ..models import Agency, Article, LiveVersion, Region, SitePage
from ..prepared import Prepared, Slot
from .alerts.subscriptions import enabled as alerts_enabled
from .alerts.views import alerts_url
from .caching import depends_on, list_scopes
from .feeds import feed_title, scope_names
from .filters import QUOTES, NewsFilter, active_filters
from .paging import UncountedPaginator, newest
from .search import MAX_QUERY, snippet, words_of


class HomeView(ListView):
    template_name = "articles/home.html"
    context_object_name = "versions"
    paginate_by = 20
    paginator_class = UncountedPaginator

    def get_queryset(self):
        return LiveVersion.objects.public(get_language()).for_listing()

    def get_paginator(self, queryset, per_page, **kwargs):
        language = get_language()
        return super().get_paginator(queryset, per_page, rows=lambda start, stop: newest(
            "listing", None, start, stop)(language=language), **kwargs)

    def get_context_data(self, **kwargs):
        agencies, regions = most_active(get_language())
        context = super().get_context_data(agencies=agencies, regions=regions, feeds=[feed_links("news-feed")],
                                           **kwargs)
        if not context["versions"] and not context["page_obj"].has_previous():
            context["elsewhere"] = in_other_languages(get_language())
        return context


def in_other_languages(language, limit=10, queryset=None, **filters):
    """The latest public releases with no version in ``language`` shown in another one (one version each, the first
    in the site's order of languages): what a page in a language without releases offers instead. ``queryset``: the
    versions to choose from (a list's filters applied), else every public one."""
    order = [code for code, _ in settings.LANGUAGES]
    found = {}
    versions = LiveVersion.objects.public() if queryset is None else queryset
    for version in versions.exclude(language=language).filter(**filters).for_listing()[:limit * 2]:
        best = found.get(version.article_id)
        if best is None or order.index(version.language) < order.index(best.language):
            found[version.article_id] = version
    return list(found.values())[:limit]


@functools.cache
def _recent_places(window):
    """(agency id, region id) of the newest ``window`` public releases in a language, a query compiled once per
    process (the home page's own walk down the releases, newest first)."""
    return Prepared(lambda: LiveVersion.objects.public(Slot("language", models.CharField()), now=Slot.now())
                    .order_by("-article__published_at", "-article_id")
                    .values_list("article__agency_id", "article__region_id")[:window])


def most_active(language, limit=10, window=500):
    """The agencies and the regions of the latest ``window`` public releases in ``language``, the most recently
    active first: a home page names only places whose pages have releases in its language.

    Three small queries whatever the size of the archive (the newest releases come off the date index)."""
    recent = _recent_places(window)(language=language)
    found = []
    for model, ids in ((Agency, (a for a, _ in recent)), (Region, (r for _, r in recent if r is not None))):
        ids = list(dict.fromkeys(ids))[:limit]
        objects = model.objects.only("slug", "name_kk", "name_ru", "name_en").in_bulk(ids)
        found.append([objects[pk] for pk in ids if pk in objects])
    return found


# A release's versions whose page opens, with what the page shows: the one query of a release page.
RELEASE_VERSIONS = Prepared(lambda: LiveVersion.objects.reachable(now=Slot.now())
                            .filter(article_id=Slot("article", models.IntegerField())).for_display()
                            .order_by("language"))


def article_detail(request, pk, slug=None):
    language = get_language()
    versions = {v.language: v for v in RELEASE_VERSIONS(article=pk)}
    version = versions.pop(language, None)
    if version is None:
        if not versions:
            if Article.objects.gone().filter(pk=pk).exists():
                return render(request, "articles/gone.html", status=410)
            raise Http404("No such release.")
        return render(request, "articles/missing_version.html", {"others": versions.values()}, status=404)
    if slug != version.slug:
        return redirect(version, permanent=True)
    return release_page(request, version, versions)


def release_page(request, version, others):
    """A release's page in ``version``'s language (the active one); ``others``: its other versions whose pages open,
    by language. The static renderer calls it for releases read in batches."""
    language = version.language
    original = version.article.original_language
    return render(request, "articles/article_detail.html", {
        "version": version, "article": version.article, "others": others.values(),
        "original": (TRANSLATED_FROM[original], others[original]) if original != language and original in others
        else None,
        "switcher": language_switcher(language, others),
        "json_ld": news_article_json_ld(request, version),
        "feeds": [feed_links("agency-feed", [version.article.agency.slug],
                             title=feed_title(language, [version.article.agency.name(language)])),
                  feed_links("news-feed")],
    })


# Said in the page's language of a language that has no version of the release: one sentence per language, for the
# language's name declines in Russian and Kazakh ("на казахском языке", "қазақ тілінде").
NO_VERSION_IN = {
    "kk": gettext_lazy("This release has no version in Kazakh: the link opens the Kazakh home page."),
    "ru": gettext_lazy("This release has no version in Russian: the link opens the Russian home page."),
    "en": gettext_lazy("This release has no version in English: the link opens the English home page."),
}


# Said on a translation's page of the original it was translated from (which prevails where the two differ, as the
# licence page says): one sentence per original language, whose name declines in Russian and Kazakh.
TRANSLATED_FROM = {
    "kk": gettext_lazy("This is a translation. The original, in Kazakh, prevails where they differ:"),
    "ru": gettext_lazy("This is a translation. The original, in Russian, prevails where they differ:"),
    "en": gettext_lazy("This is a translation. The original, in English, prevails where they differ:"),
}


def language_switcher(current, versions):
    """(code, name, URL, note) of the other languages: the release's version in it when there is one, else its home,
    with a note in the page's language saying so (None for a version)."""
    links = []
    for code, name in settings.LANGUAGES:
        if code != current:
            if code in versions:
                links.append((code, name, versions[code].get_absolute_url(), None))
            else:
                note = str(NO_VERSION_IN[code])
                with override(code):
                    links.append((code, name, url("home"), note))
    return links


def escape_json(text):
    """JSON text safe inside a <script> element: ``<``, ``>`` and ``&`` as \\u escapes (``str.replace`` three times is
    several times faster than ``str.translate`` on Cyrillic text)."""
    return text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")


def news_article_json_ld(request, version):
    """schema.org NewsArticle for a version, escaped for a <script> element."""
    article = version.article
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": version.title[:110],
        "inLanguage": version.language,
        "datePublished": article.published_at.isoformat(),
        "dateModified": version.updated_at.isoformat(),
        "dateCreated": version.first_published_at.isoformat(),
        "url": request.build_absolute_uri(version.get_absolute_url()),
        **({"isBasedOn": article.source_url} if article.source_url else {}),
        "author": {"@type": "GovernmentOrganization", "name": article.agency.name(version.language)},
        "publisher": {"@type": "GovernmentOrganization", "name": article.agency.name(version.language)},
    }
    return mark_safe(escape_json(json.dumps(data, ensure_ascii=False)))  # noqa: S308 - escaped


class NewsListView(FilterView):
    """The news list; agency and region pages are the same list pre-filtered."""

    filterset_class = NewsFilter
    template_name = "articles/news_list.html"
    context_object_name = "versions"
    paginate_by = 20
    paginator_class = UncountedPaginator
    strict = False

    def get_queryset(self):
        queryset = (LiveVersion.objects.public(get_language())
                    .for_listing(with_text=bool(self.request.GET.get("q", "").strip())))
        if self.scope is not None:
            queryset = queryset.filter(**{f"article__{self.scope_field}": self.scope})
        return queryset

    def dispatch(self, request, *args, **kwargs):
        self.scope, self.scope_field = None, None
        if "agency" in kwargs:
            self.scope, self.scope_field = get_object_or_404(Agency, slug=kwargs["agency"]), "agency"
        elif "region" in kwargs:
            self.scope, self.scope_field = get_object_or_404(Region, slug=kwargs["region"]), "region"
        return super().dispatch(request, *args, **kwargs)

    @property
    def filtered(self):
        """Whether the visitor chose a filter (any parameter but the page, not blank)."""
        return any(value.strip() for name, value in self.request.GET.items() if name != "page")

    def get_paginator(self, queryset, per_page, **kwargs):
        """An unfiltered list reads its page with a prepared query."""
        if self.filtered:
            return super().get_paginator(queryset, per_page, **kwargs)
        values = {"language": get_language(), **({"scope": self.scope.pk} if self.scope else {})}
        return super().get_paginator(queryset, per_page, rows=lambda start, stop: newest(
            "listing", self.scope_field, start, stop)(**values), **kwargs)

    def get_context_data(self, **kwargs):
        name = f"{self.scope_field}-feed" if self.scope else "news-feed"
        args = [self.scope.slug] if self.scope else []
        language = get_language()
        query = self.request.GET.copy()
        query.pop("page", None)
        title = feed_title(language, scope_names(language, **{self.scope_field: self.scope} if self.scope else {},
                                                 filterset=self.filterset))
        context = super().get_context_data(scope=self.scope, scope_field=self.scope_field, filtered=self.filtered,
                                           feeds=[feed_links(name, args, query.urlencode(), title)],
                                           chips=chips(self.filterset, query, language), **kwargs)
        if alerts_enabled():
            context["alerts_url"] = self.alerts_url()
        scoped = {f"article__{self.scope_field}": self.scope} if self.scope else {}
        if not context["versions"] and not context["page_obj"].has_previous():
            if not self.filtered:
                context["elsewhere"] = in_other_languages(get_language(), **scoped)
            elif self.filterset.is_valid() and not self.filterset.form.cleaned_data.get("q"):
                # The same agency, region, section or dates in the other languages (words typed in this language
                # are not looked for in the others' texts).
                others = type(self.filterset)(self.filterset.data, queryset=LiveVersion.objects.public(),
                                              request=self.request)
                context["elsewhere"] = in_other_languages(get_language(), queryset=others.qs, **scoped)
                context["elsewhere_filtered"] = bool(context["elsewhere"])
        depends_on(self.request, list_scopes(language, self.scope_field, self.scope, filter_data(self.filterset),
                                             elsewhere="elsewhere" in context))
        query = self.request.GET.get("q", "")
        if query.strip():
            context["no_words"] = not words_of(query)
            context["quoted_query"] = QUOTES.get(language, "“{}”").format(query.strip()[:MAX_QUERY])
            for version in context["versions"]:
                version.snippet_html = snippet(version, query)
        return context


    def alerts_url(self):
        """The subscribe page for this list's agency, region and section (search words and dates are not kept)."""
        chosen = self.filterset.form.cleaned_data if self.filterset.form.is_valid() else {}
        scope = {self.scope_field: self.scope} if self.scope else {}
        return alerts_url(scope.get("agency") or chosen.get("agency"), scope.get("region") or chosen.get("region"),
                          chosen.get("section") or "")


def filter_data(filterset):
    """The valid filters a visitor chose (an invalid one filters nothing)."""
    if filterset is None or not filterset.is_bound:
        return {}
    filterset.form.is_valid()
    return filterset.form.cleaned_data


def chips(filterset, query, language):
    """The chosen filters as (label, value, URL of the list without that filter)."""
    found = []
    for params, label, value in active_filters(filterset, language):
        rest = query.copy()
        for param in params:
            rest.pop(param, None)
        found.append((label, value, f"?{rest.urlencode()}"))
    return found


def site_page(request, slug):
    """A footer page (about, contacts, accessibility statement, licence) in the page's language."""
    page = get_object_or_404(SitePage, slug=slug)
    language = get_language()
    return render(request, "articles/site_page.html", {
        "page": page, "title": page.title(language), "paragraphs": page.paragraphs(language)})


FEED_TYPES = [("rss", "application/rss+xml", "RSS"), ("atom", "application/atom+xml", "Atom"),
              ("json", "application/feed+json", "JSON Feed")]


def feed_links(name, args=(), query="", title=None):
    """(title, [(MIME type, format, URL)]) of a listing's feeds, with the listing's filters; ``title`` says what
    they hold (all press releases in the page's language when not given)."""
    suffix = f"?{query}" if query else ""
    return (title or feed_title(get_language()),
            [(mime, label, url(f"{name}-{kind}", *args) + suffix) for kind, mime, label in FEED_TYPES])
