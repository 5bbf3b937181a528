"""
Feeds for subscribers: RSS 2.0 and Atom 1.0 (Django's syndication framework) and JSON
Feed 1.1, for every listing of the public site — all news, an agency, a region, and any
filter of the news list (its query string applies to the feed). Items are the public
versions in the feed's language only, from the same FilterSet as the list.

Each feed is paged (RFC 5005, section 3): ``?page=2`` holds the next ``ITEMS`` older items,
and every page links to the first, previous and next ones (Atom ``link``, RSS ``atom:link``,
JSON Feed ``next_url``). With ``KZPRESS_WEBSUB_HUB`` set, feeds name their WebSub hub
(``articles.public.websub`` pings it after a publication).
"""

import datetime
import functools
import html
import io
import json
import re
from inspect import unwrap
from xml.sax.saxutils import XMLGenerator, escape, quoteattr

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed, rfc3339_date
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.utils.xmlutils import SimplerXMLGenerator, UnserializableContentError

from ..dates import long_date
from ..models import Agency, LiveVersion, Region
from ..sections import section_name
from .caching import depends_on, list_scopes
from .filters import NewsFilter, active_filters
from .paging import MAX_PAGES, newest

ITEMS = 50
PRESS_RELEASES = {  # what a feed holds, in the language of its page (a feed is always in its page's language)
    "en": gettext_lazy("press releases in English"),
    "ru": gettext_lazy("press releases in Russian"),
    "kk": gettext_lazy("press releases in Kazakh"),
}


def feed_title(language, names=()):
    """ "Ministry of Justice — press releases in English"; "All agencies — …" for the whole site."""
    return _("%(scope)s — %(what)s") % {"scope": " · ".join(str(n) for n in names if n) or _("All agencies"),
                                         "what": PRESS_RELEASES[language]}


def scope_names(language, agency=None, region=None, filterset=None):
    """The agency, region and filters a listing or feed is limited to, named in ``language``."""
    return ([x.name(language) for x in (agency, region) if x]
            + [value for _params, _label, value in active_filters(filterset, language)])


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0B-\x0C\x0E-\x1F]")  # django.utils.xmlutils' test, compiled now


class XMLWriter(SimplerXMLGenerator):
    """Django's feed XML writer, checking for control characters with a compiled pattern (Django's is a lazy
    object: one proxy call for each of a feed's thousand strings)."""

    def characters(self, content):
        if content and CONTROL_CHARACTERS.search(content):
            raise UnserializableContentError
        XMLGenerator.characters(self, content)

    def startElement(self, name, attrs):
        for value in attrs.values():
            if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
                raise UnserializableContentError
        XMLGenerator.startElement(self, name, dict(sorted(attrs.items())) if attrs else attrs)

    def addQuickElement(self, name, contents=None, attrs=None):
        """Django's (a start tag, the text, an end tag), written as one string: the same bytes without three calls
        into the SAX writer for each of a feed's thousand elements."""
        if not self._short_empty_elements:
            return super().addQuickElement(name, contents, attrs)
        self._finish_pending_start_element()
        tag = name
        for key, value in sorted(attrs.items()) if attrs else ():
            if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
                raise UnserializableContentError
            tag += f" {key}={quoteattr(value)}"
        if contents is not None and not isinstance(contents, str):
            contents = str(contents)
        if not contents:
            self._write(f"<{tag}/>")
            return
        if CONTROL_CHARACTERS.search(contents):
            raise UnserializableContentError
        self._write(f"<{tag}>{escape(contents)}</{name}>")


class BufferedWrite:
    """Write the whole document into memory, then into the response once (the XML writer otherwise makes tens of
    thousands of small response writes for a feed of fifty full texts). The steps are those of Django's
    ``Rss201rev2Feed.write`` and ``Atom1Feed.write``, with ``XMLWriter``."""

    root = "rss"

    def latest_post_date(self):
        """The newest item's date; for a feed without items, a fixed one (Django's is the time of the request: a
        file of the static site would change on every rendering with nothing new in it)."""
        return super().latest_post_date() if self.items else EMPTY_FEED_DATE

    def write(self, outfile, encoding):
        buffer = io.StringIO()
        handler = XMLWriter(buffer, encoding, short_empty_elements=True)
        handler.startDocument()
        if self.root == "rss":
            self.add_stylesheets(handler)
            handler.startElement("rss", self.rss_attributes())
            handler.startElement("channel", self.root_attributes())
            self.add_root_elements(handler)
            self.write_items(handler)
            self.endChannelElement(handler)
        else:
            handler.startElement("feed", self.root_attributes())
            self.add_root_elements(handler)
            self.write_items(handler)
        handler.endElement(self.root)
        outfile.write(buffer.getvalue())


