"""Translation memory, glossary enforcement and bulk machine drafts, against the fake LibreTranslate server of
tests/conftest.py (``translation_service``)."""

import time

import pytest
from django.core.exceptions import PermissionDenied

from articles.editorial import memory
from articles.editorial.access import PUBLISHER, TRANSLATOR
from articles.editorial.desk import APPROVE, save_version
from articles.editorial.machine_translation import request_machine_draft
from articles.editorial.tasks import queue_machine_drafts
from articles.models import (
    Article,
    ArticleTranslation,
    LiveVersion,
    MachineDraftJob,
    Publication,
    Term,
    TranslationMemory,
)
from articles.text import sentences
from tests.factories import AgencyFactory, ArticleFactory

pytestmark = pytest.mark.django_db
Origin = TranslationMemory.Origin
BODY = "Аким провёл совещание. Участники обсудили планы.\n\nРешения будут приняты в мае."


@pytest.fixture
def article(make_article):
    article = make_article(versions={"ru": "Совещание в акимате"}, original_language="ru")
    article.translations.filter(language="ru").update(body=BODY)
    return Article.objects.get(pk=article.pk)


def test_sentences_are_split_after_a_full_stop_but_not_after_initials_or_abbreviations():
    assert sentences("Аким г. Астаны Ж. Қасымов выступил.  Он сказал: «Всё хорошо.» 2025 год был трудным!") == [
        "Аким г. Астаны Ж. Қасымов выступил.", "Он сказал: «Всё хорошо.»", "2025 год был трудным!"]


def test_a_draft_asks_the_machine_once_for_every_sentence_memory_lacks(translation_service, article, admin_user):
    version = request_machine_draft(article, "en", admin_user)
    assert len(translation_service.requests) == 1
    assert translation_service.texts() == ["Совещание в акимате", "Аким провёл совещание.",
                                           "Участники обсудили планы.", "Решения будут приняты в мае."]
    assert version.body == ("[en] Аким провёл совещание. [en] Участники обсудили планы.\n\n"
                            "[en] Решения будут приняты в мае.")
    assert version.from_memory == {"title": False, "lead": False, "paragraphs": [], "memory": 0, "machine": 4}
    assert TranslationMemory.objects.filter(origin=Origin.MACHINE, target_language="en").count() == 4


def test_a_memory_hit_is_not_asked_of_the_machine_and_is_recorded(translation_service, article, admin_user):
    memory.remember([("Аким провёл совещание. Участники обсудили планы.", "The akim held a meeting. They talked."),
                     ("Совещание в акимате", "Meeting at the akimat")], "ru", "en", Origin.APPROVED)
    version = request_machine_draft(article, "en", admin_user)
    assert translation_service.texts() == ["Решения будут приняты в мае."]
    assert version.title == "Meeting at the akimat"
    assert version.paragraphs == ["The akim held a meeting. They talked.", "[en] Решения будут приняты в мае."]
    assert version.from_memory == {"title": True, "lead": False, "paragraphs": [1], "memory": 2, "machine": 1}
    assert set(TranslationMemory.objects.filter(origin=Origin.APPROVED).values_list("uses", flat=True)) == {1}


def test_an_approved_translation_beats_the_machine_and_the_machine_never_replaces_it():
    memory.remember([("Решения будут приняты в мае.", "machine words")], "ru", "en", Origin.MACHINE)
    memory.remember([("Решения  будут приняты\u00a0в мае.", "Decisions will be taken in May.")], "ru", "en",
                    Origin.APPROVED)
    memory.remember([("Решения будут приняты в мае.", "other machine words")], "ru", "en", Origin.MACHINE)
    entry = TranslationMemory.objects.get()
    assert (entry.target, entry.origin) == ("Decisions will be taken in May.", Origin.APPROVED)


def test_approving_a_version_on_the_desk_remembers_it_paired_with_the_original(article, staff, settings):
    settings.KZPRESS_FOUR_EYES = False
    publisher = staff(PUBLISHER, article.agency)
    save_version(article, "en", title="Meeting at the akimat", lead="",
                 body="The akim held a meeting. They discussed plans.\n\nDecisions in May.", action=APPROVE,
                 user=publisher)
    pairs = set(TranslationMemory.objects.values_list("source", "target", "origin"))
    assert pairs == {("Совещание в акимате", "Meeting at the akimat", "approved"),
                     ("Аким провёл совещание.", "The akim held a meeting.", "approved"),
                     ("Участники обсудили планы.", "They discussed plans.", "approved"),
                     ("Решения будут приняты в мае.", "Decisions in May.", "approved")}


