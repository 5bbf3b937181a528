"""Optimistic locking: of two editors who opened the same article, the second save is refused, nothing lost."""

import re
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from articles.editorial import conflicts, locking
from articles.editorial.access import PUBLISHER, TRANSLATOR
from articles.models import Article, ArticleTranslation
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db


def test_second_admin_save_is_refused_with_the_changes_made_meanwhile(client, staff, make_article, agency):
    article = make_article(agency=agency, versions={"en": "Akimat meets farmers"})
    first, second = staff(PUBLISHER, agency, username="aigerim"), staff(PUBLISHER, agency, username="marat")
    url = f"/admin/articles/article/{article.pk}/change/"
    client.force_login(first)
    data_first = change_form_data(client.get(url))
    client.force_login(second)
    data_second = change_form_data(client.get(url))

    client.force_login(first)
    data_first["translations-0-title"] = "Akimat meets the farmers of Turkestan"
    assert client.post(url, data_first).status_code == 302

    client.force_login(second)
    data_second["section"] = "Agriculture"
    response = client.post(url, data_second)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Not saved: aigerim saved this article after you opened it" in page
    theirs = cell(page, "title [en]", "theirs")
    assert "<ins>the</ins>" in theirs and "<ins>of Turkestan</ins>" in theirs  # what the first editor changed
    assert "not changed" in cell(page, "title [en]", "yours")  # …is not shown as the second editor's
    assert cell(page, "section", "yours") == "<del>Law</del> <ins>Agriculture</ins>"
    assert "not changed" in cell(page, "section", "theirs")
    assert 'value="Agriculture"' in page  # the second editor's input is still in the form
    stored = Article.objects.get(pk=article.pk)
    assert stored.section == "Law"
    assert stored.translations.get().title == "Akimat meets the farmers of Turkestan"

    data_second["lock"] = stored.lock_version  # reloaded: now it saves
    assert client.post(url, {**change_form_data(client.get(url)), "section": "Agriculture"}).status_code == 302
    assert Article.objects.get(pk=article.pk).section == "Agriculture"


def cell(page, field, column):
    """The HTML of one cell of the edit-conflict table: column is "base", "theirs" or "yours"."""
    row = re.search(rf'<tr data-field="{re.escape(field)}">(.*?)</tr>', page, re.DOTALL)
    assert row, f"no row for {field}"
    return re.search(rf'<td class="[^"]*\b{column}\b[^"]*">(.*?)</td>', row.group(1), re.DOTALL).group(1)


def test_second_desk_save_is_refused_and_keeps_the_translators_text(client, staff, make_article, agency):
    article = make_article(agency=agency, versions={"en": "Release", "ru": "Релиз"})
    translator = staff(TRANSLATOR, agency)
    client.force_login(translator)
    url = f"/admin/articles/article/{article.pk}/translate/ru/"
    opened = client.get(url).context
    first = {"title": "Пресс-релиз", "lead": "", "body": "Текст первого.", "action": "save",
             "lock_version": opened["article"].lock_version, "opened_at": opened["opened_at"]}
    assert client.post(url, first).status_code == 302
    second = {**first, "title": "Сообщение", "body": "Текст второго."}
    response = client.post(url, second)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="edit-conflict"' in page
    assert cell(page, "title [ru]", "base") == "Релиз"
    assert cell(page, "title [ru]", "theirs") == "<del>Релиз</del> <ins>Пресс-релиз</ins>"
    assert cell(page, "title [ru]", "yours") == "<del>Релиз</del> <ins>Сообщение</ins>"
    assert "Текст второго." in page  # still in the textarea
    assert ArticleTranslation.objects.get(article=article, language="ru").title == "Пресс-релиз"


def test_a_desk_conflict_never_shows_the_other_persons_change_as_the_users(client, staff, make_article, agency):
    """Only the title was changed meanwhile, only the body by the user: each shows in its own column only."""
    article = make_article(agency=agency, versions={"en": "Release", "ru": "Релиз"})
    client.force_login(staff(TRANSLATOR, agency))
    url = f"/admin/articles/article/{article.pk}/translate/ru/"
    opened = client.get(url).context
    version = ArticleTranslation.objects.get(article=article, language="ru")
    form = {"title": version.title, "lead": version.lead, "body": version.body, "action": "save",
            "lock_version": opened["article"].lock_version, "opened_at": opened["opened_at"]}
    client.post(url, {**form, "title": "Релиз министерства"})
    response = client.post(url, {**form, "body": "Новый текст."})
    page = response.content.decode()
    assert cell(page, "title [ru]", "theirs") == "Релиз <ins>министерства</ins>"
    assert "not changed" in cell(page, "title [ru]", "yours") and "<ins>" not in cell(page, "title [ru]", "yours")
    assert "<ins>Новый текст.</ins>" in cell(page, "body [ru]", "yours")
    assert "not changed" in cell(page, "body [ru]", "theirs")
    assert '<textarea name="body" id="id_body" rows="22">Новый текст.</textarea>' in page
    assert f'value="{version.title}"' in page  # the user's own (unchanged) title, not the one saved meanwhile


def test_three_way_marks_theirs_and_yours_against_the_base(make_article, admin_user):
    article = make_article(versions={"en": "Akimat meets farmers"}, section="Law")
    opened_at = timezone.now()
    version = article.translations.get()
    version.title, version.lead = "Akimat meets the farmers", "A lead written meanwhile."
    version.save()
    yours = {"article": {"section": "Agriculture", "region": article.region},
             "en": {"title": "Akimat meets farmers", "lead": "", "body": version.body + "\r\n"}}
    rows = {row.field: row for row in conflicts.three_way(article, opened_at, yours)}
    assert (rows["section"].base, rows["section"].theirs, rows["section"].yours) == ("Law", "Law", "Agriculture")
    assert rows["section"].yours_changed and not rows["section"].theirs_changed
    assert rows["title [en]"].theirs_changed and not rows["title [en]"].yours_changed
    assert rows["lead [en]"].theirs_changed and not rows["lead [en]"].yours_changed
    assert "body [en]" not in rows  # the same text, line ends aside
    assert "published_at" not in rows and "agency" not in rows  # nobody changed them


def test_three_way_without_the_moment_of_opening_marks_nothing_as_anyones(make_article):
    article = make_article(versions={"en": "Title"})
    rows = conflicts.three_way(article, None, {"en": {"title": "Mine", "lead": "", "body": "Text."}})
    assert {row.field for row in rows} == {"title [en]", "body [en]"}
    assert not any(row.theirs_changed or row.yours_changed for row in rows)


def test_every_operation_invalidates_open_pages(make_article, admin_user):
    from articles.editorial.workflow import transition

    article = make_article()
    opened = article.lock_version
    transition(article, "submit", admin_user)
    with pytest.raises(locking.EditConflict):
        locking.claim(article, opened)


def test_claim_is_one_conditional_update():
    article = Article(pk=1)
    with pytest.raises(locking.EditConflict):
        locking.claim(article, 1)  # no such row: nothing claimed


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_claims_of_one_number_let_exactly_one_win(make_article):
    article = make_article()
    barrier, results = threading.Barrier(2), []

    def save():
        try:
            with transaction.atomic():
                barrier.wait()
                locking.claim(Article.objects.get(pk=article.pk), 1)
                results.append("saved")
        except locking.EditConflict:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=save) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["refused", "saved"]
    assert Article.objects.get(pk=article.pk).lock_version == 2