EMPTY_FEED_DATE = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
LINK_RELATIONS = (("first", "first_url"), ("previous", "previous_url"), ("next", "next_url"), ("hub", "hub_url"))


class ContentRss(BufferedWrite, Rss201rev2Feed):
    """RSS 2.0 with the full text in content:encoded, and the paging and hub links as atom:link."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": "http://purl.org/rss/1.0/modules/content/"}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        for rel, key in LINK_RELATIONS:
            if self.feed.get(key):
                handler.addQuickElement("atom:link", None, {"rel": rel, "href": self.feed[key]})

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content:encoded", item["content"])


class ContentAtom(BufferedWrite, Atom1Feed):
    """Atom 1.0 with the full text as HTML content."""

    root = "feed"

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        for rel, key in LINK_RELATIONS:
            if self.feed.get(key):
                handler.addQuickElement("link", "", {"rel": rel, "href": self.feed[key]})

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content"], {"type": "html"})


class JSONFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        feed = self.feed
        data = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": feed["description"],
            "language": feed["language"],
            **({"next_url": feed["next_url"]} if feed.get("next_url") else {}),
            **({"hubs": [{"type": "WebSub", "url": feed["hub_url"]}]} if feed.get("hub_url") else {}),
            "items": [
                {
                    "id": item["unique_id"],
                    "url": item["link"],
                    "title": item["title"],
                    "summary": item["description"],
                    "content_html": item["content"],
                    "date_published": rfc3339_date(item["pubdate"]),
                    "date_modified": rfc3339_date(item["updateddate"]),
                    "authors": [{"name": item["author_name"]}],
                    "tags": list(item["categories"]),
                    "language": feed["language"],
                }
                for item in self.items
            ],
        }
        outfile.write(json.dumps(data, ensure_ascii=False))


class Scope:
    """What a feed covers: its language, an optional agency or region, the list's filters, and a page of items."""

    def __init__(self, request, agency=None, region=None):
        self.language = get_language()
        self.agency, self.region = agency, region
        self.request = request
        query = request.GET.copy()
        page = query.pop("page", ["1"])[-1]
        if not page.isdigit() or not 1 <= int(page) <= MAX_PAGES:
            raise Http404("No such page of this feed.")
        self.page = int(page)
        # The list's filters, when the feed's URL has any (a FilterSet costs a deep copy of its filters, and
        # building the queryset it filters a third of a millisecond: a feed without filters runs a prepared query).
        self.filterset = NewsFilter(query, queryset=self.public()) if query else None
        self.filtered = self.filterset is not None and self.filterset.is_valid()
        self.params = query.urlencode()
        self.path = request.path
        depends_on(request, list_scopes(self.language, "agency" if agency else "region" if region else None,
                                        agency or region, self.filterset.form.cleaned_data if self.filtered else None))

    @functools.cached_property
    def title(self):
        return feed_title(self.language, scope_names(self.language, self.agency, self.region,
                                                     self.filterset if self.filtered else None))

    @functools.cached_property
    def rows(self):
        """This page's items, and one more to know whether an older page follows."""
        start = (self.page - 1) * ITEMS
        if self.filterset is None:  # a feed without filters: its query compiled once per process
            kind, scope = ("agency", self.agency) if self.agency else ("region", self.region) if self.region else \
                (None, None)
            return newest("display", kind, start, start + ITEMS + 1)(language=self.language,
                                                                     **({"scope": scope.pk} if scope else {}))
        queryset = self.filterset.qs if self.filtered else self.public()
        return list(queryset.for_display().order_by("-article__published_at", "-article_id")[start:start + ITEMS + 1])

    def public(self):
        """The public versions in the feed's language, of its agency or region."""
        queryset = LiveVersion.objects.public(self.language)
        if self.agency:
            queryset = queryset.filter(article__agency=self.agency)
        if self.region:
            queryset = queryset.filter(article__region=self.region)
        return queryset

    def page_url(self, number):
        params = "&".join(p for p in (self.params, f"page={number}" if number > 1 else "") if p)
        return self.request.build_absolute_uri(self.path + (f"?{params}" if params else ""))

    def links(self):
        """The paging links of RFC 5005 (first, previous, next) and the WebSub hub, as absolute URLs."""
        more = len(self.rows) > ITEMS and self.page < MAX_PAGES
        return {
            "first_url": self.page_url(1),
            "previous_url": self.page_url(self.page - 1) if self.page > 1 else None,
            "next_url": self.page_url(self.page + 1) if more else None,
            "hub_url": settings.KZPRESS_WEBSUB_HUB or None,
        }


