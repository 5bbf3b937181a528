"""Source changes held for review: accept, reject, and the admin screen that offers them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles.editorial import access
from articles.editorial.upstream import accept, held, reject
from articles.importing.loading import Release, Version, load_releases
from articles.models import Article, ArticleTranslation, LiveVersion
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

PUBLISHED = timezone.make_aware(datetime.datetime(2025, 2, 9))


def release(agency, title="Source title", body="Source body.", section="Law"):
    return Release(line=1, source_url=f"https://www.gov.kz/memleket/entities/{agency.slug}/press/news/details/1",
                   news_id="1", agency_slug=agency.slug, published_at=PUBLISHED, original_language="en",
                   versions={"en": Version(title, "", body)}, section=section)


@pytest.fixture
def agency():
    return AgencyFactory()


@pytest.fixture
def conflicted(agency):
    """A published release whose title and section an editor corrected, then the source changed both."""
    load_releases([release(agency)], publish=True)
    ArticleTranslation.objects.update(title="Editor's title")
    Article.objects.update(section="Justice")
    load_releases([release(agency, title="New source title", section="Courts")])
    return Article.objects.get()


def test_held_lists_each_field_with_the_editors_and_the_sources_text(conflicted):
    assert [(h.name, h.language, h.mine, h.theirs) for h in held(conflicted)] == [
        ("section", None, "Justice", "Courts"), ("title", "en", "Editor's title", "New source title")]


def test_accept_takes_the_sources_text_and_moves_the_base(conflicted, staff, agency):
    editor = staff(access.EDITOR, agency)
    assert accept(conflicted, editor, [("title", "en")]) == [("title", "en")]
    version = conflicted.translations.get()
    assert (version.title, version.upstream_base["title"], version.upstream_pending) == (
        "New source title", "New source title", None)
    assert conflicted.upstream_changed  # the section is still held
    assert LiveVersion.objects.get().title == "Source title"  # readers see it once it is published


def test_reject_keeps_the_editors_text_and_the_same_source_text_is_not_raised_again(conflicted, staff, agency):
    editor = staff(access.EDITOR, agency)
    reject(conflicted, editor, [("title", "en"), ("section", None)])
    conflicted.refresh_from_db()
    version = conflicted.translations.get()
    assert (version.title, conflicted.section) == ("Editor's title", "Justice")
    assert (version.upstream_pending, conflicted.upstream_pending, conflicted.upstream_changed) == (None, None, False)
    report = load_releases([release(agency, title="New source title", section="Courts", body="Source body.")])
    assert report.summary()["conflicts"] == 0
    assert not held(Article.objects.get())


def test_both_are_revisions_of_the_user_with_a_note(conflicted, staff, agency):
    editor = staff(access.EDITOR, agency)
    lock = conflicted.lock_version
    accept(conflicted, editor, [("section", None)])
    latest = conflicted.history.first()
    assert (latest.history_user, latest.history_change_reason) == (editor, "Source change accepted: section")
    assert latest.section == "Courts"
    assert conflicted.lock_version > lock


def test_only_staff_who_may_edit_the_articles_versions_may_settle(conflicted, staff):
    outsider = staff(access.EDITOR, AgencyFactory())
    with pytest.raises(PermissionDenied):
        reject(conflicted, outsider, [("title", "en")])
    assert conflicted.translations.get().upstream_pending == {"title": "New source title"}


def url(article):
    return f"/admin/articles/article/{article.pk}/upstream/"


def test_the_screen_shows_both_texts_with_a_word_diff(client, conflicted, staff, agency,
                                                       django_assert_max_num_queries):
    client.force_login(staff(access.EDITOR, agency))
    with django_assert_max_num_queries(8):
        response = client.get(url(conflicted))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="title:en"' in content and 'value="section:"' in content
    assert "<del>Editor&#x27;s</del> <ins>New source</ins> title" in content


def test_the_screen_accepts_the_chosen_fields(client, conflicted, staff, agency):
    client.force_login(staff(access.EDITOR, agency))
    response = client.post(url(conflicted), {"field": ["title:en"], "action": "accept"})
    assert response.status_code == 302
    assert conflicted.translations.get().title == "New source title"
    conflicted.refresh_from_db()
    assert conflicted.upstream_pending == {"section": "Courts"}


def test_the_screen_is_not_found_outside_the_users_agencies(client, conflicted, staff):
    client.force_login(staff(access.EDITOR, AgencyFactory()))
    assert client.get(url(conflicted)).status_code == 404
    assert client.post(url(conflicted), {"field": ["title:en"], "action": "reject"}).status_code == 404
    assert conflicted.translations.get().upstream_pending == {"title": "New source title"}


def test_the_screen_speaks_russian_to_a_russian_speaking_editor(client, conflicted, staff, agency):
    client.force_login(staff(access.EDITOR, agency))
    content = client.get(url(conflicted), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Текст редактора" in content and "заголовок (" in content
