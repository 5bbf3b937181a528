"""What readers see changes only when a publisher means it to: live text apart from the working copy, the
publish screen's checks, the second pair of eyes, change notes."""

import datetime
import re

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.editorial import publishing
from articles.editorial.access import PUBLISHER, TRANSLATOR
from articles.editorial.desk import APPROVE, SAVE, discard_draft, save_version
from articles.editorial.workflow import publish_changes, publish_due, transition
from articles.models import Article, LiveVersion, Publication

pytestmark = pytest.mark.django_db

BODY = "The ministry held a meeting on the development of the region.\n\nThe participants discussed the plans."


@pytest.fixture
def release(make_article):
    """A published English release."""
    return make_article(versions={"en": "Roads cleared of snow"}, status=Article.Status.PUBLISHED)


@pytest.fixture
def people(staff, release):
    return staff(TRANSLATOR, release.agency), staff(PUBLISHER, release.agency), staff(PUBLISHER, release.agency)


def page(client, release, language="en"):
    return client.get(f"/{language}/news/{release.pk}/", follow=True).content.decode()


def test_a_saved_draft_of_a_live_version_changes_nothing_readers_see(client, release, people):
    """The working copy is not public: page, list, feeds, sitemap and search keep the live text."""
    translator, _, _ = people
    save_version(release, "en", title="Roads cleared of snow overnight", lead="", body=BODY, action=SAVE,
                 user=translator)
    assert "Roads cleared of snow" in page(client, release)
    assert "overnight" not in page(client, release)
    assert "overnight" not in client.get("/en/news/").content.decode()
    assert "overnight" not in client.get("/en/news/feed/rss/").content.decode()
    assert client.get("/en/news/", {"q": "overnight"}).context_data["versions"] == []
    version = release.translations.get()
    assert version.status == "needs_review" and version.differs_from_live()


def test_another_persons_approval_makes_the_draft_live(client, release, people):
    translator, publisher, _ = people
    save_version(release, "en", title="Roads cleared of snow overnight", lead="", body=BODY, action=SAVE,
                 user=translator)
    save_version(release, "en", title="Roads cleared of snow overnight", lead="", body=BODY, action=APPROVE,
                 user=publisher)
    assert "Roads cleared of snow overnight" in page(client, release)
    publication = Publication.objects.get(article=release)
    assert (publication.user, publication.action, publication.languages) == (publisher, "approve", ["en"])


def test_nobody_approves_their_own_change(release, people):
    """The second pair of eyes: a publisher's own edit needs someone else's approval."""
    _, publisher, other = people
    with pytest.raises(ValidationError, match="another person"):
        save_version(release, "en", title="Roads cleared", lead="", body=BODY, action=APPROVE, user=publisher)
    save_version(release, "en", title="Roads cleared", lead="", body=BODY, action=SAVE, user=publisher)
    release.translations.update(status="approved")  # however it got approved, it is their own change
    with pytest.raises(publishing.PublishRefused, match="another person"):
        publishing.go_live(release, publisher)
    save_version(release, "en", title="Roads cleared", lead="", body=BODY, action=APPROVE, user=other)
    assert LiveVersion.objects.get(article=release).title == "Roads cleared"


def test_a_one_person_desk_may_turn_the_second_pair_of_eyes_off(release, people, settings):
    settings.KZPRESS_FOUR_EYES = False
    _, publisher, _ = people
    save_version(release, "en", title="Roads cleared", lead="", body=BODY, action=APPROVE, user=publisher)
    assert LiveVersion.objects.get(article=release).title == "Roads cleared"


def test_scheduled_publishing_by_the_system_is_exempt(make_article, staff):
    article = make_article(versions={"en": "Scheduled"}, status="draft")
    publisher = staff(PUBLISHER, article.agency)
    version = article.translations.get()
    version.updated_by = staff(PUBLISHER, article.agency)  # someone else's text
    version.save()
    transition(article, "schedule", publisher, publish_at=timezone.now() + datetime.timedelta(minutes=5))
    assert not LiveVersion.objects.public("en").exists()
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - datetime.timedelta(seconds=1))
    assert publish_due() == 1
    assert LiveVersion.objects.public("en").get().title == "Scheduled"


def test_a_discarded_draft_is_the_live_text_again(release, people):
    translator, _, _ = people
    save_version(release, "en", title="A mistake", lead="", body=BODY, action=SAVE, user=translator)
    version = discard_draft(release, "en", translator)
    live = LiveVersion.objects.get(article=release)
    assert (version.title, version.status) == (live.title, "approved")
    assert not version.differs_from_live()


