"""Imports obey the editor screens' roles and the site's rules on agencies and sources (issue #20's findings):

- High: an agency editor's CSV rewriting a published release of their own agency (new ``title_en``,
  ``status_en=approved``) changes no public page and approves nothing;
- Medium: an agency that is not a slug (markup, a space, Cyrillic) is never created by a row, and an unknown
  agency is refused to an agency's staff;
- Medium: the agency in a gov.kz source URL must agree with the row's agency and the importer's agencies;
- Low: only gov.kz (or ``KZPRESS_SOURCE_HOSTS``) URLs are sources.
"""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.editorial.access import EDITOR, PUBLISHER
from articles.importing.merging import ARTICLE_FIELDS, VERSION_FIELDS, snapshot
from articles.importing.pipeline import import_file
from articles.models import Agency, Article, ArticleTranslation, LiveVersion
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

ADMIN = "/admin/articles/article/"


def as_csv(*rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def admin_import(client, data, name="rows.csv", fmt="csv"):
    """Upload through Articles → Import and confirm the preview; the confirmed batch's page."""
    upload = SimpleUploadedFile(name, data, content_type="text/csv")
    preview = client.post(f"{ADMIN}import/", {"import_file": upload, "format": fmt}, follow=True)
    assert preview.status_code == 200
    batch = preview.context["original"]
    return client.post(f"/admin/articles/importbatch/{batch.pk}/confirm/", follow=True)


@pytest.fixture
def mine():
    return AgencyFactory(slug="abay")


@pytest.fixture
def published(make_article, mine):
    article = make_article(agency=mine, status="published", versions={"en": "The published title"})
    version = article.translations.get()  # as an earlier import left it: the source's text, nobody's edit
    version.upstream_base = snapshot(version, VERSION_FIELDS)
    version.save()
    assert LiveVersion.objects.get(article=article).title == "The published title"
    return article


def test_an_editors_import_never_changes_a_published_page(client, staff, mine, published):
    """High: the row's new English title and status_en=approved reach the working copy at most, as needing
    review; readers see the published text, and the live copy is changed by publishing only."""
    client.force_login(staff(EDITOR, mine))
    url = published.translations.get(language="en").get_absolute_url()
    body = published.translations.get(language="en").body
    assert "The published title" in client.get(url).content.decode()
    admin_import(client, as_csv({
        "source_url": published.source_url, "agency": "abay", "published": "2025-02-03 10:00", "language": "en",
        "title_en": "Hijacked title", "body_en": "Hijacked body.", "status_en": "approved",
    }))
    client.logout()
    live = LiveVersion.objects.get(article=published)
    assert (live.title, live.body) == ("The published title", body)
    page = client.get(url).content.decode()
    assert "The published title" in page and "Hijacked" not in page
    version = ArticleTranslation.objects.get(article=published, language="en")
    assert version.title == "Hijacked title"  # the working copy, as the desk would let the editor change it
    assert version.status == ArticleTranslation.Status.NEEDS_REVIEW  # but an editor approves nothing, nor a file
    assert Article.objects.get(pk=published.pk).status == "published"


def test_an_editors_import_holds_a_published_releases_own_fields_for_review(client, staff, mine, published):
    """The date and section readers see beside the live text: an agency editor cannot change them on the release's
    page once it is public, so their import holds the source's change for a publisher instead."""
    article = Article.objects.get(pk=published.pk)
    article.upstream_base = snapshot(article, ARTICLE_FIELDS)
    article.save()
    shown = article.published_at
    client.force_login(staff(EDITOR, mine))
    admin_import(client, as_csv({
        "source_url": published.source_url, "agency": "abay", "published": "2020-01-01 10:00", "language": "en",
        "section": "Rewritten", "title_en": "The published title", "body_en": "Hijacked body.",
    }))
    article = Article.objects.get(pk=published.pk)
    assert (article.published_at, article.section) == (shown, "Law")
    assert article.upstream_changed and {"published_at", "section"} <= set(article.upstream_pending)


def test_a_publishers_import_still_changes_the_working_copy_only(client, staff, mine, published):
    client.force_login(staff(PUBLISHER, mine))
    admin_import(client, as_csv({
        "source_url": published.source_url, "agency": "abay", "published": "2025-02-03 10:00", "language": "en",
        "title_en": "Corrected title", "body_en": "Corrected body.", "status_en": "approved",
    }))
    assert ArticleTranslation.objects.get(article=published, language="en").title == "Corrected title"
    assert LiveVersion.objects.get(article=published).title == "The published title"  # until go_live


@pytest.mark.parametrize("slug", ['evil"><script>alert(1)</script>', "two words", "минюст", "a/b", "-x"])
def test_an_agency_that_is_not_a_slug_is_never_created(client, slug):
    batch = import_file(SimpleUploadedFile("rows.csv", as_csv({
        "agency": slug, "published": "2025-02-03 10:00", "language": "en", "title": "A release", "body": "Text.",
    })))
    assert not Agency.objects.exclude(slug__regex=r"^[a-z0-9][a-z0-9_-]*$").exists()
    assert batch.counts["created"] == 0
    assert "not an agency slug" in batch.rows.get().messages[0]
    assert client.get("/en/").status_code == 200
    assert client.get("/en/news/").status_code == 200


def test_an_agencys_staff_cannot_create_an_agency_by_import(mine):
    batch = import_file(SimpleUploadedFile("rows.csv", as_csv({
        "agency": "newly-invented", "published": "2025-02-03 10:00", "language": "en", "title": "A release",
        "body": "Text.",
    })), agencies={"abay", "newly-invented"})
    assert not Agency.objects.filter(slug="newly-invented").exists()
    assert batch.counts["created"] == 0
    assert "unknown agency 'newly-invented'" in batch.rows.get().messages[0]


def test_a_valid_new_agency_is_created_only_for_whoever_imports_for_every_agency():
    batch = import_file(SimpleUploadedFile("rows.csv", as_csv({
        "agency": "new-ministry", "published": "2025-02-03 10:00", "language": "en", "title": "A release",
        "body": "Text.",
    })))
    assert batch.counts["created"] == 1
    assert Agency.objects.get(slug="new-ministry").needs_review


def test_the_agency_of_the_source_url_must_agree_with_the_row(client, staff, mine):
    """Medium: abay's user claims adilet's release 5550001 by naming abay in the row."""
    AgencyFactory(slug="adilet")
    client.force_login(staff(EDITOR, mine))
    page = admin_import(client, as_csv({
        "source_url": "https://www.gov.kz/memleket/entities/adilet/press/news/details/5550001", "agency": "abay",
        "published": "2025-02-03 10:00", "language": "en", "title": "Claimed", "body": "Text.",
    }))
    assert not Article.objects.filter(news_id="5550001").exists()
    assert "the source URL belongs to agency “adilet”, not “abay”" in page.content.decode()  # as the notes show it


def test_the_agency_of_the_source_url_must_agree_even_for_administrators():
    AgencyFactory(slug="adilet")
    AgencyFactory(slug="abay")
    batch = import_file(SimpleUploadedFile("rows.csv", as_csv({
        "source_url": "https://www.gov.kz/memleket/entities/adilet/press/news/details/5550001", "agency": "abay",
        "published": "2025-02-03 10:00", "language": "en", "title": "Claimed", "body": "Text.",
    })))
    assert batch.counts["created"] == 0
    assert not Article.objects.filter(news_id="5550001").exists()


@pytest.mark.parametrize("url", ["https://evil.example/press/1", "http://gov.kz.evil.example/x",
                                 "https://www.gov.kz@evil.example/memleket/entities/abay/press/news/details/1"])
def test_a_source_url_on_another_host_is_refused(mine, url):
    batch = import_file(SimpleUploadedFile("rows.csv", as_csv({
        "source_url": url, "agency": "abay", "published": "2025-02-03 10:00", "language": "en",
        "title": "Elsewhere", "body": "Text.",
    })))
    assert batch.counts["created"] == 0
    assert "not a gov.kz press release address" in batch.rows.get().messages[0]


def test_configured_source_hosts_are_accepted(mine, settings):
    settings.KZPRESS_SOURCE_HOSTS = ["gov.kz", "www.gov.kz", "press.abay.kz"]
    batch = import_file(SimpleUploadedFile("rows.csv", as_csv({
        "source_url": "https://press.abay.kz/news/17", "agency": "abay", "published": "2025-02-03 10:00",
        "language": "en", "title": "On the agency's own site", "body": "Text.",
    })))
    assert batch.counts["created"] == 1
    assert Article.objects.get().source_url == "https://press.abay.kz/news/17"
