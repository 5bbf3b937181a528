"""Cross-agency denial: every admin URL and action, tried by staff of another agency and by anonymous users."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.editorial.access import ADMINISTRATOR, EDITOR, PUBLISHER, TRANSLATOR
from articles.editorial.workflow import transition
from articles.models import Article, ArticleTranslation
from tests.admin_forms import change_form_data
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

ADMIN = "/admin/articles/article/"
ACTIONS = ["submit_for_review", "publish", "schedule", "withdraw", "assign", "repair_texts", "delete_selected"]


@pytest.fixture
def theirs(make_article):
    """A published article of another agency, with a revision history."""
    article = make_article(versions={"en": "Their release", "ru": "Их релиз"}, status="draft")
    article.translations.update(body="Their body.Glued  text.")
    transition(article, "publish", reason="The glued text stays for the repair tests.")
    return Article.objects.get(pk=article.pk)


@pytest.fixture
def mine():
    return AgencyFactory(slug="my-agency")


def object_urls(article):
    record = article.history.first()
    return [
        f"{ADMIN}{article.pk}/change/",
        f"{ADMIN}{article.pk}/history/",
        f"{ADMIN}{article.pk}/delete/",
        f"{ADMIN}{article.pk}/translate/en/",
        f"{ADMIN}{article.pk}/transition/withdraw/",
        f"{ADMIN}{article.pk}/revisions/compare/?kind=article&a={record.history_id}&b={record.history_id}",
        f"/admin/articles/agency/{article.agency_id}/change/",
    ]


@pytest.mark.parametrize("role", [EDITOR, TRANSLATOR, PUBLISHER])
def test_every_object_url_of_another_agency_is_not_found(client, staff, mine, theirs, role):
    client.force_login(staff(role, mine))
    for url in object_urls(theirs):
        response = client.get(url)
        assert response.status_code in (403, 404), url
        assert b"Their release" not in response.content, url
    revert = f"{ADMIN}{theirs.pk}/revisions/article/{theirs.history.first().history_id}/revert/"
    assert client.post(revert).status_code in (403, 404)
    assert client.post(f"{ADMIN}{theirs.pk}/transition/withdraw/", {"note": "x"}).status_code in (403, 404)
    assert client.post(f"{ADMIN}{theirs.pk}/delete/", {"post": "yes"}).status_code in (403, 404)
    assert client.post(f"{ADMIN}{theirs.pk}/translate/en/", {"title": "Mine now", "body": "x", "action": "save",
                                                             "lock_version": theirs.lock_version}).status_code == 404
    assert Article.objects.get(pk=theirs.pk).status == "published"
    assert ArticleTranslation.objects.get(article=theirs, language="en").title == "Their release"


def test_anonymous_users_are_sent_to_the_login_for_every_url(client, theirs):
    for url in [*object_urls(theirs), ADMIN, f"{ADMIN}desk/", f"{ADMIN}terminology/", f"{ADMIN}import/",
                f"{ADMIN}export/", "/admin/autocomplete/?app_label=articles&model_name=article&field_name=agency"]:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
        assert b"Their release" not in response.content


@pytest.mark.parametrize("role", [EDITOR, PUBLISHER])
def test_lists_desk_and_export_hold_only_my_agencies(client, staff, mine, theirs, make_article, role):
    own = make_article(agency=mine, versions={"en": "My release", "ru": None})
    client.force_login(staff(role, mine))
    listing = client.get(ADMIN)
    assert [a.pk for a in listing.context["cl"].result_list] == [own.pk]
    desk = client.get(f"{ADMIN}desk/")
    assert [a.pk for a, *_ in desk.context["rows"]] == [own.pk]
    export = client.post(f"{ADMIN}export/", {"format": "0", "resource": "0"})
    assert b"My release" in export.content and b"Their release" not in export.content
    search = client.get(ADMIN, {"q": "Their"})
    assert list(search.context["cl"].result_list) == []


def test_autocomplete_offers_only_my_agencies(client, staff, mine, theirs):
    client.force_login(staff(EDITOR, mine))
    response = client.get("/admin/autocomplete/", {"app_label": "articles", "model_name": "article",
                                                   "field_name": "agency"})
    assert [r["id"] for r in response.json()["results"]] == [str(mine.pk)]


@pytest.mark.parametrize("action", ACTIONS)
def test_no_bulk_action_touches_another_agencys_article(client, staff, mine, theirs, action):
    client.force_login(staff(PUBLISHER, mine))
    before = (theirs.status, theirs.region_id, theirs.section, theirs.lock_version,
              list(ArticleTranslation.objects.filter(article=theirs).values_list("body", flat=True)))
    client.post(ADMIN, {"action": action, "_selected_action": [theirs.pk], "apply": "1", "note": "x",
                        "publish_at": "2099-01-01T10:00", "section": "Hijacked", "post": "yes"})
    theirs.refresh_from_db()
    after = (theirs.status, theirs.region_id, theirs.section, theirs.lock_version,
             list(ArticleTranslation.objects.filter(article=theirs).values_list("body", flat=True)))
    assert after == before


def test_glossary_replacement_cannot_reach_another_agency(client, staff, mine, theirs):
    from articles.models import Term

    Term.objects.create(canonical_en="Release", variants_en="Relase")
    ArticleTranslation.objects.filter(article=theirs, language="en").update(title="Their relase")
    version = ArticleTranslation.objects.get(article=theirs, language="en")
    client.force_login(staff(TRANSLATOR, mine))
    client.post(f"{ADMIN}terminology/?ids={theirs.pk}", {"key": [f"{version.pk}:title:6:relase"]})
    assert ArticleTranslation.objects.get(pk=version.pk).title == "Their relase"


def test_import_refuses_rows_of_other_agencies_with_a_clear_message(client, staff, mine, theirs):
    client.force_login(staff(PUBLISHER, mine))
    dump = (
        "Law\n"
        "Hijack their release 01.02.2025\nRewritten.\n"
        f"Source : {theirs.source_url}\n"
        "Foreign agency release 02.02.2025\nText.\n"
        "Source : https://www.gov.kz/memleket/entities/adilet/press/news/details/123456?lang=en\n"
        "My agency release 03.02.2025\nText of mine.\n"
        "Source : https://www.gov.kz/memleket/entities/my-agency/press/news/details/654321?lang=en\n"
    ).encode()
    upload = SimpleUploadedFile("dump.txt", dump, content_type="text/plain")
    response = client.post(f"{ADMIN}import/", {"import_file": upload, "format": "dump"}, follow=True)
    page = response.content.decode()
    assert page.count("is not one of yours: you may import releases of my-agency") == 2
    assert [(row.line, row.outcome) for row in response.context["rows_page"] if row.outcome == "error"] == [
        (2, "error"), (5, "error")]
    client.post(f"/admin/articles/importbatch/{response.context['original'].pk}/confirm/")
    assert list(Article.objects.filter(agency=mine).values_list("news_id", flat=True)) == ["654321"]
    assert Article.objects.get(pk=theirs.pk).translations.get(language="en").title == "Their release"
    assert not Article.objects.filter(news_id="123456").exists()


def test_an_editors_import_lands_as_drafts_even_with_publish(client, staff, mine):
    client.force_login(staff(EDITOR, mine))
    dump = (b"Law\nMy release 03.02.2025\nText.\n"
            b"Source : https://www.gov.kz/memleket/entities/my-agency/press/news/details/654321?lang=en\n")
    upload = SimpleUploadedFile("dump.txt", dump, content_type="text/plain")
    response = client.post(f"{ADMIN}import/", {"import_file": upload, "format": "dump", "publish": "on"},
                           follow=True)
    client.post(f"/admin/articles/importbatch/{response.context['original'].pk}/confirm/")
    assert Article.objects.get(news_id="654321").status == "draft"


def test_administrators_reach_every_agency(client, staff, theirs):
    client.force_login(staff(ADMINISTRATOR))
    assert client.get(f"{ADMIN}{theirs.pk}/change/").status_code == 200
    assert client.get(f"{ADMIN}{theirs.pk}/history/").status_code == 200


def test_an_administrator_gives_a_user_a_role_and_agencies(client, staff, mine):
    from django.contrib.auth.models import Group

    administrator, user = staff(ADMINISTRATOR), staff(EDITOR)
    client.force_login(administrator)
    url = f"/admin/auth/user/{user.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Agencies (the user sees and changes only these agencies" in page.content.decode()
    data = change_form_data(page)
    data.update({"groups": [Group.objects.get(name=PUBLISHER).pk], "Agency_members-0-agency": mine.pk})
    data = {k: v for k, v in data.items() if v not in ("", None)}
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert list(user.agencies.all()) == [mine]
    assert list(user.groups.values_list("name", flat=True)) == [PUBLISHER]