def test_a_flagged_release_is_refused_then_published_with_a_reason(make_article, staff):
    article = make_article(versions={"en": "ROADS CLEARED OF SNOW"}, status="draft", title_in_capitals=True)
    publisher = staff(PUBLISHER, article.agency)
    with pytest.raises(publishing.PublishRefused, match="capitals") as refused:
        transition(article, "publish", publisher)
    assert [c.code for c in refused.value.checks] == ["title_in_capitals"]
    assert Article.objects.get(pk=article.pk).status == "draft" and not LiveVersion.objects.exists()
    transition(article, "publish", publisher, reason="The agency writes its name in capitals.")
    publication = Publication.objects.get(article=article)
    assert publication.reason == "The agency writes its name in capitals."
    assert publication.warnings == ["[en] The title is in capitals."]


@pytest.mark.parametrize(("title", "body", "code"), [
    ("Roads cleared", "Дороги очищены от снега за одну ночь в Туркестанской области.", "wrong_language"),
    ("Roads cleared", "The roads were cleared.The akim thanked the workers.", "glued_text"),
    ("Roads cleared", "Türkistan oblysynda joldar jöndeldi: Qazaqstan Respublikasynyñ Ükimeti jūmys istedi. Äkim "
                      "tūrğyndarmen kezdesti, qūrylys isteri talqylandy.", "not_english"),
])
def test_warnings_block_without_a_reason(make_article, staff, title, body, code):
    article = make_article(versions={"en": title}, status="draft")
    article.translations.update(body=body)
    with pytest.raises(publishing.PublishRefused) as refused:
        transition(article, "publish", staff(PUBLISHER, article.agency))
    assert code in [c.code for c in refused.value.checks]


def test_glossary_variants_are_a_warning(make_article, staff):
    from articles.models import Term

    Term.objects.create(canonical_en="Bozumbayev", variants_en="Bozymbaev")
    article = make_article(versions={"en": "Bozymbaev met farmers"}, status="draft")
    with pytest.raises(publishing.PublishRefused, match="Bozymbaev"):
        transition(article, "publish", staff(PUBLISHER, article.agency))


def test_nothing_approved_always_blocks_even_with_a_reason(make_article, staff):
    article = make_article(versions={"en": "Draft"}, status="draft")
    article.translations.update(status="needs_review")
    with pytest.raises(publishing.PublishRefused, match="No approved"):
        transition(article, "publish", staff(PUBLISHER, article.agency), reason="Please")


def test_a_missing_language_is_no_warning(make_article, staff):
    """A release goes out in the languages it has."""
    article = make_article(versions={"en": "English only"}, status="draft")
    transition(article, "publish", staff(PUBLISHER, article.agency))
    assert LiveVersion.objects.public("en").count() == 1


def test_a_minor_change_changes_nothing_for_subscribers(client, release, people):
    translator, publisher, _ = people
    first = LiveVersion.objects.get(article=release)
    save_version(release, "en", title="Roads cleared of snow.", lead="", body=BODY, action=SAVE, user=translator)
    save_version(release, "en", title="Roads cleared of snow.", lead="", body=BODY, action=APPROVE, user=publisher)
    live = LiveVersion.objects.get(article=release)
    assert (live.updated_at, live.first_published_at, live.change_notes) == (
        first.updated_at, first.first_published_at, [])
    assert "Updated" not in page(client, release)


def test_a_major_change_needs_a_note_shown_on_the_page_and_in_feeds(client, release, people):
    translator, publisher, _ = people
    first = LiveVersion.objects.get(article=release)
    save_version(release, "en", title="Roads cleared", lead="", body=BODY, action=SAVE, user=translator)
    with pytest.raises(publishing.PublishRefused, match="public note"):
        save_version(release, "en", title="Roads cleared", lead="", body=BODY, action=APPROVE, user=publisher,
                     major=True)
    save_version(release, "en", title="Roads cleared", lead="", body=BODY, action=APPROVE, user=publisher,
                 major=True, change_note="The number of districts was corrected.")
    live = LiveVersion.objects.get(article=release)
    assert live.first_published_at == first.first_published_at  # never moves
    assert live.updated_at > first.updated_at
    today = timezone.localdate(live.updated_at)
    text = " ".join(re.sub(r"<[^>]+>", "", page(client, release)).split())
    assert f"Updated on {today.day} {today.strftime('%B')} {today.year}: The number of districts was corrected." in text
    feed = feedparser.parse(client.get("/en/news/feed/atom/").content)
    entry = feed.entries[0]
    assert "The number of districts was corrected." in entry.content[0].value
    assert entry.updated_parsed[:5] == live.updated_at.astimezone(datetime.UTC).timetuple()[:5]


