import datetime
import io

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
