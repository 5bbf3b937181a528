"""Revisions: every change kept with its origin, a readable diff between any two, revert as a new revision."""

import pytest
from django.contrib.admin.models import LogEntry

from articles.editorial import history, reverting
from articles.editorial.access import ADMINISTRATOR, TRANSLATOR
from articles.editorial.desk import SAVE, repair_texts, save_version
from articles.editorial.terms import apply_replacements, find_occurrences
from articles.editorial.workflow import transition
from articles.models import Article, ArticleTranslation, Term
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(make_article):
    return make_article(versions={"en": "Akimat meets farmers"})


def reasons(article):
    return [r.record.history_change_reason or "" for r in history.timeline(article)]


def test_admin_edit_is_a_revision_attributed_to_the_editor(admin_client, admin_user, article):
    url = f"/admin/articles/article/{article.pk}/change/"
    data = change_form_data(admin_client.get(url))
    data["section"] = "Agriculture"
    data["translations-0-title"] = "Akimat meets the farmers"
    assert admin_client.post(url, data).status_code == 302
    latest = history.timeline(article)[:2]
    assert {(r.kind, r.record.history_change_reason, r.record.history_user_id) for r in latest} == {
        ("article", "Edited in the admin", admin_user.pk), ("version", "Edited in the admin", admin_user.pk)}
    assert {field for r in latest for field in r.changes} >= {"section", "title"}


def test_operations_appear_in_the_same_history_with_their_origin(admin_user, article):
    Term.objects.create(canonical_en="farmers", variants_en="farmerz")
    ArticleTranslation.objects.filter(article=article).update(body="Farmerz met.The akim spoke.")
    transition(article, "submit", admin_user, note="ready")
    apply_replacements([o.key for o in find_occurrences(Article.objects.all())], admin_user)
    repair_texts(Article.objects.all(), admin_user)
    save_version(Article.objects.get(pk=article.pk), "ru", title="Аким", lead="", body="Текст.", action=SAVE,
                 user=admin_user)
    found = reasons(article)
    assert "Workflow: submit → in_review — ready" in found
    assert any(r.startswith("Glossary replacement: “Farmerz” → “Farmers”") for r in found), found
    assert "Text repair: paragraphs and spaces" in found
    assert any(r.startswith("Translation desk: ru version save") for r in found)


def test_compare_shows_a_word_diff_between_any_two_revisions(admin_client, admin_user, article):
    version = article.translations.get()
    first = version.history.earliest().history_id
    for text in ("Second wording.", "Third wording."):
        version.body = text
        with history.origin(admin_user, "edit"):
            version.save()
    last = version.history.latest().history_id
    response = admin_client.get(f"/admin/articles/article/{article.pk}/revisions/compare/",
                                {"kind": "version", "a": last, "b": first})
    page = response.content.decode()
    assert "<del>The ministry held a meeting" in page.replace("\n", " ") or "<del>The" in page
    assert "<ins>Third wording.</ins>" in page


def test_comparing_revisions_of_two_different_objects_is_a_404(admin_client, make_article):
    one, two = make_article(versions={"en": "One", "ru": "Два"}), None
    ids = list(ArticleTranslation.history.filter(article_id=one.pk).values_list("history_id", flat=True))
    response = admin_client.get(f"/admin/articles/article/{one.pk}/revisions/compare/",
                                {"kind": "version", "a": ids[0], "b": ids[1]})
    assert response.status_code == 404 and two is None


def test_revert_restores_old_content_as_a_new_revision(admin_client, admin_user, article):
    version = article.translations.get()
    original = version.history.earliest()
    version.title, version.body = "Vandalised", "Nonsense."
    version.save()
    response = admin_client.post(f"/admin/articles/article/{article.pk}/revisions/version/{original.history_id}"
                                 "/revert/")
    assert response.status_code == 302
    version.refresh_from_db()
    assert (version.title, version.body) == ("Akimat meets farmers", original.body)
    newest = version.history.latest()
    assert newest.history_change_reason.startswith("Reverted to the revision of")
    assert newest.history_user_id == admin_user.pk
    assert version.history.count() == 3  # created, vandalised, reverted: nothing erased
    assert "Reverted to the revision of" in LogEntry.objects.latest("action_time").change_message
    assert Article.objects.get(pk=article.pk).lock_version > article.lock_version  # open edit pages are stale