def test_the_publish_screen_shows_what_goes_live_and_the_flags(admin_client, make_article, staff):
    flagged = make_article(versions={"en": "ROADS CLEARED"}, status="draft", title_in_capitals=True)
    clean = make_article(versions={"en": "Tax reporting deadline"}, status="draft", agency=flagged.agency)
    url = f"/admin/articles/article/publish/?action=publish&ids={flagged.pk},{clean.pk}"
    screen = admin_client.get(url)
    html = screen.content.decode()
    assert screen.status_code == 200
    assert "ROADS CLEARED" in html and "Tax reporting deadline" in html
    assert f">“Tax reporting deadline” ({clean})</a>" in html  # each release by its title, not its number alone
    assert 'data-check="title_in_capitals"' in html
    assert "appears for the first time" in html
    refused = admin_client.post(url, {"ids": f"{flagged.pk},{clean.pk}", "publish_action": "publish"})
    assert refused.status_code == 200  # the flagged one stays, named, with its warning
    assert "Not published:" in refused.content.decode()
    assert Article.objects.get(pk=clean.pk).status == "published"
    assert Article.objects.get(pk=flagged.pk).status == "draft"
    done = admin_client.post(url, {"ids": str(flagged.pk), "publish_action": "publish",
                                   "reason": "The name of a programme, written so by the agency."})
    assert done.status_code == 302, done.content.decode()[-3000:]
    change_page = admin_client.get(f"/admin/articles/article/{flagged.pk}/change/").content.decode()
    assert "The name of a programme, written so by the agency." in change_page


def test_the_bulk_publish_action_goes_to_the_publish_screen(admin_client, make_article):
    article = make_article(versions={"en": "Draft"}, status="draft")
    response = admin_client.post("/admin/articles/article/", {"action": "publish", "_selected_action": [article.pk]})
    assert response.status_code == 302 and "/admin/articles/article/publish/" in response["Location"]
    assert Article.objects.get(pk=article.pk).status == "draft"  # nothing happens before the screen


def test_the_workflow_button_goes_to_the_publish_screen(admin_client, make_article):
    article = make_article(versions={"en": "Draft"}, status="draft")
    response = admin_client.get(f"/admin/articles/article/{article.pk}/transition/publish/")
    assert response.status_code == 302 and f"ids={article.pk}" in response["Location"]


def test_scheduling_asks_the_time_on_the_publish_screen(admin_client, make_article):
    article = make_article(versions={"en": "Later"}, status="draft")
    url = f"/admin/articles/article/publish/?action=schedule&ids={article.pk}"
    assert 'name="publish_at"' in admin_client.get(url).content.decode()
    when = timezone.localtime() + datetime.timedelta(days=1)
    admin_client.post(url, {"ids": str(article.pk), "publish_action": "schedule",
                            "publish_at": when.strftime("%Y-%m-%dT%H:%M:%S")})
    article.refresh_from_db()
    assert article.status == "scheduled"
    assert not LiveVersion.objects.public("en").exists()  # live text ready, not public before its time


def test_publishing_the_changes_of_a_public_release(admin_client, release, people):
    translator, publisher, _ = people
    save_version(release, "en", title="Roads cleared overnight", lead="", body=BODY, action=SAVE, user=translator)
    release.translations.update(status="approved")
    change_page = admin_client.get(f"/admin/articles/article/{release.pk}/change/").content.decode()
    assert 'id="pending-changes"' in change_page
    screen = admin_client.get(f"/admin/articles/article/publish/?action=update&ids={release.pk}").content.decode()
    assert "<ins>overnight</ins>" in screen
    publish_changes(release, publisher)
    assert LiveVersion.objects.get(article=release).title == "Roads cleared overnight"
    with pytest.raises(ValidationError, match="nothing to publish"):
        publish_changes(release, publisher)


def test_only_publishers_see_the_publish_screen(client, release, staff):
    translator = staff(TRANSLATOR, release.agency)
    client.force_login(translator)
    assert client.get(f"/admin/articles/article/publish/?action=update&ids={release.pk}").status_code == 403


