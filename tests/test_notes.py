"""The notes the system stores in English (an import's findings and repairs, the origins of revisions) in the
editor's language; a person's own words as they were written."""

import re

import pytest
from django.utils import translation

from articles.importing.parsing import parse_dump
from articles.notes import NOTES, translated, translated_all
from tests.factories import import_sample

SOURCE = "https://www.gov.kz/memleket/entities/adilet/press/news/details/"
GLUED = """Section: Law
TITLE ONE IN CAPITALS 09.02.2025
First paragraph.Second paragraph starts here.Source : https://www.gov.kz/memleket/entities/adilet/press/news/details/1
"""


@pytest.mark.parametrize(("language", "expected"), [
    ("ru", "строка 8: заголовок набран прописными; в редакторе есть вариант с обычным регистром"),
    ("kk", "8-жол: тақырып бас әріптермен терілген; редакторда кәдімгі жазылу нұсқасы бар"),
    ("en", "line 8: title is in capitals; a sentence-case suggestion is available in the editor"),
])
def test_a_finding_with_its_line_in_the_editors_language(language, expected):
    with translation.override(language):
        assert translated("line 8: title is in capitals; a sentence-case suggestion is available in the editor") \
            == expected


@pytest.mark.parametrize(("note", "language", "expected"), [
    ("Import batch 1: govkz-law-2025-02-09.txt", "ru", "Импорт 1: govkz-law-2025-02-09.txt"),
    ("Import batch 1: govkz-law-2025-02-09.txt", "kk", "1-импорт: govkz-law-2025-02-09.txt"),
    ("Translation desk: kk version approve (бекітілген)", "ru", "Стол переводов, Казахский: версия утверждена"),
    ("Translation desk: ru version save (утверждена)", "kk", "Аударма үстелі, Орыс тілі: нұсқа сақталды"),
    ("Workflow: publish → published — checked by phone", "ru",
     "Рабочий процесс: опубликован — checked by phone"),
    ("3 glued paragraph break(s) restored", "ru", "восстановлено 3 слитых разрыва абзаца"),
    ("1 glued paragraph break(s) restored", "en", "1 glued paragraph break restored"),
    ("Assigned section = Law, region = —", "kk", "Тағайындалды: бөлім = Law, өңір = —"),
    ("this release is stored under agency 'adilet': agency 'adilet' is not one of yours: you may import releases "
     "of abay", "ru", "этот пресс-релиз хранится у ведомства «adilet»: ведомство «adilet» не из ваших: вы можете "
                      "импортировать пресс-релизы ведомств abay"),
    ("Published changes — Workflow: in review", "ru", "Изменения опубликованы — Workflow: in review"),
    ("line 59: the title is in en but the body is in ru: stored as two incomplete versions, flagged needs "
     "translation", "kk", "59-жол: тақырыбы — Ағылшын тілі, ал мәтіні — Орыс тілі: екі толық емес нұсқа ретінде "
                          "сақталды, «аударма қажет» белгісі қойылды"),
    ("unknown agency 'kazsport': an administrator adds it (Agencies → Add), then import again", "ru",
     "неизвестное ведомство «kazsport»: администратор добавляет его (Ведомства → Добавить), затем импортируйте "
     "снова"),
])
def test_system_notes_in_the_editors_language(note, language, expected):
    with translation.override(language):
        assert translated(note) == expected


def test_a_persons_words_are_shown_as_written():
    with translation.override("ru"):
        assert translated("Checked with the press service by phone") == "Checked with the press service by phone"
        assert translated_all(["Confirmed", ""]) == ["Confirmed", ""]
        assert translated(None) is None


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_known_note_has_its_translation(language):
    messages = [message for _pattern, message in NOTES if not callable(message)]
    with translation.override("en"):
        english = [str(message) for message in messages]
    with translation.override(language):
        shown = [str(message) for message in messages]
    assert [e for e, s in zip(english, shown, strict=True) if e == s] == []