def test_revert_asks_first_showing_the_diff_from_the_working_copy(admin_client, article):
    version = article.translations.get()
    original = version.history.earliest()
    version.title = "Vandalised title"
    version.save()
    url = f"/admin/articles/article/{article.pk}/revisions/version/{original.history_id}/revert/"
    response = admin_client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<del>Vandalised title</del> <ins>Akimat meets farmers</ins>" in page
    assert [field for field, _ in response.context["rows"]] == ["title"]
    assert 'id="revert-note"' in page and "Readers keep seeing the live text" in page
    assert 'name="csrfmiddlewaretoken"' in page and 'value="Revert"' in page
    assert f'href="/admin/articles/article/{article.pk}/history/"' in page  # cancel
    version.refresh_from_db()
    assert version.title == "Vandalised title"  # looking changes nothing
    assert version.history.count() == 2


def test_history_page_links_to_the_revert_confirmation(admin_client, article):
    version = article.translations.get()
    original = version.history.earliest()
    version.title = "Changed"
    version.save()
    page = admin_client.get(f"/admin/articles/article/{article.pk}/history/").content.decode()
    assert f'href="/admin/articles/article/{article.pk}/revisions/version/{original.history_id}/revert/"' in page
    assert 'method="post" id="revert-' not in page


def test_a_revision_of_another_release_is_a_404_in_compare_and_revert(admin_client, make_article):
    mine, other = make_article(versions={"en": "Mine"}), make_article(versions={"en": "Other"})
    theirs = other.translations.get()
    theirs.title = "Other, changed"
    theirs.save()
    foreign = list(theirs.history.values_list("history_id", flat=True))
    own = mine.translations.get().history.get().history_id
    compare = f"/admin/articles/article/{mine.pk}/revisions/compare/"
    assert admin_client.get(compare, {"kind": "version", "a": own, "b": foreign[0]}).status_code == 404
    assert admin_client.get(compare, {"kind": "version", "a": foreign[0], "b": foreign[1]}).status_code == 404
    foreign_article = other.history.get().history_id
    assert admin_client.get(compare, {"kind": "article", "a": foreign_article, "b": foreign_article}).status_code == 404
    for kind, history_id in (("version", foreign[0]), ("article", foreign_article), ("nonsense", own)):
        url = f"/admin/articles/article/{mine.pk}/revisions/{kind}/{history_id}/revert/"
        assert admin_client.get(url).status_code == 404
        assert admin_client.post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.title == "Other, changed"


def test_a_translator_may_not_open_the_confirmation_of_an_article_revert(client, staff, make_article, agency):
    article = make_article(agency=agency, versions={"en": "Title"})
    article.section = "Changed"
    article.save()
    client.force_login(staff(TRANSLATOR, agency))
    url = f"/admin/articles/article/{article.pk}/revisions/article/{article.history.earliest().history_id}/revert/"
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert Article.objects.get(pk=article.pk).section == "Changed"


def test_revert_keeps_the_editorial_state_and_a_translator_cannot_reapprove(make_article, staff, agency):
    article = make_article(agency=agency, versions={"en": "Published"}, status="published")
    version = article.translations.get()
    approved = version.history.earliest()
    version.title = "Changed"
    version.status = "needs_review"
    version.save()
    translator = staff(TRANSLATOR, agency)
    reverting.revert(article, "version", approved.history_id, translator)
    version.refresh_from_db()
    assert (version.title, version.status) == ("Published", "needs_review")
    assert Article.objects.get(pk=article.pk).status == "published"


def test_history_page_lists_revisions_in_constant_queries(client, staff, make_article, django_assert_max_num_queries):
    user = staff(ADMINISTRATOR)
    client.force_login(user)
    article = make_article(versions={"en": "One", "ru": "Два", "kk": "Бір"})
    for n in range(5):
        for version in article.translations.all():
            version.body = f"Edit {n}"
            version.save()
    with django_assert_max_num_queries(12):
        response = client.get(f"/admin/articles/article/{article.pk}/history/")
    assert len(response.context["revisions"]) == 1 + 3 + 15
    assert "Edit 4" not in response.content.decode()  # the timeline names fields; bodies are in the diff view
