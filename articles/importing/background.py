"""Reading and parsing a large import in a second process while this one writes to the database.

Parsing, repairing and language detection of a dump are pure Python on one core; the writes wait on the database.
With a forked reader the two overlap: the child turns rows into records and sends them in batches; the parent
loads them as they arrive. An error in the child is raised again in the parent.

The child inherits the parent's open files, its database connection among them. It closes its copies of every
socket first thing, so the database server's session belongs to the parent alone: if the parent is killed, the
server sees the connection drop at once and rolls its transaction back, whatever the child is doing. The child
also never outlives the parent: a reader left without anyone to read its batches exits.
"""

import contextlib
import multiprocessing
import os
import queue as queues
import stat

BATCH = 500
QUEUED_BATCHES = 8  # bounded: a fast reader never holds more than a few thousand records in memory
ORPHAN_CHECK_SECONDS = 1.0


def _close_inherited_sockets():
    """Close this process's copies of the sockets it inherited (database, cache); pipes and files stay open."""
    folder = "/proc/self/fd" if os.path.isdir("/proc/self/fd") else "/dev/fd"
    with contextlib.suppress(OSError):
        for name in os.listdir(folder):
            fd = int(name)
            with contextlib.suppress(OSError):
                if stat.S_ISSOCK(os.fstat(fd).st_mode):
                    os.close(fd)


def _put(queue, item, parent):
    """Put into the bounded queue; exit if the parent died meanwhile (nobody will ever read it)."""
    while True:
        try:
            queue.put(item, timeout=ORPHAN_CHECK_SECONDS)
            return
        except queues.Full:
            if os.getppid() != parent:
                os._exit(1)


def _produce(make_records, queue, parent):
    if os.getppid() != parent:  # the parent died before this process started
        os._exit(1)
    _close_inherited_sockets()
    try:
        batch = []
        for record in make_records():
            batch.append(record)
            if len(batch) == BATCH:
                _put(queue, ("records", batch), parent)
                batch = []
        _put(queue, ("records", batch), parent)
        _put(queue, ("done", None), parent)
    except BaseException as error:  # noqa: BLE001 - every failure goes to the parent
        _put(queue, ("error", error), parent)


def in_background(make_records):
    """Yield what ``make_records()`` yields, computed in a forked child process."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue(QUEUED_BATCHES)
    child = context.Process(target=_produce, args=(make_records, queue, os.getpid()), daemon=True)
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
