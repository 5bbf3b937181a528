import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from articles.editorial.workflow import TRANSITIONS, publish_due, transition
from articles.models import Article, LiveVersion

pytestmark = pytest.mark.django_db
STATES = Article.Status.values


@pytest.mark.parametrize("action", TRANSITIONS)
@pytest.mark.parametrize("state", STATES)
def test_every_transition_is_allowed_only_from_its_states(make_article, admin_user, action, state):
    article = make_article(status=state)
    sources, target = TRANSITIONS[action]
    kwargs = {"note": "reason"} if action == "withdraw" else {}
    if action == "schedule":
        kwargs["publish_at"] = timezone.now() + datetime.timedelta(hours=1)
    if state in sources:
        assert transition(article, action, admin_user, **kwargs).status == target
    else:
        with pytest.raises(ValidationError):
            transition(article, action, admin_user, **kwargs)
        article.refresh_from_db()
        assert article.status == state


def test_withdrawal_needs_a_reason(make_article):
    with pytest.raises(ValidationError, match="public reason"):
        transition(make_article(status="published"), "withdraw", note=" ")


def test_scheduled_item_is_public_at_its_time_even_before_the_job_runs(make_article):
    article = make_article(versions={"en": "Scheduled"}, status="draft")
    transition(article, "schedule", publish_at=timezone.now() + datetime.timedelta(minutes=5))
    assert not LiveVersion.objects.public("en").exists()
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - datetime.timedelta(seconds=1))
    assert LiveVersion.objects.public("en").count() == 1  # due: public without any job
    assert publish_due() == 1
    assert Article.objects.get(pk=article.pk).status == "published"


def test_publish_scheduled_command(make_article):
    make_article(status="scheduled", publish_at=timezone.now() - datetime.timedelta(minutes=1))
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    assert "1 scheduled release(s) published." in out.getvalue()


def test_unpublished_release_answers_410_gone(client, make_article):
    article = make_article(versions={"en": "Gone"}, status="published")
    transition(article, "unpublish")
    assert client.get(f"/en/news/{article.pk}/").status_code == 410


def test_a_withdrawals_reason_is_shown_only_in_its_own_language(client, admin_client, make_article):
    """A reason written in Russian is not shown on the Kazakh and English pages: each language has its own."""
    article = make_article(versions={"kk": "Хабарлама", "ru": "Релиз", "en": "Release"}, status="published")
    form = admin_client.get(f"/admin/articles/article/{article.pk}/transition/withdraw/").content.decode()
    for code in ("kk", "ru", "en"):
        assert re.search(rf'<textarea name="reason_{code}"[^>]* lang="{code}"[^>]*required', form), code
    refused = admin_client.post(f"/admin/articles/article/{article.pk}/transition/withdraw/",
                                {"reason_ru": "Опубликован по ошибке."})
    assert refused.status_code == 200 and Article.objects.get(pk=article.pk).status == "published"
    admin_client.post(f"/admin/articles/article/{article.pk}/transition/withdraw/",
                      {"reason_kk": "Қате жарияланды.", "reason_ru": "Опубликован по ошибке.",
                       "reason_en": "Published in error."})
    article.refresh_from_db()
    assert article.status == "withdrawn"
    assert article.withdrawn_reasons == {"kk": "Қате жарияланды.", "ru": "Опубликован по ошибке.",
                                         "en": "Published in error."}
    for code, reason in article.withdrawn_reasons.items():
        page = client.get(article.translations.get(language=code).get_absolute_url()).content.decode()
        others = [text for other, text in article.withdrawn_reasons.items() if other != code]
        assert reason in page and not any(text in page for text in others), code


def test_a_note_alone_is_the_reason_in_the_language_it_is_written_in(make_article):
    article = make_article(versions={"kk": "Хабарлама", "en": "Release"}, status="published")
    transition(article, "withdraw", note="Published by mistake.")
    article.refresh_from_db()
    assert article.withdrawn_reasons == {"en": "Published by mistake."}
    assert article.withdrawn_reason("kk") == ""


def test_the_withdraw_screen_shows_the_release_what_readers_see_and_what_will_happen(admin_client, make_article):
    article = make_article(versions={"ru": "Релиз о дорогах", "en": "Roads release"}, status="published",
                           original_language="ru")
    page = admin_client.get(f"/admin/articles/article/{article.pk}/transition/withdraw/").content.decode()
    assert "<strong>Релиз о дорогах</strong>" in page
    assert "English: Roads release</a>" in page and "Russian: Релиз о дорогах</a>" in page
    assert "it leaves the lists, search, feeds and the sitemap at once" in page
    assert f'href="/admin/articles/article/{article.pk}/change/" class="button cancel-link"' in page


def test_the_bulk_withdraw_screen_speaks_of_the_releases_in_the_plural(admin_client, make_article):
    articles = [make_article(versions={"en": f"Release {n}"}, status="published") for n in range(2)]
    page = admin_client.post("/admin/articles/article/", {"action": "withdraw", "_selected_action": [
        a.pk for a in articles]}).content.decode()
    assert "Their pages stay" in page and "they leave the lists, search, feeds and the sitemap at once" in page
    assert "Its pages stay" not in page


def test_returning_a_scheduled_release_to_draft_says_readers_see_nothing_yet_and_the_schedule_is_cancelled(
        admin_client, make_article):
    article = make_article(versions={"ru": "Релиз по расписанию"}, original_language="ru")
    transition(article, "schedule", publish_at=timezone.now() + datetime.timedelta(hours=2))
    page = admin_client.get(f"/admin/articles/article/{article.pk}/transition/return_to_draft/").content.decode()
    assert "Nothing: no version of it is public." in page and "/ru/news/" not in page
    assert "The scheduled publication is cancelled" in page


def test_a_step_names_the_release_by_its_title(admin_client, make_article):
    article = make_article(versions={"en": "Roads release"}, status="published")
    page = admin_client.get(f"/admin/articles/article/{article.pk}/transition/unpublish/").content.decode()
    assert f"<title>Unpublish: “Roads release” ({article})" in page
    done = admin_client.post(f"/admin/articles/article/{article.pk}/transition/unpublish/", {"note": ""},
                             follow=True)
    assert f"“Roads release” ({article}): Unpublish done." in done.content.decode()