_TAKES_ITEM = {}  # (feed class, method name): whether the method takes the item (or the feed's object)


class NewsFeed(Feed):
    feed_type = ContentRss
    ttl = 30

    def _get_dynamic_attr(self, attname, obj, default=None):
        """Django's, with each method's signature read once per class: Django unwraps and inspects it for every
        field of every item (fifteen fields, fifty items a feed)."""
        try:
            attr = getattr(self, attname)
        except AttributeError:
            return default
        if not callable(attr):
            return attr
        key = (type(self), attname)
        takes_item = _TAKES_ITEM.get(key)
        if takes_item is None:
            func = unwrap(attr)
            code = getattr(func, "__code__", None) or unwrap(attr.__call__).__code__
            if code.co_argcount not in (1, 2):  # Django's own checks and message
                return super()._get_dynamic_attr(attname, obj, default)
            takes_item = _TAKES_ITEM[key] = code.co_argcount == 2
        return attr(obj) if takes_item else attr()

    def get_object(self, request, agency=None, region=None):
        return Scope(
            request,
            agency=Agency.objects.get(slug=agency) if agency else None,
            region=Region.objects.get(slug=region) if region else None,
        )

    def title(self, scope):
        return scope.title

    def description(self, scope):
        return _("Press releases of Kazakhstan's government agencies") + f": {scope.title}"

    def link(self, scope):
        return scope.path.rsplit("/feed", 1)[0] + "/" + (f"?{scope.params}" if scope.params else "")

    def feed_url(self, scope):
        return scope.page_url(scope.page)

    def feed_extra_kwargs(self, scope):
        return scope.links()

    def items(self, scope):
        return scope.rows[:ITEMS]

    def item_title(self, version):
        return version.title

    def item_description(self, version):
        return version.lead or (version.paragraphs[0] if version.paragraphs else "")

    def item_link(self, version):
        return version.get_absolute_url()

    def item_guid(self, version):
        source = version.article.source_url or f"tag:kzpress,2026:release:{version.article_id}"
        return f"{source}#{version.language}"

    item_guid_is_permalink = False

    def item_pubdate(self, version):
        """In Almaty time, with its offset ("Sun, 09 Feb 2025 00:00:00 +0500"): a reader that shows the date as
        written shows the release's own day, not the day before in UTC."""
        return version.article.published_at.astimezone(timezone.get_default_timezone())  # (localtime: 7× the cost)

    def item_updateddate(self, version):
        """The last major change (a minor correction changes nothing for subscribers), or the moment a scheduled
        release went public, when that came later than its text: the feed's dates and Last-Modified move then, and a
        reader who polled just before is not told "not modified"."""
        publish_at = version.article.publish_at
        moment = max(version.updated_at, publish_at) if publish_at else version.updated_at
        return moment.astimezone(timezone.get_default_timezone())

    def item_author_name(self, version):
        return version.article.agency.name(version.language)

    def item_categories(self, version):
        article = version.article
        names = [article.agency.name(version.language), article.region.name(version.language) if article.region
                 else "", section_name(article.section, version.language)]
        return [name for name in names if name]

    def item_extra_kwargs(self, version):
        # html.escape is what django.utils.html.escape calls, without its lazy-string wrapper; the body escaped
        # whole, then cut into paragraphs (escaping leaves the blank lines between them as they are).
        paragraphs = "".join(f"<p>{p}</p>" for p in html.escape(version.body).split("\n\n") if p.strip())
        signature = f"<p><em>{html.escape(version.signature)}</em></p>" if version.signature else ""
        notes = "".join(f"<p><strong>{html.escape(updated_label(at, version.language))}</strong> "
                        f"{html.escape(note)}</p>" for at, note in reversed(version.notes))
        return {"content": notes + paragraphs + signature}


def updated_label(moment, language):
    """ "Updated on 12 February 2025:" in ``language`` (the item's, whatever the request's)."""
    from django.utils import translation

    with translation.override(language):
        return _("Updated on %(date)s:") % {"date": long_date(moment, language, case="locative")}


class AtomNewsFeed(NewsFeed):
    feed_type = ContentAtom
    subtitle = NewsFeed.description


class JSONNewsFeed(NewsFeed):
    feed_type = JSONFeed