def test_what_the_parser_writes_is_known(tmp_path):
    """The parser's own findings and repairs of a scraped item match a pattern (a changed wording would otherwise
    reach Kazakh and Russian editors in English)."""
    items = parse_dump(GLUED)
    written = [f"line {p.line}: {p.message}" for item in items for p in item.problems] + \
        [repair for item in items for repair in item.repairs]
    assert written
    with translation.override("ru"):
        assert all(translated(note) != note for note in written), written


@pytest.mark.django_db
def test_the_batch_page_and_the_history_speak_russian(admin_client):
    batch = import_sample(publish=True)
    admin_client.post("/i18n/setlang/", {"language": "ru", "next": "/admin/"})
    page = admin_client.get(f"/admin/articles/importbatch/{batch.pk}/change/").content.decode()
    assert "заголовок набран прописными" in page
    assert "title is in capitals" not in page
    article = batch.rows.exclude(article=None).first().article
    history = admin_client.get(f"/admin/articles/article/{article.pk}/history/").content.decode()
    assert f"Импорт {batch.pk}: " in history and "Import batch" not in history
    assert "версия: " in history and not re.search(r"версия (en|ru|kk)\b", history)  # languages by name
    change = admin_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "Import batch" not in change


ROWS = [  # rows of a table import, each refused for another reason
    {"title": "x", "body": "y", "source_url": "ftp:/x"},
    {"title": "x", "body": "y"},
    {"title": "x", "body": "y", "agency": "Adilet!"},
    {"title": "x", "body": "y", "source_url": f"{SOURCE}1", "published_at": "1.2.x"},
    {"title": "x", "body": "y", "source_url": f"{SOURCE}1", "agency": "mvd"},
    {"source_url": f"{SOURCE}1", "published_at": "2025-01-01"},
    {"title": "x", "body": "y", "source_url": f"{SOURCE}1", "published_at": "2025-01-01", "status": "live"},
    {"title": "x", "body": "y", "source_url": f"{SOURCE}1", "published_at": "2025-01-01", "flags": "zzz"},
    {"title": "x", "body": "y", "source_url": "https://example.com/a", "published_at": "2025-01-01"},
    {"title": "x", "body": "y", "source_url": f"{SOURCE}1"},
]


@pytest.mark.parametrize("row", ROWS)
def test_why_a_row_is_refused_is_said_in_the_editors_language(row):
    from articles.importing.formats import release_from_row

    refused = release_from_row(row, 5)
    assert refused.messages
    with translation.override("ru"):
        shown = [translated(message) for message in refused.messages]
    assert all(s != m and s.startswith("строка 5: ") for s, m in zip(shown, refused.messages, strict=True)), shown


def test_a_table_with_unknown_columns_is_refused_in_the_editors_language():
    from articles.importing.formats import RowError, check_columns

    with pytest.raises(RowError) as refused:
        check_columns(["titel", "body"])
    with translation.override("kk"):
        assert translated(str(refused.value)).startswith("1-жол: белгісіз бағандар: titel; күтілгені: ")


