"""Optimistic locking: of two editors who opened the same article, the second save is refused, nothing lost."""

import threading

import pytest
from django.db import connection, transaction

from articles.editorial import locking
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
    assert "<ins>the</ins>" in page and "<ins>of Turkestan</ins>" in page  # what the first editor changed
    assert 'value="Agriculture"' in page  # the second editor's input is still in the form
    stored = Article.objects.get(pk=article.pk)
    assert stored.section == "Law"
    assert stored.translations.get().title == "Akimat meets the farmers of Turkestan"

    data_second["lock"] = stored.lock_version  # reloaded: now it saves
    assert client.post(url, {**change_form_data(client.get(url)), "section": "Agriculture"}).status_code == 302
    assert Article.objects.get(pk=article.pk).section == "Agriculture"


def test_second_desk_save_is_refused_and_keeps_the_translators_text(client, staff, make_article, agency):
    article = make_article(agency=agency, versions={"en": "Release", "ru": "Релиз"})
    translator = staff(TRANSLATOR, agency)
    client.force_login(translator)
    url = f"/admin/articles/article/{article.pk}/translate/ru/"
    opened = client.get(url).context["article"].lock_version
    first = {"title": "Пресс-релиз", "lead": "", "body": "Текст первого.", "action": "save", "lock_version": opened}
    assert client.post(url, first).status_code == 302
    second = {**first, "title": "Сообщение", "body": "Текст второго."}
    response = client.post(url, second)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="edit-conflict"' in page
    assert "<del>Пресс-релиз</del> <ins>Сообщение</ins>" in page
    assert "Текст второго." in page  # still in the textarea
    assert ArticleTranslation.objects.get(article=article, language="ru").title == "Пресс-релиз"


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
