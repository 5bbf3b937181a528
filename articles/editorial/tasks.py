"""
Machine drafts in bulk, in the background, through Django's tasks framework.

``queue_machine_drafts(user, language, articles)`` records a ``MachineDraftJob`` and hands it to a worker;
``run_machine_drafts`` drafts each release in turn with ``request_machine_draft`` — memory first, the machine
for the rest, the glossary enforced — each release its own revision (one transaction). Approved versions are
skipped and nothing is published: drafts land as machine drafts in the desk's review queue. The job's counts
are written after every release, committed, so its page can follow the progress.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from ..models import Article, ArticleTranslation, MachineDraftJob
from . import access
from .machine_translation import TranslationError, request_machine_draft
from .terms import Glossary

Status = MachineDraftJob.Status
CHUNK = 200  # releases read at once, with their versions


def queue_machine_drafts(user, language, articles):
    """Record and queue a job drafting ``articles`` (a queryset or ids) in ``language``; returns the job."""
    ids = sorted({getattr(a, "pk", a) for a in articles})
    job = MachineDraftJob.objects.create(user=user, language=language, article_ids=ids, total=len(ids))
    result = run_machine_drafts.enqueue(job.pk)
    job.task_id = str(result.id)[:64]
    MachineDraftJob.objects.filter(pk=job.pk).update(task_id=job.task_id)
    job.refresh_from_db()
    return job


@task
def run_machine_drafts(job_id):
    """Draft every release of the queued job ``job_id``; returns its final status."""
    job = MachineDraftJob.objects.select_related("user").get(pk=job_id)
    if job.status != Status.QUEUED:  # run already (a task delivered twice)
        return job.status
    MachineDraftJob.objects.filter(pk=job.pk).update(status=Status.RUNNING, started_at=timezone.now())
    try:
        draft_all(job)
    except Exception as error:
        job.errors.append({"article": None, "error": f"{type(error).__name__}: {error}"})
        MachineDraftJob.objects.filter(pk=job.pk).update(status=Status.FAILED, errors=job.errors,
                                                         finished_at=timezone.now())
        raise
    MachineDraftJob.objects.filter(pk=job.pk).update(status=Status.DONE, finished_at=timezone.now())
    return Status.DONE


def draft_all(job):
    if job.user is None or not job.user.is_active:
        raise PermissionDenied("the person who asked for the drafts may no longer edit")
    glossary = Glossary.load()
    for start in range(0, len(job.article_ids), CHUNK):
        ids = job.article_ids[start:start + CHUNK]
        articles = Article.objects.filter(pk__in=ids).select_related("agency").prefetch_related("translations")
        found = {article.pk: article for article in articles}
        for article_id in ids:
            counts = draft_one(job, found.get(article_id), article_id, glossary)
            MachineDraftJob.objects.filter(pk=job.pk).update(
                done=F("done") + 1, errors=job.errors, **{name: F(name) + n for name, n in counts.items() if n})


def draft_one(job, article, article_id, glossary):
    """Draft one release; returns the counts to add to the job (an error is added to ``job.errors``)."""
    error = None
    if article is None:
        error = "the release no longer exists"
    elif not access.can_edit_versions(job.user, article, job.language):
        error = "you may not edit this version of this release"
    elif any(v.language == job.language and v.status == ArticleTranslation.Status.APPROVED
             for v in article.translations.all()):
        return {"skipped": 1}
    else:
        try:
            version = request_machine_draft(article, job.language, job.user, glossary)
        except (TranslationError, PermissionDenied) as problem:
            error = str(problem)
        else:
            record = version.from_memory or {}
            return {"drafted": 1, "machine_segments": record.get("machine", 0),
                    "memory_segments": record.get("memory", 0)}
    job.errors.append({"article": article_id, "error": error})
    return {}
