"""Imports in the background, through Django's tasks framework.

``queue_import(batch)`` hands a recorded batch (``pipeline.start_batch``) to a worker and keeps the task's id on the
batch; the worker's ``run_import`` reads the file back from the default storage — the worker may be another machine —
and loads it with ``pipeline.run_batch``. Which worker runs it is the ``TASKS`` setting's business: the database
queue and ``manage.py db_worker`` by default, tasks run at once in the test suite.
"""

from django.tasks import task

from .batches import ImportBatch
from .pipeline import run_batch


@task
def run_import(batch_id):
    """Load the queued batch ``batch_id``; returns its final status."""
    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.status != ImportBatch.Status.QUEUED:  # run already (a task delivered twice)
        return batch.status
    return run_batch(batch).status


def queue_import(batch):
    """Queue ``batch`` for a worker; returns the batch with its ``task_id``."""
    result = run_import.enqueue(batch.pk)
    batch.task_id = str(result.id)[:64]
    ImportBatch.objects.filter(pk=batch.pk).update(task_id=batch.task_id)
    return batch