def test_a_body_whose_paragraphs_do_not_pair_up_is_not_remembered(article, staff, settings):
    settings.KZPRESS_FOUR_EYES = False
    save_version(article, "en", title="Meeting", lead="", body="All in one paragraph.", action=APPROVE,
                 user=staff(PUBLISHER, article.agency))
    assert list(TranslationMemory.objects.values_list("target", flat=True)) == ["Meeting"]


def test_going_live_remembers_the_published_version(make_article, staff, settings):
    settings.KZPRESS_FOUR_EYES = False
    article = make_article(versions={"ru": "Совещание в акимате"}, original_language="ru",
                           status=Article.Status.PUBLISHED)
    save_version(article, "en", title="Meeting at the akimat", lead="", body="The ministry met.\n\nThey talked.",
                 action=APPROVE, user=staff(PUBLISHER, article.agency))
    assert LiveVersion.objects.filter(article=article, language="en").exists()
    assert Publication.objects.filter(article=article).exists()
    assert TranslationMemory.objects.filter(origin=Origin.APPROVED, target="Meeting at the akimat").exists()


def test_the_glossary_is_enforced_in_the_machine_text_but_not_in_approved_memory(
        translation_service, make_article, admin_user):
    Term.objects.create(canonical_en="Kassymov", variants_en="Kasymov")
    article = make_article(versions={"ru": "Kasymov в акимате"}, original_language="ru")
    article.translations.filter(language="ru").update(body="Встреча с KASYMOV.\n\nKasymov сказал.")
    memory.remember([("Kasymov сказал.", "Kasymov (approved spelling) said.")], "ru", "en", Origin.APPROVED)
    version = request_machine_draft(Article.objects.get(pk=article.pk), "en", admin_user)
    assert version.title == "[en] Kassymov в акимате"
    assert version.paragraphs == ["[en] Встреча с KASSYMOV.", "Kasymov (approved spelling) said."]
    assert TranslationMemory.objects.get(source="Kasymov в акимате").target == "[en] Kassymov в акимате"


def test_a_translator_drafts_only_in_their_languages(translation_service, article, staff):
    translator = staff(TRANSLATOR, article.agency, languages=["kk"])
    with pytest.raises(PermissionDenied):
        request_machine_draft(article, "en", translator)
    job = queue_machine_drafts(translator, "en", [article])
    assert (job.status, job.done, job.drafted, len(job.errors)) == ("done", 1, 0, 1)
    assert not article.translations.filter(language="en").exists()
    assert translation_service.requests == []
    assert request_machine_draft(article, "kk", translator).status == "machine_draft"


def test_the_editor_shows_which_parts_came_from_memory(translation_service, article, admin_client, admin_user):
    memory.remember([("Решения будут приняты в мае.", "Decisions in May.")], "ru", "en", Origin.APPROVED)
    request_machine_draft(article, "en", admin_user)
    page = admin_client.get(f"/admin/articles/article/{article.pk}/translate/en/").content.decode()
    assert 'id="from-memory"' in page
    assert "paragraph 2" in page


def test_the_bulk_action_asks_the_language_then_queues_a_job_and_shows_its_result(
        translation_service, article, make_article, admin_client):
    approved = make_article(versions={"ru": "Другое", "en": "Other"}, original_language="ru")
    url = "/admin/articles/article/"
    form = admin_client.post(url, {"action": "request_machine_drafts", "_selected_action": [article.pk, approved.pk]})
    assert "Target language" in form.content.decode()
    response = admin_client.post(url, {"action": "request_machine_drafts", "apply": "1", "language": "en",
                                       "_selected_action": [article.pk, approved.pk]})
    job = MachineDraftJob.objects.get()
    assert response.url == f"/admin/articles/machinedraftjob/{job.pk}/change/"
    assert (job.status, job.total, job.done, job.drafted, job.skipped) == ("done", 2, 2, 1, 1)
    assert approved.translations.get(language="en").status == "approved"
    page = admin_client.get(response.url).content.decode()
    assert 'data-count="drafted">1<' in page and 'data-count="skipped">1<' in page
    progress = admin_client.get(f"/admin/articles/machinedraftjob/{job.pk}/progress/").json()
    assert progress["finished"] and progress["done"] == 2 and progress["machine"] == 4


def test_the_desk_requests_machine_drafts_for_its_current_filter(translation_service, article, make_article,
                                                                 admin_client):
    other = make_article(versions={"kk": "Басқа"}, original_language="kk")
    desk = admin_client.get("/admin/articles/article/desk/?version=missing:en&agency=").content.decode()
    assert 'id="desk-machine-drafts"' in desk
    admin_client.post("/admin/articles/article/desk/machine-drafts/",
                      {"language": "en", "filters": f"agency={article.agency_id}"})
    job = MachineDraftJob.objects.get()
    assert job.article_ids == [article.pk]
    assert not other.translations.filter(language="en").exists()


