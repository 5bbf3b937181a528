"""Roles and per-agency access: who may perform each transition, and what each role may edit."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles.editorial import access
from articles.editorial.access import ADMINISTRATOR, EDITOR, PUBLISHER, REVIEWER, TRANSLATOR
from articles.editorial.workflow import TRANSITIONS, transition
from articles.models import Article
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

ALLOWED = {
    "submit": {EDITOR, PUBLISHER, ADMINISTRATOR},
    "return_to_draft": {EDITOR, PUBLISHER, ADMINISTRATOR},
    "publish": {PUBLISHER, ADMINISTRATOR},
    "schedule": {PUBLISHER, ADMINISTRATOR},
    "withdraw": {PUBLISHER, ADMINISTRATOR},
    "unpublish": {PUBLISHER, ADMINISTRATOR},
}
PARAMS = {"schedule": {"publish_at": "soon"}, "withdraw": {"note": "Wrong figures."}}


def test_the_migration_creates_the_four_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {EDITOR, TRANSLATOR, PUBLISHER, ADMINISTRATOR}
    assert Group.objects.get(name=PUBLISHER).permissions.filter(codename="publish_article").exists()
    assert not Group.objects.get(name=EDITOR).permissions.filter(codename="publish_article").exists()
    assert not Group.objects.get(name=TRANSLATOR).permissions.filter(codename="change_article").exists()


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
@pytest.mark.parametrize("role", [EDITOR, TRANSLATOR, PUBLISHER, ADMINISTRATOR])
def test_each_transition_is_allowed_only_to_its_roles(make_article, staff, agency, action, role):
    sources, target = TRANSITIONS[action]
    source = sorted(sources)[0]
    article = make_article(agency=agency, status=source)
    user = staff(role, agency)
    params = dict(PARAMS.get(action, {}))
    if "publish_at" in params:
        params["publish_at"] = timezone.now() + datetime.timedelta(hours=1)
    if role in ALLOWED[action]:
        assert transition(article, action, user, **params).status == target
    else:
        with pytest.raises(PermissionDenied):
            transition(article, action, user, **params)
        assert Article.objects.get(pk=article.pk).status == source


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
def test_a_publisher_of_another_agency_may_do_nothing(make_article, staff, action):
    sources, _ = TRANSITIONS[action]
    article = make_article(status=sorted(sources)[0])
    outsider = staff(PUBLISHER, AgencyFactory())
    with pytest.raises(PermissionDenied):
        transition(article, action, outsider, note="x", publish_at=timezone.now() + datetime.timedelta(hours=1))


def test_an_administrator_sees_every_agency_without_membership(make_article, staff):
    article = make_article()
    assert list(access.articles_for(staff(ADMINISTRATOR))) == [article]
    assert not access.articles_for(staff(PUBLISHER, AgencyFactory())).exists()


def test_agency_editors_edit_drafts_only_and_translators_no_article_fields(make_article, staff, agency):
    editor, translator, publisher = staff(EDITOR, agency), staff(TRANSLATOR, agency), staff(PUBLISHER, agency)
    draft, published = make_article(agency=agency), make_article(agency=agency, status="published")
    assert access.can_edit_article(editor, draft) and not access.can_edit_article(editor, published)
    assert access.can_edit_article(publisher, published)
    assert not access.can_edit_article(translator, draft)
    assert access.can_edit_versions(translator, published)


def test_only_publishers_approve_a_version_of_a_public_release(make_article, staff, agency):
    translator, publisher = staff(TRANSLATOR, agency), staff(PUBLISHER, agency)
    reviewer = staff(REVIEWER, agency, languages=["kk"])
    draft, published = make_article(agency=agency), make_article(agency=agency, status="published")
    assert not access.can_approve_version(translator, draft, "kk")
    assert access.can_approve_version(reviewer, draft, "kk") and not access.can_approve_version(reviewer, draft, "ru")
    assert not access.can_approve_version(translator, published) and not access.can_approve_version(reviewer,
                                                                                                   published, "kk")
    assert access.can_approve_version(publisher, published)


def test_inactive_or_non_staff_users_see_nothing(make_article, staff, agency):
    make_article(agency=agency)
    assert not access.articles_for(staff(PUBLISHER, agency, is_active=False)).exists()
    assert not access.articles_for(staff(PUBLISHER, agency, is_staff=False)).exists()


def test_an_agency_editor_is_offered_only_their_agencies_to_filter_by(client, make_article, staff, agency):
    second, other = AgencyFactory(slug="second-agency"), AgencyFactory(slug="another-agency")
    for each in (agency, second, other):
        make_article(agency=each, versions={"en": f"Of {each.slug}"})
    client.force_login(staff(EDITOR, agency, second))
    page = client.get("/admin/articles/article/").content.decode()
    assert f"agency__id__exact={agency.pk}" in page and f"agency__id__exact={second.pk}" in page
    assert f"agency__id__exact={other.pk}" not in page
