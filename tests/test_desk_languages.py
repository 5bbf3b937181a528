"""The translation desk in Kazakh and Russian: outdated versions, translators' languages, the desk as home, the
admin in the editor's language."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from articles.editorial import reverting, terms, upstream
from articles.editorial.access import PUBLISHER, REVIEWER, TRANSLATOR
from articles.editorial.desk import (
    APPROVE,
    REVIEW,
    SAVE,
    discard_draft,
    latest_revision,
    original_changes,
    proper_names,
    repair_texts,
    save_version,
    sentence_case,
)
from articles.editorial.machine_translation import request_machine_draft
from articles.models import Agency, Article, ArticleTranslation, Region, Term

pytestmark = pytest.mark.django_db
DESK = "/admin/articles/article/desk/"
BODY_RU = "Министр провёл совещание.\n\nОбсуждены вопросы дорог."
BODY_RU_CHANGED = BODY_RU.replace("дорог", "дорог и мостов")
BODY_KK = "Министр кеңес өткізді.\n\nЖол мәселелері талқыланды."


@pytest.fixture(autouse=True)
def one_person_desk(settings):
    settings.KZPRESS_FOUR_EYES = False


@pytest.fixture
def release(make_article, agency):
    """A Russian original with Kazakh and English versions, the Kazakh one translated on the desk."""
    article = make_article(agency=agency, original_language="ru",
                           versions={"ru": "Совещание в министерстве", "kk": "Министрліктегі кеңес", "en": "Meeting"})
    original = article.translations.get(language="ru")
    original.body = BODY_RU
    original.save()
    return article


def translate_kk(article, user):
    return save_version(article, "kk", title="Министрліктегі кеңес", lead="", body=BODY_KK, action=APPROVE, user=user)


def change_original(article, user, major, body=BODY_RU_CHANGED):
    return save_version(article, "ru", title="Совещание в министерстве", lead="", body=body, action=SAVE, user=user,
                        outdates_others=major)


def outdated(article):
    return dict(article.translations.values_list("language", "outdated"))


# Outdated versions

def test_a_translation_saved_on_the_desk_records_the_revision_of_the_original(release, admin_user):
    version = translate_kk(release, admin_user)
    assert version.source_revision == latest_revision(release)
    assert ArticleTranslation.history.get(history_id=version.source_revision).language == "ru"


def test_a_major_change_of_the_original_outdates_the_other_versions(release, admin_user):
    translate_kk(release, admin_user)
    change_original(release, admin_user, major=True)
    assert outdated(release) == {"ru": False, "kk": True, "en": True}


def test_a_minor_change_of_the_original_outdates_nothing(release, admin_user):
    translate_kk(release, admin_user)
    change_original(release, admin_user, major=False)
    assert not any(outdated(release).values())


def test_the_major_change_box_on_a_translation_outdates_nothing(release, admin_user):
    save_version(release, "kk", title="Кеңес", lead="", body=BODY_KK, action=SAVE, user=admin_user,
                 outdates_others=True)
    assert not any(outdated(release).values())


def test_the_diff_of_the_original_since_the_translation_and_reapproval_clears_it(release, admin_user):
    translate_kk(release, admin_user)
    change_original(release, admin_user, major=True)
    kk = release.translations.get(language="kk")
    changes = dict(original_changes(kk))
    assert list(changes) == ["body"] and "<ins>дорог и мостов.</ins>" in str(changes["body"])
    save_version(release, "kk", title=kk.title, lead="", body=BODY_KK + " Көпірлер.", action=REVIEW,
                 user=admin_user)
    kk.refresh_from_db()
    assert kk.outdated and dict(original_changes(kk))  # saved for review: still outdated, the diff kept
    translate_kk(release, admin_user)
    kk.refresh_from_db()
    assert not kk.outdated and kk.source_revision == latest_revision(release) and original_changes(kk) == []


def test_the_editor_of_an_outdated_version_shows_the_originals_changes(admin_client, release, admin_user):
    translate_kk(release, admin_user)
    change_original(release, admin_user, major=True)
    page = admin_client.get(f"/admin/articles/article/{release.pk}/translate/kk/").content.decode()
    assert 'id="outdated"' in page and "<ins>дорог и мостов.</ins>" in page
    assert 'name="outdates_others"' not in page  # the box is the original's only
    original = admin_client.get(f"/admin/articles/article/{release.pk}/translate/ru/").content.decode()
    assert 'name="outdates_others"' in original


def test_the_editor_posts_a_major_change_of_the_original(admin_client, release):
    response = admin_client.post(f"/admin/articles/article/{release.pk}/translate/ru/", {
        "title": "Совещание", "lead": "", "body": BODY_RU, "signature": "", "action": SAVE,
        "lock_version": Article.objects.get(pk=release.pk).lock_version, "outdates_others": "1"})
    assert response.status_code == 302
    assert outdated(release) == {"ru": False, "kk": True, "en": True}


def test_the_matrix_counts_and_filters_by_state_and_language(admin_client, release, make_article, agency,
                                                              admin_user):
    translate_kk(release, admin_user)
    change_original(release, admin_user, major=True)
    other = make_article(agency=agency, versions={"en": "Another release"})
    page = admin_client.get(DESK)
    matrix = {code: dict((state, n) for state, _, n in cells) for code, _, cells in page.context["matrix"]}
    assert matrix["kk"]["outdated"] == 1 and matrix["kk"]["missing"] == 1 and matrix["kk"]["approved"] == 0
    assert matrix["ru"]["needs_review"] == 1 and matrix["en"]["approved"] == 1
    rows = {article.pk: cells for article, _, cells, _ in page.context["rows"]}
    assert [state for _, _, state, _ in rows[release.pk]] == ["outdated", "needs_review", "outdated"]
    assert [a.pk for a, *_ in admin_client.get(DESK, {"version": "outdated:kk"}).context["rows"]] == [release.pk]
    assert [a.pk for a, *_ in admin_client.get(DESK, {"version": "missing:kk"}).context["rows"]] == [other.pk]
    assert admin_client.get(DESK, {"version": "outdated:ru"}).context["rows"] == []


def test_the_desk_shows_release_titles_and_flags_in_plain_words(admin_client, make_article, agency):
    article = make_article(agency=agency, versions={"en": "Roads cleared of snow"}, title_in_capitals=True)
    with translation.override("en"):
        page = admin_client.get(DESK, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Roads cleared of snow" in page and str(article) not in page.split('id="desk"')[1]
    assert "take the suggested sentence case" in page


def test_the_desk_filters_by_agency_and_date(admin_client, make_article, agency):
    now = timezone.now()
    old = make_article(agency=agency, versions={"en": "Old"}, published_at=now - datetime.timedelta(days=30))
    new = make_article(versions={"en": "New"}, published_at=now)
    by_date = admin_client.get(DESK, {"published_after": (now - datetime.timedelta(days=2)).date().isoformat()})
    assert [a.pk for a, *_ in by_date.context["rows"]] == [new.pk]
    by_agency = admin_client.get(DESK, {"agency": agency.pk})
    assert [a.pk for a, *_ in by_agency.context["rows"]] == [old.pk]


def test_the_desk_page_is_keyboard_navigable(admin_client, make_article):
    make_article(versions={"en": "Roads"})
    page = admin_client.get(DESK).content.decode()
    assert "articles/desk-keys.js" in page and 'tabindex="-1" data-release=' in page and "data-work" in page


# Per-language roles

@pytest.fixture
def kazakh_translator(staff, agency):
    return staff(TRANSLATOR, agency, languages=["kk"])


def test_a_translator_edits_and_submits_only_their_languages(release, kazakh_translator):
    version = save_version(release, "kk", title="Кеңес", lead="", body=BODY_KK, action=REVIEW,
                           user=kazakh_translator)
    assert version.status == "needs_review"
    with pytest.raises(PermissionDenied):
        save_version(release, "en", title="Meeting", lead="", body="Text.", action=REVIEW, user=kazakh_translator)
    with pytest.raises(PermissionDenied):  # approving needs a publisher or a reviewer
        save_version(release, "kk", title="Кеңес", lead="", body=BODY_KK, action=APPROVE, user=kazakh_translator)


def test_a_translators_desk_offers_only_their_languages_and_names_the_original_as_such(
        client, release, kazakh_translator, admin_client):
    client.force_login(kazakh_translator)
    page = client.get(f"/admin/articles/article/{release.pk}/translate/kk/").content.decode()
    assert f"/admin/articles/article/{release.pk}/translate/kk/" in page
    assert f"/admin/articles/article/{release.pk}/translate/en/" not in page  # a tab would answer 403
    assert "<title>Translate:" in page
    original = admin_client.get(f"/admin/articles/article/{release.pk}/translate/{release.original_language}/")
    assert "<title>Original text:" in original.content.decode()


def test_a_translator_without_languages_edits_nothing(release, staff, agency):
    nobody = staff(TRANSLATOR, agency, languages=[])
    with pytest.raises(PermissionDenied):
        save_version(release, "kk", title="Кеңес", lead="", body=BODY_KK, action=SAVE, user=nobody)


def test_a_reviewer_approves_their_language_of_a_draft_release(release, staff, agency):
    reviewer = staff(REVIEWER, agency, languages=["kk"])
    assert save_version(release, "kk", title="Кеңес", lead="", body=BODY_KK, action=APPROVE,
                        user=reviewer).status == "approved"
    with pytest.raises(PermissionDenied):
        save_version(release, "en", title="Meeting", lead="", body="Text.", action=APPROVE, user=reviewer)


def test_the_editor_page_of_another_language_is_refused(client, release, kazakh_translator):
    release.translations.filter(language="kk").update(status="needs_review")
    client.force_login(kazakh_translator)
    assert client.get(f"/admin/articles/article/{release.pk}/translate/kk/").status_code == 200
    assert client.get(f"/admin/articles/article/{release.pk}/translate/ru/").status_code == 403
    desk = client.get(DESK).content.decode()
    assert f"/admin/articles/article/{release.pk}/translate/kk/" in desk
    assert f"/admin/articles/article/{release.pk}/translate/ru/" not in desk


def test_machine_drafts_only_in_the_translators_languages(release, kazakh_translator, settings):
    settings.KZPRESS_TRANSLATION_URL = "http://127.0.0.1:9"
    with pytest.raises(PermissionDenied):
        request_machine_draft(release, "en", kazakh_translator)


def test_glossary_replacements_only_in_the_translators_languages(release, kazakh_translator):
    Term.objects.create(canonical_kk="Астана", canonical_en="Astana", variants_kk="Нұр-Сұлтан",
                        variants_en="Nur-Sultan")
    release.translations.filter(language="kk").update(body="Нұр-Сұлтан қаласында.")
    release.translations.filter(language="en").update(body="In Nur-Sultan.")
    keys = [o.key for o in terms.find_occurrences(Article.objects.filter(pk=release.pk))]
    assert len(keys) == 2
    assert terms.apply_replacements(keys, kazakh_translator) == 1
    bodies = dict(release.translations.values_list("language", "body"))
    assert (bodies["kk"], bodies["en"]) == ("Астана қаласында.", "In Nur-Sultan.")


def test_text_repair_only_in_the_translators_languages(release, kazakh_translator):
    release.translations.filter(language__in=["kk", "en"]).update(body="One.Two  words.")
    assert repair_texts(Article.objects.filter(pk=release.pk), kazakh_translator) == 1
    bodies = dict(release.translations.values_list("language", "body"))
    assert (bodies["kk"], bodies["en"]) == ("One.\n\nTwo words.", "One.Two  words.")


def test_revert_only_in_the_translators_languages(release, kazakh_translator):
    en = release.translations.get(language="en")
    first = en.history.earliest()
    en.title = "Changed"
    en.save()
    with pytest.raises(PermissionDenied):
        reverting.revert(release, "version", first.history_id, kazakh_translator)
    kk = release.translations.get(language="kk")
    kk_first = kk.history.earliest()
    kk.title = "Өзгерді"
    kk.save()
    assert reverting.revert(release, "version", kk_first.history_id, kazakh_translator).title == "Министрліктегі кеңес"


def test_discarding_a_draft_only_in_the_translators_languages(release, kazakh_translator):
    with pytest.raises(PermissionDenied):
        discard_draft(release, "en", kazakh_translator)


def test_source_changes_only_in_the_translators_languages(release, kazakh_translator):
    with pytest.raises(PermissionDenied):
        upstream.accept(release, kazakh_translator, [("body", "en")])


def test_publishers_work_in_every_language(release, staff, agency):
    publisher = staff(PUBLISHER, agency)
    assert save_version(release, "en", title="Meeting", lead="", body="Text.", action=APPROVE,
                        user=publisher).status == "approved"


def test_administrators_set_languages_on_the_users_page(admin_client, kazakh_translator):
    page = admin_client.get(f"/admin/auth/user/{kazakh_translator.pk}/change/").content.decode()
    assert "translator_languages-TOTAL_FORMS" in page and "agencies" in page


# The desk as home, sentence case

def test_the_admin_index_links_to_the_desk(admin_client):
    page = admin_client.get("/admin/").content.decode()
    assert 'id="desk-home"' in page and DESK in page


def test_proper_names_keep_agencies_and_whole_region_names(db):
    Region.objects.create(slug="abai-test", name_en="Abai region", name_ru="Абайская область",
                          name_kk="Абай облысы")
    Agency.objects.create(slug="mintrans", name_en="Ministry of Transport", name_kk="Көлік министрлігі")
    names = proper_names("en")
    assert {"Abai region", "Abai", "Ministry of Transport"} <= names
    assert sentence_case("MINISTRY OF TRANSPORT VISITS ABAI REGION", names) == (
        "Ministry of Transport visits Abai region")
    assert "Абай облысы" in proper_names("kk")


# The admin in the user's language

def test_the_language_switch_sets_the_cookie_and_the_admin_follows_it(admin_client, settings):
    page = admin_client.get("/admin/").content.decode()
    assert 'id="admin-language"' in page and "Қазақша" in page and "Русский" in page
    response = admin_client.post("/i18n/setlang/", {"language": "ru", "next": "/admin/"})
    assert response.status_code == 302 and response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    assert "Стол переводов" in admin_client.get("/admin/").content.decode()
    admin_client.post("/i18n/setlang/", {"language": "kk", "next": "/admin/"})
    assert "Аударма үстелі" in admin_client.get(DESK).content.decode()


@pytest.mark.parametrize(("language", "expected"), [("kk", "02.12.2026 18:59"), ("ru", "2 декабря 2026 г. 18:59"),
                                                    ("en", "Dec. 2, 2026, 18:59")])
def test_dates_in_the_users_language_on_a_24_hour_clock_in_almaty(language, expected):
    from django.utils.formats import date_format

    moment = timezone.localtime(datetime.datetime(2026, 12, 2, 13, 59, tzinfo=datetime.UTC))
    with translation.override(language):
        fmt = "SHORT_DATETIME_FORMAT" if language == "kk" else "DATETIME_FORMAT"
        assert date_format(moment, fmt) == expected


def test_field_and_model_names_in_russian_and_kazakh():
    with translation.override("ru"):
        assert str(Article._meta.get_field("withdrawn_reasons").verbose_name) == "причины отзыва"
        assert str(ArticleTranslation._meta.verbose_name_plural) == "языковые версии"
        assert str(Region._meta.get_field("kind").verbose_name) == "вид"
    with translation.override("kk"):
        assert str(Article._meta.verbose_name_plural) == "баспасөз хабарламалары"
        assert str(ArticleTranslation._meta.get_field("body").verbose_name) == "мәтін"


def test_editors_land_on_the_desk_and_administrators_on_the_index(client, staff, admin_user):
    from articles.editorial.access import EDITOR, TRANSLATOR

    for role in (EDITOR, TRANSLATOR):
        client.force_login(staff(role))
        assert client.get("/admin/")["Location"].endswith("/admin/articles/article/desk/")
        assert client.get("/admin/", {"all": ""}).status_code == 200
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200


def test_the_admin_language_follows_the_user_to_another_browser(client, staff):
    from django.test import Client

    from articles.editorial.access import TRANSLATOR

    translator = staff(TRANSLATOR)
    client.force_login(translator)
    client.post("/i18n/admin/", {"language": "kk", "next": "/admin/"})
    elsewhere = Client(HTTP_ACCEPT_LANGUAGE="en")  # another browser, asking for English
    elsewhere.force_login(translator)
    page = elsewhere.get("/admin/articles/article/desk/")
    assert page.status_code == 200 and 'lang="kk"' in page.content.decode()[:300]


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_administrators_index_names_every_section_and_model_in_their_language(admin_client, language):
    """The superuser's index lists the sign-in protection, the two-factor devices and the background tasks too: in
    Kazakh or Russian, not as the libraries name them ("Axes", "Otp_Totp", "Tasks Database Backend")."""
    admin_client.post("/i18n/setlang/", {"language": language, "next": "/admin/"})
    apps = admin_client.get("/admin/", {"all": ""}).context["app_list"]
    names = [name for app in apps for name in (app["name"], *(model["name"] for model in app["models"]))]
    assert len(names) > 10
    assert [name for name in names if re.search(r"[A-Za-z]{2,}", str(name))] == []