def test_another_persons_job_is_not_found(article, staff, admin_user):
    job = MachineDraftJob.objects.create(user=admin_user, language="en", article_ids=[article.pk], total=1)
    translator = staff(TRANSLATOR, article.agency)
    from django.test import Client

    client = Client()
    client.force_login(translator)
    assert client.get(f"/admin/articles/machinedraftjob/{job.pk}/progress/").status_code == 404


def test_a_thousand_machine_drafts_in_bulk_and_a_second_run_asks_the_machine_nothing(
        translation_service, admin_user, monkeypatch):
    """Done when: 1,000 versions drafted by the task with its counts; the same releases again take everything
    from memory (filled by the first run's machine output) and send the service no request."""
    agency = AgencyFactory()
    articles = Article.objects.bulk_create(ArticleFactory.build_batch(1000, agency=agency, original_language="ru"))
    ArticleTranslation.objects.bulk_create(
        ArticleTranslation(article=a, language="ru", is_original=True, status="approved", slug=f"r-{i}",
                           title=f"Пресс-релиз № {i}", body=f"Совещание {i % 50}. Итоги.\n\nПлан {i % 7}.")
        for i, a in enumerate(articles))
    seen = []  # the job's progress as each release starts

    def draft(article, language, user, glossary):
        seen.append(MachineDraftJob.objects.values_list("done", "drafted").get())
        return request_machine_draft(article, language, user, glossary)

    monkeypatch.setattr("articles.editorial.tasks.request_machine_draft", draft)
    started = time.monotonic()
    first = queue_machine_drafts(admin_user, "en", articles)
    first_took = time.monotonic() - started
    assert (first.status, first.total, first.done, first.drafted, first.errors) == ("done", 1000, 1000, 1000, [])
    asked = len(translation_service.texts())
    assert first.machine_segments == asked == 1000 + 50 + 1 + 7  # each title, and each distinct sentence once
    assert first.memory_segments == 4 * 1000 - asked  # every other sentence came from memory
    assert seen == [(n, n) for n in range(1000)]  # the counts are written after every release
    assert ArticleTranslation.objects.filter(language="en", status="machine_draft").count() == 1000
    assert not LiveVersion.objects.exists()

    translation_service.requests, seen[:] = [], []
    MachineDraftJob.objects.all().delete()
    second = queue_machine_drafts(admin_user, "en", articles)
    assert (second.done, second.drafted, second.machine_segments, second.memory_segments) == (1000, 1000, 0, 4000)
    assert translation_service.requests == []
    assert first_took < 60


def test_a_failing_service_leaves_the_release_unchanged_and_names_it_on_the_job_page(
        translation_service, article, admin_client, admin_user):
    translation_service.mode = "error"
    job = queue_machine_drafts(admin_user, "en", [article])
    assert (job.status, job.done, job.drafted) == ("done", 1, 0)
    assert job.errors == [{"article": article.pk,
                           "error": "the translation service answered 500 Internal Server Error"}]
    assert not article.translations.filter(language="en").exists()
    page = admin_client.get(f"/admin/articles/machinedraftjob/{job.pk}/change/").content.decode()
    assert 'id="job-errors"' in page and "answered 500" in page


def test_a_job_whose_requester_left_fails(article, admin_user):
    job = MachineDraftJob.objects.create(user=None, language="en", article_ids=[article.pk], total=1)
    from articles.editorial.tasks import run_machine_drafts

    with pytest.raises(PermissionDenied):
        run_machine_drafts.call(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.errors[0]["article"] is None


def test_a_queued_job_page_polls_its_progress(article, admin_client, admin_user, django_assert_max_num_queries):
    job = MachineDraftJob.objects.create(user=admin_user, language="en", article_ids=[article.pk], total=1)
    page = admin_client.get(f"/admin/articles/machinedraftjob/{job.pk}/change/").content.decode()
    assert f'data-url="/admin/articles/machinedraftjob/{job.pk}/progress/"' in page
    with django_assert_max_num_queries(4):
        progress = admin_client.get(f"/admin/articles/machinedraftjob/{job.pk}/progress/").json()
    assert (progress["finished"], progress["done"], progress["total"]) == (False, 0, 1)
    assert str(job) in admin_client.get("/admin/articles/machinedraftjob/").content.decode()
