"""
Machine drafts from a translation service speaking the LibreTranslate HTTP API.

Off unless ``KZPRESS_TRANSLATION_URL`` is set (e.g. a self-hosted LibreTranslate at
``http://127.0.0.1:5000``). A draft is saved with status "machine draft": it can never
be published before an editor reviews and approves it. On any failure — the service
down, an error answer, a timeout, a malformed reply — nothing is changed and
``TranslationError`` says what went wrong.
"""

import json
import urllib.error
import urllib.request

from django.conf import settings
from django.core.exceptions import PermissionDenied

from ..models import ArticleTranslation, make_slug
from . import access
from .revisions import revision

Status = ArticleTranslation.Status


class TranslationError(Exception):
    pass


def enabled():
    return bool(getattr(settings, "KZPRESS_TRANSLATION_URL", ""))


def translate(text, source, target):
    """``text`` translated from ``source`` to ``target`` by the configured service."""
    if not text:
        return ""
    payload = {"q": text, "source": source, "target": target, "format": "text"}
    if settings.KZPRESS_TRANSLATION_API_KEY:
        payload["api_key"] = settings.KZPRESS_TRANSLATION_API_KEY
    request = urllib.request.Request(
        settings.KZPRESS_TRANSLATION_URL.rstrip("/") + "/translate",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.KZPRESS_TRANSLATION_TIMEOUT) as response:
            answer = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        raise TranslationError(f"the translation service answered {error.code} {error.reason}") from error
    except TimeoutError as error:
        raise TranslationError(f"the translation service did not answer within "
                               f"{settings.KZPRESS_TRANSLATION_TIMEOUT} s") from error
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, TimeoutError):
            raise TranslationError(f"the translation service did not answer within "
                                   f"{settings.KZPRESS_TRANSLATION_TIMEOUT} s") from error
        raise TranslationError(f"the translation service cannot be reached: {reason}") from error
    except ValueError as error:
        raise TranslationError("the translation service sent a reply that is not JSON") from error
    translated = answer.get("translatedText") if isinstance(answer, dict) else None
    if not isinstance(translated, str):
        raise TranslationError("the translation service's reply has no translatedText")
    return translated


def request_machine_draft(article, language, user):
    """Save a machine draft of ``article`` in ``language`` from its original version; returns the version."""
    if not access.can_edit_versions(user, article, language):
        raise PermissionDenied("you may not edit this version of this article")
    versions = {t.language: t for t in article.translations.all()}
    target = versions.get(language)
    if target and target.status == Status.APPROVED:
        raise TranslationError("this version is approved; a machine draft would replace an editor's work")
    source = versions.get(article.original_language)
    if source is None or not source.body:
        source = next((v for v in versions.values() if v.body and v.language != language), None)
    if source is None:
        raise TranslationError("there is no version with a body to translate from")
    paragraphs = [translate(p, source.language, language) for p in source.paragraphs]
    title = translate(source.title, source.language, language)
    lead = translate(source.lead, source.language, language)
    with revision(user, f"Machine draft of the {language} version from {source.language}", [article]):
        version = target or ArticleTranslation(article=article, language=language)
        version.title, version.lead, version.body = title, lead, "\n\n".join(paragraphs)
        version.status = Status.MACHINE_DRAFT
        version.slug = version.slug or make_slug(title)
        version.updated_by = user
        version.save()
    return version
