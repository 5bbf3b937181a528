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

from ..models import ArticleTranslation, TranslationMemory, make_slug
from ..text import normalise_segment, sentences
from . import access, memory
from .revisions import revision
from .terms import Glossary

Status = ArticleTranslation.Status


class TranslationError(Exception):
    pass


def enabled():
    return bool(getattr(settings, "KZPRESS_TRANSLATION_URL", ""))


def translate(text, source, target):
    """``text`` translated from ``source`` to ``target`` by the configured service."""
    if not text:
        return ""
    return _ask(text, source, target, str)


def translate_many(texts, source, target):
    """``texts`` (a list) translated in one request (LibreTranslate takes a list as ``q``); a list in order."""
    if not texts:
        return []
    translated = _ask(list(texts), source, target, list)
    if len(translated) != len(texts) or not all(isinstance(t, str) for t in translated):
        raise TranslationError("the translation service's reply has no translatedText")
    return translated


def _ask(q, source, target, kind):
    payload = {"q": q, "source": source, "target": target, "format": "text"}
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
    if not isinstance(translated, kind):
        raise TranslationError("the translation service's reply has no translatedText")
    return translated


def request_machine_draft(article, language, user, glossary=None):
    """Save a machine draft of ``article`` in ``language`` from its original version; returns the version.

    Translation memory is asked first, the service only for the sentences memory lacks (in one request); the
    glossary's canonical forms replace their variants in what the machine wrote. The version's ``from_memory``
    records what came from memory. ``glossary`` saves loading it again for each release of a bulk request.
    """
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
    draft = Draft(source, language, glossary or Glossary.load())
    draft.ask_the_machine()
    with revision(user, f"Machine draft of the {language} version from {source.language}", [article]):
        version = target or ArticleTranslation(article=article, language=language)
        version.title, version.lead, *paragraphs = draft.texts()
        version.body = "\n\n".join(p for p in paragraphs if p)
        version.status = Status.MACHINE_DRAFT
        version.slug = version.slug or make_slug(version.title)
        version.updated_by = user
        version.from_memory = draft.record()
        version.save()
        draft.remember()
    return version


class Draft:
    """The texts of one machine draft: the title, the lead and each paragraph of ``source`` (its units), each
    taken whole from memory, else sentence by sentence from memory or the machine."""

    def __init__(self, source, language, glossary):
        self.source, self.language, self.glossary = source.language, language, glossary
        units = [source.title, source.lead, *source.paragraphs]
        self.units = [normalise_segment(unit) for unit in units]
        self.parts = [[unit] if i == 0 or not unit else sentences(unit) for i, unit in enumerate(self.units)]
        self.known = memory.recall({*self.units, *(p for parts in self.parts for p in parts)}, self.source, language)
        self.machine = {}
        for unit, parts in zip(self.units, self.parts, strict=True):
            if unit and unit not in self.known:
                self.machine.update((part, None) for part in parts if part not in self.known)

    def ask_the_machine(self):
        """Translate what memory lacks, in one request; the glossary enforced in the machine's text."""
        asked = list(self.machine)
        answers = translate_many(asked, self.source, self.language)
        self.machine = {text: self.glossary.enforce(self.language, answer) for text, answer in
                        zip(asked, answers, strict=True)}

    def _translation(self, text):
        if text in self.machine:
            return self.machine[text]
        _, target, origin = self.known[text]
        return target if origin == TranslationMemory.Origin.APPROVED else self.glossary.enforce(self.language, target)

    def texts(self):
        """The translated title, lead and paragraphs, in order ("" for an empty unit)."""
        return ["" if not unit else self._translation(unit) if unit in self.known
                else " ".join(map(self._translation, parts))
                for unit, parts in zip(self.units, self.parts, strict=True)]

    def _from_memory(self, index):
        unit = self.units[index]
        return bool(unit) and (unit in self.known or not any(p in self.machine for p in self.parts[index]))

    def used(self):
        """The memory entries this draft took."""
        used = []
        for unit, parts in zip(self.units, self.parts, strict=True):
            for text in [unit] if unit in self.known else parts:
                if text in self.known:
                    used.append(self.known[text][0])
        return used

    def record(self):
        """What came from memory: title and lead (true or false), paragraph numbers (from 1), sentence counts."""
        paragraphs = [i - 1 for i in range(2, len(self.units)) if self._from_memory(i)]
        return {"title": self._from_memory(0), "lead": self._from_memory(1), "paragraphs": paragraphs,
                "memory": len(self.used()), "machine": len(self.machine)}

    def remember(self):
        """Keep the machine's sentences for the next draft, and count the uses of what memory gave."""
        memory.remember(self.machine.items(), self.source, self.language, TranslationMemory.Origin.MACHINE)
        memory.count_uses(self.used())
