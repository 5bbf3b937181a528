"""The translation desk: queue counts, version transitions, the editor's screens."""


import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError

from articles.editorial.desk import (
    APPROVE,
    REVIEW,
    SAVE,
    normalise_body,
    proper_names,
    queue_counts,
    save_version,
    sentence_case,
)
from articles.editorial.workflow import transition
from articles.models import Article, ArticleTranslation, LiveVersion
from tests.factories import import_sample

pytestmark = pytest.mark.django_db

GENDER = "931104"


@pytest.fixture
def sample():
    import_sample(publish=True)
    return Article.objects.all()


@pytest.fixture(autouse=True)
def one_person_desk(settings):
    """The desk's mechanics, with the second pair of eyes off (a one-person desk); tests/test_publishing.py
    holds the second pair of eyes."""
    settings.KZPRESS_FOUR_EYES = False


def status(article, language):
    return article.translations.get(language=language).status


def test_queue_counts_on_the_sample(sample):
    counts = queue_counts(sample)
    assert counts["missing_by_language"] == {"kk": 20, "ru": 19, "en": 0}
    assert counts["missing"] == 39
    assert counts["needs_translation"] == 1
    assert counts["title_in_capitals"] == 10
    assert (counts["machine_draft"], counts["needs_review"], counts["upstream_changed"]) == (0, 0, 0)


@pytest.mark.parametrize(
    ("action", "title", "body", "expected"),
    [
        (SAVE, "Тақырып", "", "needs_translation"),
        (SAVE, "Тақырып", "Министрлік кеңес өткізді.", "needs_review"),
        (REVIEW, "Тақырып", "Министрлік кеңес өткізді.", "needs_review"),
        (REVIEW, "", "Министрлік кеңес өткізді.", "needs_translation"),
        (APPROVE, "Тақырып", "Министрлік кеңес өткізді.", "approved"),
    ],
)
def test_version_transitions(sample, admin_user, action, title, body, expected):
    article = sample.get(news_id="931102")
    version = save_version(article, "kk", title=title, lead="", body=body, action=action, user=admin_user)
    assert version.status == expected
    assert version.updated_by == admin_user
    assert "Translation desk: kk version" in LogEntry.objects.latest("action_time").change_message


def test_an_incomplete_version_cannot_be_approved(sample, admin_user):
    article = sample.get(news_id=GENDER)
    with pytest.raises(ValidationError):
        save_version(article, "en", title="Gender equality", lead="", body="", action=APPROVE, user=admin_user)
    assert status(article, "en") == "needs_translation"


def test_fixing_the_russian_bodied_item(sample, admin_user):
    article = sample.get(news_id=GENDER)
    assert not LiveVersion.objects.public("en").filter(article=article).exists()
    en = article.translations.get(language="en")
    save_version(article, "en", title=en.title, lead="", body="Today, February 4, the Minister met participants.",
                 action=APPROVE, user=admin_user)
    article.refresh_from_db()
    assert article.needs_translation  # the Russian version still has no title
    save_version(article, "ru", title="Вопросы гендерного равенства остаются актуальными", lead="",
                 body=article.translations.get(language="ru").body, action=APPROVE, user=admin_user)
    article.refresh_from_db()
    assert not article.needs_translation
    transition(article, "publish", admin_user)
    public = LiveVersion.objects.public()
    assert set(public.filter(article=article).values_list("language", flat=True)) == {"en", "ru"}


def test_a_machine_draft_stays_a_draft_until_reviewed(sample, admin_user):
    article = sample.get(news_id="931102")
    ArticleTranslation.objects.create(article=article, language="ru", title="Цифровой судебный исполнитель",
                                      body="Текст.", status="machine_draft")
    version = save_version(article, "ru", title="Цифровой судебный исполнитель", lead="", body="Текст.",
                           action=SAVE, user=admin_user)
    assert version.status == "machine_draft"
    assert not LiveVersion.objects.public("ru").exists()


def test_sentence_case_keeps_proper_names(sample):
    title = "TURKESTAN: WORKS ON CLEARING ROADS FROM SNOW IN BAIDIBEK DISTRICT"
    assert sentence_case(title, proper_names("en")) == (
        "Turkestan: works on clearing roads from snow in Baidibek district")


def test_correcting_a_capital_title_clears_its_flag(sample, admin_user):
    article = sample.get(news_id="930418")
    save_version(article, "en", title="Turkestan: works on clearing roads from snow in Baidibek district", lead="",
                 body=article.translations.get(language="en").body, action=APPROVE, user=admin_user)
    article.refresh_from_db()
    assert not article.title_in_capitals


