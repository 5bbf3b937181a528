"""Every text has a language: no text of another language on a public page or in a feed entry.

The walk covers every public page and feed of the sample in kk, ru and en after a desk has fixed the
English-titled, Russian-bodied release (news 931104) and published both its versions. Text marked with its own
``lang`` (the language switcher) is the one allowed exception; product and format names are neutral."""

import re
from html.parser import HTMLParser

import feedparser
import pytest

from articles.editorial.desk import APPROVE, SAVE, save_version
from articles.editorial.workflow import transition
from articles.language import detect
from articles.models import Article, LiveVersion
from tests.factories import import_sample

pytestmark = pytest.mark.django_db

NEUTRAL = re.compile(r"https?://\S+|\bkzpress\b|\bgov\.kz\b|\bRSS\b|\bAtom\b|\bJSON Feed\b|[\w.+-]+@[\w-]+\.[\w.]+")
CYRILLIC, LATIN = re.compile("[\u0400-\u04ff]"), re.compile("[A-Za-z]")


class VisibleText(HTMLParser):
    """The text a reader sees in ``language``: no scripts or styles, nothing inside an element whose ``lang``
    names another language."""

    VOID = {"meta", "link", "br", "img", "input", "hr", "source", "wbr"}

    def __init__(self, language):
        super().__init__()
        self.language, self.foreign, self.chunks = language, [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        lang = dict(attrs).get("lang")
        outside = tag in ("script", "style") or bool(lang and lang[:2] != self.language)
        self.foreign.append(outside or bool(self.foreign and self.foreign[-1]))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.foreign:
            self.foreign.pop()

    def handle_data(self, data):
        if not (self.foreign and self.foreign[-1]) and data.strip():
            self.chunks.append(" ".join(data.split()))


def foreign(chunks, language):
    """The chunks written in another language than ``language``: a long one as lingua judges it (it tells Kazakh
    from Russian), a short one by its script (a name in Latin letters inside a Russian sentence is fine; a
    label in the wrong script is not)."""
    found = []
    for chunk in chunks:
        text = NEUTRAL.sub("", chunk)
        letters = sum(c.isalpha() for c in text)
        if not letters:
            continue
        if len(text.split()) >= 4 and letters >= 25:
            if detect(text) != language:
                found.append(chunk)
            continue
        wrong = len((CYRILLIC if language == "en" else LATIN).findall(text))
        if wrong * 2 > letters:
            found.append(chunk)
    return found


@pytest.fixture
def site(staff):
    import_sample(publish=True)
    gender = Article.objects.get(news_id="931104")
    translator, publisher = staff("Translator", gender.agency), staff("Publisher", gender.agency)
    english = gender.translations.get(language="en")
    russian = gender.translations.get(language="ru")
    texts = {
        "en": (english.title, "Today, February 4, the Minister of Culture and Information met the participants of "
                              "the School of Analysis project.", "Press service of the Ministry of Culture and "
                                                                  "Information of the Republic of Kazakhstan"),
        "ru": ("Вопросы гендерного равенства остаются актуальными", russian.body, russian.signature),
    }
    for action, user in ((SAVE, translator), (APPROVE, publisher)):
        for language, (title, body, signature) in texts.items():
            save_version(gender, language, title=title, lead="", body=body, signature=signature, action=action,
                         user=user)
    transition(gender, "publish", publisher)
    return gender


def pages(client, language):
    urls = {f"/{language}/", f"/{language}/news/"}
    for live in LiveVersion.objects.public(language).select_related("article__agency", "article__region"):
        urls.add(live.get_absolute_url())
        urls.add(f"/{language}/agencies/{live.article.agency.slug}/")
        if live.article.region:
            urls.add(f"/{language}/regions/{live.article.region.slug}/")
    return sorted(urls)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_no_public_page_shows_text_of_another_language(client, site, language):
    walked = pages(client, language)
    assert len(walked) >= (2 if language == "kk" else 4)
    for url in walked:
        response = client.get(url)
        assert response.status_code == 200, url
        parser = VisibleText(language)
        parser.feed(response.content.decode())
        assert foreign(parser.chunks, language) == [], url


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_no_feed_entry_carries_text_of_another_language(client, site, language):
    agencies = {live.article.agency.slug for live in LiveVersion.objects.public(language).select_related(
        "article__agency")}
    feeds = [f"/{language}/news/feed/{kind}/" for kind in ("rss", "atom")]
    feeds += [f"/{language}/agencies/{slug}/feed/rss/" for slug in agencies]
    for url in feeds:
        feed = feedparser.parse(client.get(url).content)
        assert not feed.bozo, url
        texts = [feed.feed.get("title", ""), feed.feed.get("subtitle", "")]
        for entry in feed.entries:
            content = " ".join(c.value for c in entry.get("content", []))
            texts += [entry.title, re.sub(r"<[^>]+>", " ", entry.get("summary", "")),
                      *re.sub(r"<[^>]+>", "\n", content).splitlines(), entry.get("author", ""),
                      *(tag.term for tag in entry.get("tags", []))]
        assert foreign([t for t in texts if t.strip()], language) == [], url
    feed = client.get(f"/{language}/news/feed.json").json()
    texts = [feed["title"], *(text for item in feed["items"] for text in (
        item["title"], item.get("summary", ""), *re.sub(r"<[^>]+>", "\n", item.get("content_html", "")).splitlines(),
        *item.get("tags", []), *(a["name"] for a in item.get("authors", []))))]
    assert foreign([t for t in texts if t.strip()], language) == []


def test_the_english_page_of_the_russian_bodied_release_has_no_russian_signature(client, site):
    english = client.get(f"/en/news/{site.pk}/", follow=True).content.decode()
    assert "Пресс-служба" not in english
    assert "Press service of the Ministry of Culture and Information" in english
    assert "Пресс-служба Министерства культуры" in client.get(f"/ru/news/{site.pk}/", follow=True).content.decode()


@pytest.mark.parametrize(("section", "language", "expected"), [
    ("Law", "ru", "Право"), ("law", "kk", "Құқық"), ("Право", "en", "Law"),
    ("Water management", "ru", ""),  # known only in English: not shown to a Russian reader
    ("Водное хозяйство", "ru", "Водное хозяйство"), ("Водное хозяйство", "en", ""),
])
def test_sections_are_named_in_the_readers_language_or_not_at_all(section, language, expected):
    from articles.sections import section_name

    assert section_name(section, language) == expected


def test_a_reader_filters_by_the_section_in_their_language(client, site):
    russian = client.get("/ru/news/", {"section": "Право"}).context_data["versions"]
    assert [v.article.news_id for v in russian] == ["931104"]
