"""Machine drafts against a fake LibreTranslate server started by the test, on loopback (tests/conftest.py)."""

import pytest

from articles.editorial.machine_translation import TranslationError, enabled, request_machine_draft
from articles.models import LiveVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(translation_service):
    return translation_service


@pytest.fixture
def article(make_article):
    return make_article(versions={"ru": "Вопросы гендерного равенства"}, original_language="ru")


def test_machine_draft_is_saved_as_a_draft_that_is_never_public(service, article, admin_user):
    version = request_machine_draft(article, "en", admin_user)
    assert version.status == "machine_draft"
    assert version.title == "[en] Вопросы гендерного равенства"
    assert version.body == "\n\n".join(f"[en] {p}" for p in article.translations.get(language="ru").paragraphs)
    assert {r["source"] for r in service.requests} == {"ru"}
    assert not LiveVersion.objects.public("en").exists()


@pytest.mark.parametrize(("mode", "message"), [
    ("error", "answered 500"),
    ("slow", "did not answer within 0.5 s"),
    ("garbage", "not JSON"),
])
def test_a_failing_service_changes_nothing(service, article, admin_user, mode, message):
    service.mode = mode
    with pytest.raises(TranslationError, match=message):
        request_machine_draft(article, "en", admin_user)
    assert not article.translations.filter(language="en").exists()


def test_unreachable_service(settings, article, admin_user):
    settings.KZPRESS_TRANSLATION_URL = "http://127.0.0.1:9"
    with pytest.raises(TranslationError, match="cannot be reached"):
        request_machine_draft(article, "en", admin_user)


def test_an_approved_version_is_not_replaced(service, article, admin_user):
    with pytest.raises(TranslationError, match="approved"):
        request_machine_draft(article, "ru", admin_user)
    assert service.requests == []


def test_the_button_is_absent_when_no_service_is_set(admin_client, article, settings):
    settings.KZPRESS_TRANSLATION_URL = ""
    assert not enabled()
    page = admin_client.get(f"/admin/articles/article/{article.pk}/translate/en/")
    assert "Request machine draft" not in page.content.decode()


def test_the_button_requests_a_draft(admin_client, article, service):
    url = f"/admin/articles/article/{article.pk}/translate/en/"
    assert "Request machine draft" in admin_client.get(url).content.decode()
    admin_client.post(url, {"action": "machine_draft"})
    assert article.translations.get(language="en").status == "machine_draft"


def test_the_button_reports_a_failure(admin_client, article, service):
    service.mode = "error"
    response = admin_client.post(f"/admin/articles/article/{article.pk}/translate/en/", {"action": "machine_draft"},
                                 follow=True)
    assert "No machine draft: the translation service answered 500" in response.content.decode()