def test_saving_repairs_glued_paragraphs_and_spaces():
    assert normalise_body("First  one.Second one.\r\n\r\n\r\nThird") == "First one.\n\nSecond one.\n\nThird"


def test_desk_lists_work_with_filters(admin_client, sample):
    page = admin_client.get("/admin/articles/article/desk/")
    assert page.status_code == 200
    assert len(page.context["rows"]) == 20  # every article misses a Kazakh version
    assert page.context["counts"]["terminology"] == 6  # articles with glossary variants
    flagged = admin_client.get("/admin/articles/article/desk/", {"state": "needs_translation"})
    assert [a.news_id for a, *_ in flagged.context["rows"]] == [GENDER]
    by_agency = admin_client.get("/admin/articles/article/desk/", {"agency": sample.get(news_id="930165").agency_id})
    assert {a.agency.slug for a, *_ in by_agency.context["rows"]} == {"enbek"}
    english = admin_client.get("/admin/articles/article/desk/", {"language": "en"})
    assert [a.news_id for a, *_ in english.context["rows"]] == [GENDER]


def test_editor_shows_both_sides_and_saves(admin_client, sample):
    article = sample.get(news_id=GENDER)
    url = f"/admin/articles/article/{article.pk}/translate/en/"
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "Сегодня, 4 февраля" in page.content.decode()
    response = admin_client.post(url, {"title": "Gender equality", "lead": "", "body": "Body.", "action": "approve",
                                       "lock_version": article.lock_version})
    assert response.status_code == 302
    assert status(article, "en") == "approved"


@pytest.mark.parametrize(("action", "said"), [
    ("save", "The English version was saved."),
    ("review", "The English version was sent for review."),
    ("approve", "The English version was approved: readers see it once the release is published."),
])
def test_the_desk_says_what_its_button_did(admin_client, sample, action, said):
    article = sample.get(news_id=GENDER)
    response = admin_client.post(f"/admin/articles/article/{article.pk}/translate/en/",
                                 {"title": "Gender equality", "lead": "", "body": "Body.", "action": action,
                                  "lock_version": article.lock_version}, follow=True)
    assert said in response.content.decode()


def test_approving_a_version_of_a_live_release_says_it_is_live(admin_client, make_article):
    article = make_article(versions={"en": "Live release"}, status=Article.Status.PUBLISHED)
    response = admin_client.post(f"/admin/articles/article/{article.pk}/translate/en/",
                                 {"title": "Live release", "lead": "", "body": "Corrected body.", "action": "approve",
                                  "lock_version": article.lock_version, "reason": "checked"}, follow=True)
    assert "The English version was approved and is live: readers see it now." in response.content.decode()


def test_editor_rejects_approving_an_incomplete_version(admin_client, sample):
    article = sample.get(news_id=GENDER)
    response = admin_client.post(f"/admin/articles/article/{article.pk}/translate/en/",
                                 {"title": "Gender equality", "body": "", "action": "approve",
                                  "lock_version": article.lock_version}, follow=True)
    assert "Only a version with a title and a body can be approved." in response.content.decode()
    assert status(article, "en") == "needs_translation"


def test_repair_action_restores_paragraphs_of_old_text(admin_client, make_article):
    article = make_article(versions={"en": "Old  release"})
    article.translations.update(body="The akim held a meeting.The agenda  was long.")
    response = admin_client.post("/admin/articles/article/",
                                 {"action": "repair_texts", "_selected_action": [article.pk]})
    assert response.status_code == 302
    version = article.translations.get()
    assert (version.title, version.body) == ("Old release", "The akim held a meeting.\n\nThe agenda was long.")
    assert "Text repair" in LogEntry.objects.latest("action_time").change_message


def test_desk_date_filter(admin_client, sample):
    inside = admin_client.get("/admin/articles/article/desk/", {"published_after": "2025-02-09",
                                                                "published_before": "2025-02-09"})
    outside = admin_client.get("/admin/articles/article/desk/", {"published_after": "2025-03-01"})
    assert len(inside.context["rows"]) == 20 and len(outside.context["rows"]) == 0


def test_an_article_with_two_approved_versions_is_in_the_queue_for_its_third(make_article):
    from articles.editorial.desk import needs_work
    from articles.models import Article

    article = make_article(versions={"en": "English", "ru": "Русский"})
    assert list(needs_work(Article.objects.all())) == [article]
