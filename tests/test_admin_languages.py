"""The admin as a Kazakh or Russian editor reads it: what a walk through the screens at 1366×768 found in English,
in the wrong form or in the wrong order (Django 6.1's new messages, its Kazakh and Russian slips, names, dates)."""

import datetime
import re

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from articles.admin.desk_filters import version_choices
from articles.models import Article, ArticleTranslation, Publication
from tests.factories import AgencyFactory, RegionFactory, TranslationFactory

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/articles/article/"


@pytest.fixture
def in_language(admin_client):
    """The admin client with the admin switched to a language."""

    def switch(language):
        admin_client.post("/i18n/setlang/", {"language": language, "next": "/admin/"})
        return admin_client

    return switch


@pytest.fixture
def release():
    region = RegionFactory()
    return TranslationFactory(article__agency=AgencyFactory(region=region), article__region=region,
                              article__status=Article.Status.PUBLISHED,
                              article__published_at=datetime.datetime(2025, 2, 9, 6, 0, tzinfo=datetime.UTC)).article


def page(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200
    return response.content.decode()


def js_catalog(script):
    """The JavaScript catalogue's text with JSON's \\uXXXX escapes read back into letters."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda match: chr(int(match[1], 16)), script)


@pytest.mark.parametrize(("language", "delete"), [("ru", "Удалить"), ("kk", "Жою")])
def test_the_delete_button_says_delete(in_language, release, language, delete):
    html = page(in_language(language), f"{CHANGELIST}{release.pk}/change/")
    link = re.search(r'<a [^>]*class="deletelink"[^>]*>([^<]*)</a>', html)
    assert link and link.group(1).strip() == delete
    assert "Удалено" not in html


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_agencies_and_regions_are_named_in_the_admins_language(in_language, release, language):
    agency, region = release.agency, release.region
    listing = page(in_language(language), CHANGELIST)
    assert agency.name(language) in listing and region.name(language) in listing
    assert agency.name_en not in listing and region.name_en not in listing
    change = page(in_language(language), f"{CHANGELIST}{release.pk}/change/")
    assert f">{agency.name(language)}</option>" in change
    assert f">{agency.name_en}</option>" not in change


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_django_61_messages_are_in_the_admins_language(in_language, release, language):
    client = in_language(language)
    listing = page(client, CHANGELIST)
    change = page(client, f"{CHANGELIST}{release.pk}/change/")
    for english in ("Filter by", "- Select an option -", "Select article to change"):
        assert english not in listing
    assert "- Select an option -" not in change
    assert ">Slug:<" not in change and ">Slug<" not in change
    with translation.override(language):
        assert translation.gettext("- Select an option -") in listing


@pytest.mark.parametrize(("language", "expected"), [
    ("kk", "Өзгерту үшін таңдаңыз: баспасөз хабарламасы"),
    ("ru", "Выберите для изменения: пресс-релиз"),
])
def test_the_list_is_titled_in_good_kazakh_and_russian(in_language, release, language, expected):
    listing = page(in_language(language), CHANGELIST)
    assert expected in listing
    assert "үщін" not in listing


def test_russian_titles_do_not_put_a_name_in_the_wrong_case(in_language):
    """Django's Russian writes "Выберите пользователь", "Добавить группа": the model's name in the nominative."""
    client = in_language("ru")
    users = page(client, "/admin/auth/user/")
    assert "Выберите для изменения: пользователь" in users and "Выберите пользователь" not in users
    assert "Добавить: пользователь" in " ".join(users.split()) or "Добавить: пользователь" in users
    groups = page(client, "/admin/auth/group/add/")
    assert "Добавление: группа" in groups and "Добавить группа" not in groups


def test_a_version_without_a_title_and_its_view_on_site_link(in_language, release):
    version = release.translations.get()
    version.title, version.status = "", ArticleTranslation.Status.NEEDS_REVIEW
    version.save()
    html = page(in_language("kk"), f"{CHANGELIST}{release.pk}/change/")
    assert "(no title)" not in html
    preview = f"/admin/articles/article/{release.pk}/preview/{version.language}/"
    assert f'href="{preview}"' in html  # the version's "view on site" opens its preview, not a public page
    assert "/admin/r/" not in html


def test_the_glossary_names_its_kinds_column_and_the_batches_their_formats(in_language):
    from tests.factories import import_sample

    import_sample()
    client = in_language("ru")
    assert ">kind<" not in page(client, "/admin/articles/term/").lower()
    batches = page(client, "/admin/articles/importbatch/")
    assert "выгрузка gov.kz (текст)" in batches and ">dump<" not in batches


@pytest.mark.parametrize(("language", "count"), [("kk", "Баспасөз хабарламалары: 1"), ("ru", "Пресс-релизы: 1")])
def test_the_count_under_the_list_reads_as_a_label_and_a_number(in_language, release, language, count):
    listing = page(in_language(language), CHANGELIST)
    assert count in " ".join(listing.split())


@pytest.mark.parametrize(("language", "note"), [("ru", "Время вводится по часовому поясу"),
                                                ("kk", "Уақыт %(timezone)s белдеуі бойынша енгізіледі")])
def test_the_time_zone_note_of_the_date_pickers_is_translated(in_language, language, note):
    catalog = js_catalog(page(in_language(language), "/admin/jsi18n/"))
    assert "Note: Enter times in the" in catalog  # the message Django's date picker asks for…
    assert note in catalog  # …and its translation, from the project's djangojs catalogue


def test_published_despite_is_said_only_of_warnings_overridden(in_language, release):
    Publication.objects.create(article=release, action="publish", languages=["en"], reason="Import batch 1: x.txt")
    html = page(in_language("ru"), f"{CHANGELIST}{release.pk}/change/")
    assert "Причина:" in html
    assert "Опубликовано несмотря на:" not in html
    Publication.objects.create(article=release, action="publish", languages=["en"], warnings=["The title is long."],
                               reason="Checked with the agency")
    html = page(in_language("ru"), f"{CHANGELIST}{release.pk}/change/")
    assert "Опубликовано несмотря на:</strong> The title is long." in html


def test_languages_are_named_not_coded(in_language, release):
    Publication.objects.create(article=release, action="publish", languages=["en", "kk"])
    html = page(in_language("ru"), f"{CHANGELIST}{release.pk}/change/")
    assert "· Английский язык, Казахский язык" in html or "· Английский, Казахский" in html
    with translation.override("kk"):
        labels = dict(version_choices())
        assert all(not re.search(r"\b(kk|ru|en)\b", str(label)) for label in labels.values())
        assert any(str(label).startswith("Қазақ тілі: ") for label in labels.values())


@pytest.mark.parametrize("path", ["/admin/articles/article/import/", "/admin/articles/article/desk/"])
def test_the_project_screens_have_djangos_breadcrumbs(in_language, path):
    html = page(in_language("kk"), path)
    crumbs = re.search(r'<ol class="breadcrumbs">(.*?)</ol>', html, re.S)
    assert crumbs and '<li aria-current="page">' in crumbs.group(1)
    assert 'class="breadcrumbs"' not in html.replace('<ol class="breadcrumbs">', "")


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_language_switch_names_each_language_in_itself(in_language, language):
    html = page(in_language(language), "/admin/")
    options = re.findall(r'<option value="(\w\w)" lang="\w\w"[^>]*>([^<]+)</option>', html)
    assert options == [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]


def test_the_kazakh_index_is_in_kazakh_alphabetical_order(in_language):
    html = page(in_language("kk"), "/admin/?all")
    section = html[html.index('id="content-main"'):]
    names = re.findall(r'<th scope="row" id="articles-[^"]+">\s*<a href="[^"]+">([^<]+)</a>', section)
    assert "Мемлекеттік органдар" in names and "Өңірлер" in names
    assert names.index("Өңірлер") < names.index("Сайт беттері")  # Ө comes after О, long before С
    from articles.collation import sort_key

    assert names == sorted(names, key=sort_key)


@pytest.mark.parametrize(("language", "expected"), [("kk", "2025 жылғы 9 ақпан, 11:00"),
                                                    ("ru", "9 февраля 2025 г. 11:00")])
def test_admin_dates_are_written_as_the_public_pages_write_them(in_language, release, language, expected):
    listing = page(in_language(language), CHANGELIST)
    assert expected in listing
    with translation.override(language):
        assert date_format(timezone.localtime(release.published_at), "MONTH_DAY_FORMAT") in ("9 ақпан", "9 февраля")


def test_kazakh_says_press_release_one_way(in_language):
    html = page(in_language("kk"), "/admin/articles/article/import/")
    assert "Баспасөз хабарламаларын импорттау" in html
    assert "релиз" not in html


@pytest.mark.parametrize(("language", "quoted"), [("ru", "«дороги»"), ("kk", "«дороги»"), ("en", "“roads”")])
def test_searched_words_are_quoted_as_the_language_quotes(client, language, quoted):
    word = quoted[1:-1]
    html = client.get(f"/{language}/news/", {"q": word}).content.decode()
    assert quoted in html


def test_an_import_batch_shows_its_options_and_result_in_words(in_language):
    from tests.factories import import_sample

    batch = import_sample()
    html = page(in_language("ru"), f"/admin/articles/importbatch/{batch.pk}/change/")
    assert '"dry_run"' not in html and "{&quot;" not in html  # no stored JSON
    assert "Публиковать" in html or "публиковать" in html
    assert "выгрузка gov.kz (текст)" in html


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_a_users_page_is_in_the_admins_language(in_language, admin_user, language):
    from articles.editorial.access import PUBLISHER

    html = page(in_language(language), f"/admin/auth/user/{admin_user.pk}/change/")
    for english in ("Required. 150 characters", "Raw passwords are not stored", "The groups this user belongs to",
                    "Reset password", ">Agency<", ">Publisher<", "Тіркілгіні"):
        assert english not in html, english
    with translation.override(language):
        assert f">{translation.gettext('Publisher')}</option>" in html  # the roles to choose, by their names
    users = page(in_language(language), "/admin/auth/user/")
    assert PUBLISHER not in users.split('id="changelist-filter"')[1]
    assert f">{PUBLISHER}<" not in page(in_language(language), "/admin/auth/group/")


def test_the_kazakh_date_picker_names_months_and_days_in_kazakh(in_language):
    catalog = js_catalog(page(in_language("kk"), "/admin/jsi18n/"))
    for kazakh in ("Қаңтар", "Дүйсенбі", "Күнді таңдаңыз", "Барлығын таңдау: %s", "Бүгін (%(date)s)"):
        assert kazakh in catalog, kazakh


@pytest.mark.parametrize(("language", "add_user", "publish"), [
    ("ru", "Пользователи и группы | пользователь | Добавление: пользователь",
     "Может проверять, планировать, публиковать, отзывать и снимать с публикации пресс-релизы"),
    ("kk", "| пайдаланушы | Қосу: пайдаланушы", "жариялаудан алу құқығы"),
], ids=["ru", "kk"])
def test_permissions_are_named_in_the_admins_language(in_language, admin_user, language, add_user, publish):
    """Django stores a permission's name in English ("Can add user"); the user's and the role's pages name each one
    in the admin's language, the project's own ones by their translated names."""
    for path in (f"/admin/auth/user/{admin_user.pk}/change/", "/admin/auth/group/add/"):
        html = page(in_language(language), path)
        options = re.findall(r"<option value=\"\d+\"[^>]*>([^<]*)</option>", html)
        assert any(add_user in option for option in options), path
        assert any(publish in option for option in options), path
        assert not [option for option in options if "| Can " in option], path


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_no_permission_is_named_in_english(in_language, admin_user, language):
    """The libraries' models too: django-simple-history names its models "historical …" without a message to
    translate, django-axes has no Kazakh or Russian for its expirations, Django no Kazakh for "Content Types"."""
    html = page(in_language(language), "/admin/auth/group/add/")
    options = re.findall(r"<option value=\"\d+\"[^>]*>([^<]*)</option>", html)
    assert len(options) > 100
    assert [option for option in options if re.search("[A-Za-z]{3,}", option)] == []


@pytest.mark.parametrize(("language", "words"), [
    ("ru", ["Примечание", "Время обновления", "Задача", "Поставлена в очередь", "Приоритет", "Очередь",
            "Заблокирован"]),
    ("kk", ["Ескертпе", "Жаңартылған уақыты", "Тапсырма", "Кезекке қойылды", "Басымдық", "Кезек", "Бұғатталған",
            "Құпиясөзіңіз кемінде 12 таңбадан тұруы керек", "алгоритм", "Кезекте", "Орындалуда"]),
], ids=["ru", "kk"])
def test_the_glossary_site_pages_tasks_sign_in_protection_and_password_screens_speak_the_admins_language(
        in_language, admin_user, language, words):
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from articles.models import SitePage
    from articles.site_pages import load_site_pages

    if not SitePage.objects.exists():  # (a transactional test before this one flushed the migration's pages)
        load_site_pages(SitePage)
    DBTaskResult.objects.create(task_path="articles.importing.tasks.removed_task", backend_name="default",
                                args_kwargs={"args": [1], "kwargs": {}}, run_after=timezone.now())
    client = in_language(language)
    screens = {path: page(client, path) for path in (
        "/admin/articles/term/add/", "/admin/articles/sitepage/", "/admin/django_tasks_database/dbtaskresult/",
        "/admin/axes/accessattempt/", "/admin/password_change/", f"/admin/auth/user/{admin_user.pk}/change/")}
    text = " ".join(re.sub(r"<[^>]+>", " ", html) for html in screens.values())
    for word in words:
        assert word.casefold() in text.casefold(), word
    for english in ("Note:", "Updated at", "Task name", "Enqueued at", "Queue name", "Locked Out",
                    "Your password must contain", "algorithm", "Ready"):
        if language == "ru" and english in ("algorithm", "Ready", "Your password must contain"):
            continue  # Django's Russian has these
        assert english.casefold() not in text.casefold(), english


def test_english_permissions_read_as_django_writes_them(in_language, admin_user):
    html = page(in_language("en"), f"/admin/auth/user/{admin_user.pk}/change/")
    assert ">Authentication and Authorization | user | Can add user</option>" in html
    assert "| article | Can review, schedule, publish, withdraw and unpublish articles</option>" in html


def test_fields_are_named_in_the_admins_language_on_the_history_revert_and_batch_screens(in_language, admin_user):
    from articles.editorial.desk import save_version
    from tests.factories import import_rows

    source = "https://www.gov.kz/memleket/entities/adilet/press/news/details/7"
    row = {"title": "A title", "body": "A body.", "published": "2025-01-01", "source_url": source}
    import_rows([row], user=admin_user)
    changed = import_rows([{**row, "title": "A new title"}], user=admin_user)
    article = Article.objects.get(source_url=source)
    save_version(article, "en", title="An editor's title", lead="", body="A body.", action="save", user=admin_user)
    client = in_language("ru")
    history = page(client, f"{CHANGELIST}{article.pk}/history/")
    assert "заголовок" in history and not re.search(r"<td>[^<]*\btitle\b", history)
    batch = page(client, f"/admin/articles/importbatch/{changed.pk}/change/")
    assert "<em>заголовок (Английский)</em>" in batch and "<em>title [en]</em>" not in batch
    record = article.translations.get().history.order_by("history_id").first()
    revert = page(client, f"{CHANGELIST}{article.pk}/revisions/version/{record.history_id}/revert/")
    assert '<th scope="row">заголовок</th>' in revert


@pytest.mark.parametrize(("language", "label"), [("ru", "Регион"), ("kk", "Өңір")])
def test_an_agencys_page_names_its_fields_and_agencies_in_the_admins_language(in_language, release, language, label):
    agency = release.agency
    listing = page(in_language(language), "/admin/articles/agency/")
    assert agency.name(language) in listing and agency.name_en not in listing
    change = page(in_language(language), f"/admin/articles/agency/{agency.pk}/change/")
    assert f">{label}:</label>" in change and ">Region:<" not in change and ">Members:<" not in change
    assert "entities//" not in change and "entities/adilet/" in change


@pytest.mark.parametrize(("moment", "written"), [
    (datetime.datetime(2025, 2, 9, 9, 30, tzinfo=datetime.UTC), "2025 жылғы 9 ақпан, 14:30"),
    (datetime.datetime(2025, 2, 8, 19, 0, tzinfo=datetime.UTC), "2025 жылғы 9 ақпан"),  # midnight in Almaty
], ids=["with its time", "a source's date without a time"])
def test_the_releases_list_and_the_desk_write_a_release_date_alike(in_language, moment, written):
    """As the public pages do: Almaty time, and the date alone when the source gave no time ("09.02.2025")."""
    TranslationFactory(article__published_at=moment, language="kk", article__original_language="kk")
    client = in_language("kk")
    for path in (CHANGELIST, "/admin/articles/article/desk/"):
        text = " ".join(re.sub(r"<[^>]+>", " ", page(client, path)).split())
        assert written in text, path
        if "," not in written:
            assert f"{written}, 00:00" not in text, path



def test_the_autocomplete_speaks_kazakh(in_language, admin_user):
    """The agency picker of a user's memberships loads Select2's messages in Kazakh (Django has none: lang="None")."""
    from django.contrib.staticfiles import finders

    html = page(in_language("kk"), f"/admin/auth/user/{admin_user.pk}/change/")
    assert 'lang="None"' not in html and 'lang="kk"' in html
    assert "admin/js/vendor/select2/i18n/kk.js" in html
    script = open(finders.find("admin/js/vendor/select2/i18n/kk.js"), encoding="utf-8").read()
    assert 'define("select2/i18n/kk"' in script and "Ештеңе табылмады" in script


def test_a_releases_page_and_its_saved_message_name_it_by_its_title(in_language, release):
    """Not only by its number ("adilet/930169"): the heading, the tab, the breadcrumbs and the message after saving."""
    from tests.admin_forms import change_form_data

    client = in_language("ru")
    named = f"«{release.translations.get().title}» ({release})"
    url = f"/admin/articles/article/{release.pk}/change/"
    opened = client.get(url)
    html = opened.content.decode()
    assert f"<title>{named} |" in html and f"<h2>{named}</h2>" in html
    assert f'<li aria-current="page">{named}</li>' in html
    saved = client.post(url, {**change_form_data(opened), "_continue": "1"}, follow=True)
    assert named in " ".join(str(message) for message in saved.context["messages"])


@pytest.mark.parametrize(("language", "name"), [("ru", "Алматы"), ("kk", "Алматы"), ("en", "Almaty")])
def test_the_date_pickers_name_the_time_zone_in_words(in_language, release, language, name):
    """Django's note reads "Enter times in the Asia/Almaty timezone": the admin gives the zone's name instead."""
    html = page(in_language(language), f"/admin/articles/article/{release.pk}/change/")
    assert re.search(rf'<script src="[^"]*articles/admin-time-zone\.js" data-time-zone-name="{name}"></script>', html)


def test_the_agency_autocomplete_lists_agencies_by_their_names_in_the_admins_language(in_language):
    from articles.models import Agency

    client = in_language("ru")
    found = client.get("/admin/autocomplete/", {"app_label": "articles", "model_name": "article",
                                                "field_name": "agency"}).json()["results"]
    names = [result["text"] for result in found]
    assert len(names) > 5
    expected = list(Agency.objects.order_by("name_ru").values_list("name_ru", flat=True)[:len(names)])
    assert names == expected
