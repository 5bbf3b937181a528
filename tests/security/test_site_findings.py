"""The admin's and the site's findings of issue #20, each reproduced:

- Medium: ``/admin/r/<content type>/<id>/`` (Django's view-on-site shortcut) answered another agency's draft
  version with a redirect to a URL carrying its embargoed title;
- Low: compare or revert with a revision id of another release answered 500; a JSON upload that is a list of
  lists or nested too deep answered 500;
- Low: the public response cache ignored the Host header;
- Low: a large import preview was parsed inside the upload's request.
"""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.editorial.access import EDITOR, PUBLISHER
from articles.importing.batches import ImportBatch
from articles.models import Article, ArticleTranslation
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

ADMIN = "/admin/articles/article/"


@pytest.fixture
def mine():
    return AgencyFactory(slug="my-agency")


@pytest.fixture
def embargoed(make_article):
    """Another agency's draft whose title is not yet to be known."""
    return make_article(status="draft", versions={"en": "Minister resigns tomorrow"})


def view_on_site(obj):
    return f"/admin/r/{ContentType.objects.get_for_model(obj).pk}/{obj.pk}/"


@pytest.mark.parametrize("role", [EDITOR, PUBLISHER])
def test_view_on_site_of_another_agencys_draft_is_not_found(client, staff, mine, embargoed, role):
    client.force_login(staff(role, mine))
    version = embargoed.translations.get()
    for obj in (version, embargoed):
        response = client.get(view_on_site(obj))
        assert response.status_code == 404, obj
        assert "resigns" not in response.get("Location", "")


def test_view_on_site_still_leads_staff_to_their_own_release(client, staff, make_article):
    agency = AgencyFactory(slug="my-agency")
    article = make_article(agency=agency, status="published", versions={"en": "Our release"})
    client.force_login(staff(EDITOR, agency))
    response = client.get(view_on_site(article.translations.get()))
    assert response.status_code == 302
    assert f"/news/{article.pk}/" in response["Location"]


def test_view_on_site_of_anything_the_user_cannot_see_is_not_found(client, staff, mine):
    client.force_login(staff(EDITOR, mine))
    assert client.get(view_on_site(staff(PUBLISHER))).status_code == 404  # a user: not theirs to see
    assert client.get("/admin/r/99999/1/").status_code == 404
    assert client.get("/admin/r/x/y/").status_code == 404


@pytest.fixture
def two_releases(make_article, mine):
    ours = make_article(agency=mine, status="draft", versions={"en": "Ours"})
    other = make_article(agency=mine, status="draft", versions={"en": "Another of ours"})
    for article in (ours, other):
        version = article.translations.get()
        version.title += " (edited)"
        version.save()
    return ours, other


def test_compare_with_a_revision_of_another_release_is_not_found(client, staff, mine, two_releases):
    ours, other = two_releases
    client.force_login(staff(PUBLISHER, mine))
    theirs_ids = list(ArticleTranslation.history.filter(id=other.translations.get().pk)
                      .values_list("history_id", flat=True))
    our_ids = list(ArticleTranslation.history.filter(id=ours.translations.get().pk)
                   .values_list("history_id", flat=True))
    for a, b in ((our_ids[0], theirs_ids[0]), (theirs_ids[0], theirs_ids[1]), ("x", our_ids[0]), (-1, 10**12)):
        url = f"{ADMIN}{ours.pk}/revisions/compare/?kind=version&a={a}&b={b}"
        assert client.get(url).status_code == 404, url
    assert client.get(f"{ADMIN}{ours.pk}/revisions/compare/?kind=nonsense&a=1&b=2").status_code == 404
    assert client.get(f"{ADMIN}{ours.pk}/revisions/compare/?kind=version&a={our_ids[0]}&b={our_ids[1]}"
                      ).status_code == 200


def test_revert_to_a_revision_of_another_release_is_not_found(client, staff, mine, two_releases):
    ours, other = two_releases
    client.force_login(staff(PUBLISHER, mine))
    theirs = ArticleTranslation.history.filter(id=other.translations.get().pk).last().history_id
    for kind in ("version", "article", "nonsense"):
        url = f"{ADMIN}{ours.pk}/revisions/{kind}/{theirs}/revert/"
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
    assert ArticleTranslation.objects.get(article=ours).title == "Ours (edited)"


@pytest.mark.parametrize("payload", [
    [[1, 2], [3, 4]], [["source_url", "title"]], {"title": "x"}, [1, "two", None],
    [{"title": {"nested": [1, 2]}, "agency": ["x"]}],
])
def test_a_json_upload_of_the_wrong_shape_is_refused_clearly(admin_client, payload):
    upload = SimpleUploadedFile("rows.json", json.dumps(payload).encode(), content_type="application/json")
    response = admin_client.post(f"{ADMIN}import/", {"import_file": upload}, follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert "expected a list of objects, one per release" in text or "line 1:" in text, text[-2000:]
    assert not Article.objects.exists()


def test_a_deeply_nested_json_upload_is_refused_clearly(admin_client):
    data = b"[" * 100_000 + b"]" * 100_000
    upload = SimpleUploadedFile("deep.json", data, content_type="application/json")
    response = admin_client.post(f"{ADMIN}import/", {"import_file": upload}, follow=True)
    assert response.status_code == 200
    assert "nested too deeply" in response.content.decode()


@pytest.fixture
def two_hosts(settings, make_article):
    settings.ALLOWED_HOSTS = ["press.example.kz", "baspasoz.example.kz"]
    make_article(status="published", versions={"en": "A public release"})


@pytest.mark.parametrize("path", ["/en/", "/en/news/", "/en/news/feed/rss/", "/en/news/feed/atom/"])
def test_the_public_cache_keeps_each_hosts_own_links(client, two_hosts, path):
    first = client.get(path, HTTP_HOST="press.example.kz")
    assert first.status_code == 200 and b"press.example.kz" in first.content
    second = client.get(path, HTTP_HOST="baspasoz.example.kz")
    assert second.status_code == 200
    assert b"baspasoz.example.kz" in second.content
    assert b"press.example.kz" not in second.content


def test_a_cached_page_is_not_served_to_a_disallowed_host(client, two_hosts):
    assert client.get("/en/news/", HTTP_HOST="press.example.kz").status_code == 200
    assert client.get("/en/news/", HTTP_HOST="evil.example").status_code == 400


def test_a_large_import_is_not_parsed_in_the_uploads_request(admin_client, settings, monkeypatch):
    """The request records the file and queues it; the worker reads it (here: never, the queue is a dummy)."""
    from articles.importing import pipeline

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}

    def refuse(*args, **kwargs):
        raise AssertionError("the upload's request parsed the file")

    monkeypatch.setattr(pipeline, "read_rows", refuse)
    monkeypatch.setattr(pipeline, "read_records", refuse)
    rows = "".join(f"https://www.gov.kz/memleket/entities/adilet/press/news/details/{n},adilet,2025-02-03 10:00,en,"
                   f"Release {n},Text {n}.\n" for n in range(100_000))
    data = ("source_url,agency,published,language,title,body\n" + rows).encode()
    upload = SimpleUploadedFile("big.csv", data, content_type="text/csv")
    response = admin_client.post(f"{ADMIN}import/", {"import_file": upload})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.options["dry_run"], batch.size) == (ImportBatch.Status.QUEUED, True, len(data))
    assert admin_client.get(response["Location"]).status_code == 200  # its page shows it waiting, unparsed