def test_another_agencys_release_is_not_on_the_publish_screen(client, release, staff, agency):
    client.force_login(staff(PUBLISHER, agency))
    assert client.get(f"/admin/articles/article/publish/?action=publish&ids={release.pk}").status_code == 404


def test_the_publish_screen_reads_a_bounded_number_of_queries(admin_client, make_article,
                                                              django_assert_max_num_queries):
    ids = ",".join(str(make_article(versions={"en": f"Release {n}"}, status="draft").pk) for n in range(5))
    with django_assert_max_num_queries(60):
        assert admin_client.get(f"/admin/articles/article/publish/?action=publish&ids={ids}").status_code == 200


def test_the_desk_shows_live_and_draft_and_discards_the_draft(client, release, people):
    translator, publisher, _ = people
    client.force_login(translator)
    url = f"/admin/articles/article/{release.pk}/translate/en/"
    assert "Live: readers see this text." in client.get(url).content.decode()
    version = release.translations.get()
    client.post(url, {"title": "Roads cleared overnight", "lead": "", "body": version.body, "signature": "",
                      "action": "save", "lock_version": Article.objects.get(pk=release.pk).lock_version})
    editor = client.get(url).content.decode()
    assert "Live and draft differ." in editor and "<ins>overnight</ins>" in editor
    assert "Approve and publish" not in editor  # a translator does not publish
    client.post(url, {"action": "discard"})
    assert release.translations.get().title == "Roads cleared of snow"


def test_the_desk_and_the_publish_screen_name_the_changed_fields_in_the_editors_language(client, release, people):
    """A Russian-speaking publisher reads «заголовок», not the field's name in the code."""
    translator, publisher, _ = people
    version = release.translations.get()
    save_version(release, "en", title="Roads cleared overnight", lead="", body=version.body, action=SAVE,
                 user=translator)
    client.force_login(publisher)
    desk = client.get(f"/admin/articles/article/{release.pk}/translate/en/", HTTP_ACCEPT_LANGUAGE="ru")
    assert "<dt>заголовок</dt>" in desk.content.decode()
    release.translations.update(status="approved")  # approved, not yet live: a change for the publish screen
    screen = client.get(f"/admin/articles/article/publish/?action=update&ids={release.pk}", HTTP_ACCEPT_LANGUAGE="ru")
    assert "<strong>заголовок:</strong>" in screen.content.decode()


def test_a_publisher_approves_and_publishes_a_major_change_on_the_desk(client, release, people):
    translator, publisher, _ = people
    version = release.translations.get()
    save_version(release, "en", title="Roads cleared overnight", lead="", body=version.body, action=SAVE,
                 user=translator)
    client.force_login(publisher)
    url = f"/admin/articles/article/{release.pk}/translate/en/"
    assert "Approve and publish" in client.get(url).content.decode()
    client.post(url, {"title": "Roads cleared overnight", "lead": "", "body": version.body, "signature": "",
                      "action": "approve", "major": "1", "change_note": "The time of the works was added.",
                      "lock_version": Article.objects.get(pk=release.pk).lock_version})
    live = LiveVersion.objects.get(article=release)
    assert live.title == "Roads cleared overnight"
    assert [note for _, note in live.notes] == ["The time of the works was added."]


def test_an_import_that_publishes_records_who_made_each_release_public(admin_user):
    from tests.factories import import_sample

    batch = import_sample(publish=True, user=admin_user)
    published = Article.objects.filter(status="published")
    assert published.count() == Publication.objects.filter(action="import").count() == 9
    assert set(Publication.objects.values_list("user", "reason").distinct()) == {(admin_user.pk, batch.origin)}
    assert batch.origin == f"Import batch {batch.pk}: govkz-law-2025-02-09.txt"


def test_the_desk_shows_a_publishers_warnings_before_approval(client, release, people):
    translator, publisher, _ = people
    save_version(release, "en", title="ROADS CLEARED OF SNOW OVERNIGHT", lead="", body=BODY, action=SAVE,
                 user=translator)
    client.force_login(publisher)
    editor = client.get(f"/admin/articles/article/{release.pk}/translate/en/").content.decode()
    assert 'id="open-checks"' in editor and "The title is in capitals." in editor


def test_a_new_versions_empty_fields_are_not_listed_on_the_publish_screen(admin_client, make_article):
    article = make_article(versions={"en": "No lead here"}, status="draft")
    screen = admin_client.get(f"/admin/articles/article/publish/?action=publish&ids={article.pk}").content.decode()
    assert "<strong>lead:</strong>" not in screen and "<strong>title:</strong>" in screen
