"""Reading and parsing a large import in a second process while this one writes to the database.

Parsing, repairing and language detection of a dump are pure Python on one core; the writes wait on the database.
With a forked reader the two overlap: the child turns rows into records and sends them in batches; the parent
loads them as they arrive. The child touches no database connection (it inherits one and leaves it alone) and
exits without cleanup; an error in it is raised again in the parent.
"""

import multiprocessing

BATCH = 500
QUEUED_BATCHES = 8  # bounded: a fast reader never holds more than a few thousand records in memory


def _produce(make_records, queue):
    try:
        batch = []
        for record in make_records():
            batch.append(record)
            if len(batch) == BATCH:
                queue.put(("records", batch))
                batch = []
        queue.put(("records", batch))
        queue.put(("done", None))
    except BaseException as error:  # noqa: BLE001 - every failure goes to the parent
        queue.put(("error", error))


def in_background(make_records):
    """Yield what ``make_records()`` yields, computed in a forked child process."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue(QUEUED_BATCHES)
    child = context.Process(target=_produce, args=(make_records, queue), daemon=True)
    child.start()
    try:
        while True:
            kind, value = queue.get()
            if kind == "records":
                yield from value
            elif kind == "error":
                raise value
            else:
                return
    finally:
        if child.is_alive():
            child.terminate()
        child.join()