@pytest.mark.django_db
def test_every_origin_the_operations_store_is_shown_in_the_editors_language(admin_user, settings,
                                                                           translation_service):
    """Each named operation stores why a revision was made in English; each of those notes has its pattern, so a
    Kazakh or Russian editor reads none of them in English (a changed wording would otherwise slip through)."""
    import datetime

    from django.contrib.admin.models import LogEntry
    from django.utils import timezone

    from articles.editorial import desk, previews, reverting, terms, upstream, workflow
    from articles.editorial.machine_translation import request_machine_draft
    from articles.importing.undo import undo_batch
    from articles.models import Article, ArticleTranslation, Term
    from tests.factories import ArticleFactory, TranslationFactory, import_rows

    settings.KZPRESS_FOUR_EYES = False  # one person does the whole day here
    batch = import_sample(publish=True, user=admin_user)
    article = batch.rows.exclude(article=None).first().article
    english = article.translations.get(language="en")
    # The desk: a save, a review, an approval, a major change of the original, a discarded draft, a repair.
    for action in ("save", "review", "approve"):
        desk.save_version(article, "ru", title="Заголовок", lead="", body="Текст.", action=action, user=admin_user)
    desk.save_version(article, "en", title=english.title, lead="", body=english.body + " More.", action="save",
                      user=admin_user, outdates_others=True)
    desk.save_version(article, "ru", title="Заголовок", lead="", body="Другой текст.", action="save", user=admin_user)
    desk.discard_draft(article, "ru", admin_user)
    desk.repair_texts(Article.objects.filter(pk=article.pk), admin_user)
    # The workflow: changes published with a note, an assignment, a withdrawal with a reason, a scheduled release.
    article.translations.filter(language="en").update(status="approved", body="The body, corrected.")
    workflow.publish_changes(article, admin_user, major=True, change_note="Corrected the date", reason="checked")
    workflow.assign(Article.objects.filter(pk=article.pk), admin_user, section="Law")
    workflow.transition(article, "withdraw", admin_user, note="Published by mistake")
    scheduled = TranslationFactory(article=ArticleFactory(agency=article.agency), status="approved").article
    workflow.transition(scheduled, "schedule", admin_user, publish_at=timezone.now() + datetime.timedelta(hours=1))
    workflow.publish_due(now=timezone.now() + datetime.timedelta(hours=2))
    # The glossary, a revert, a preview link, a held source change, an undone import.
    Term.objects.create(canonical_en="Ministry of Justice", variants_en="Minstry of Justice")
    ArticleTranslation.objects.filter(pk=english.pk).update(body="The Minstry of Justice said so.")
    terms.apply_replacements([o.key for o in terms.find_occurrences(Article.objects.filter(pk=article.pk))],
                             admin_user)
    oldest = article.history.order_by("history_id").first()
    reverting.revert(article, "article", oldest.history_id, admin_user)
    previews.revoke(previews.create_link(admin_user, [english], "Astana TV"), admin_user)
    url = f"https://www.gov.kz/memleket/entities/{article.agency.slug}/press/news/details/"
    row = {"title": "A title", "body": "A body.", "published": "2025-01-01"}
    first = import_rows([{**row, "source_url": f"{url}1"}, {**row, "source_url": f"{url}2"}], user=admin_user)
    assert first.counts["created"] == 2
    ArticleTranslation.objects.filter(article__source_url=f"{url}1").update(title="An editor's title")
    changed = import_rows([{**row, "source_url": f"{url}1", "title": "A new title"},
                           {**row, "source_url": f"{url}2", "body": "A new body."}], user=admin_user)
    upstream.reject(Article.objects.get(source_url=f"{url}1"), admin_user, [("title", "en")])
    undo_batch(changed, admin_user)
    request_machine_draft(article, "kk", admin_user)

    stored = {*Article.history.values_list("history_change_reason", flat=True),
              *ArticleTranslation.history.values_list("history_change_reason", flat=True),
              *LogEntry.objects.values_list("change_message", flat=True)} - {None, ""}
    values = ["Corrected the date", "Published by mistake",  # a person's words, shown as written
              "Law", "govkz-law-2025-02-09.txt", "rows.json"]  # data: a section, file names
    with translation.override("ru"):
        shown = {note: translated(note) for note in stored}
    english = {note: words for note, text in shown.items()
               if (words := re.findall(r"[A-Za-z]{2,}(?: [A-Za-z]{2,})*", re.sub(
                   r"“[^”]*”|«[^»]*»|" + "|".join(map(re.escape, values)), "", text)))}
    assert english == {}, english
    assert len(stored) > 15, sorted(stored)


@pytest.mark.parametrize(("language", "expected"), [
    ("ru", "Возврат к редакции от 4 декабря 2026 г. 02:24 (№34)"),
    ("en", "Reverted to the revision of Dec. 4, 2026, 02:24 (#34)"),
])
def test_a_reverts_moment_is_shown_in_almaty_time_as_the_admin_writes_dates(language, expected):
    """The revision's moment is stored in UTC (21:24 on the 3rd is 02:24 on the 4th in Almaty)."""
    with translation.override(language):
        assert translated("Reverted to the revision of 2026-12-03 21:24:39 (#34)") == expected
        assert translated("line 2: invalid date '31.02.2025': there is no such day; correct the date of the title "
                          "(DD.MM.YYYY)").count("31.02.2025") == 1
