"""Both cores for the stages that are a pure function per item.

:func:`pure_map` is ``map`` over worker processes: the results come back in
the order of the inputs, and the function is pure, so the output is the
same bytes as a single-process run (``tests/test_determinism.py`` builds
both ways and compares every file of the site).

* Workers are **spawned**, never forked: ``mkdocs serve`` runs threads (the
  live-reload server, the background export), and forking a threaded
  process can copy a held lock into the child.  A spawned worker imports
  only the module of the function it runs.
* Small batches run in this process: a worker costs about half a second to
  start, so :data:`MIN_ITEMS` items or fewer (a rebuild after one edit)
  never pay it.
* ``HANDBOOK_WORKERS`` sets the number of processes (``1``: no workers);
  by default it is the number of cores this process may use, at most
  :data:`MAX_WORKERS`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from .memo import Memo

R = TypeVar("R")

MIN_ITEMS = 200
MAX_WORKERS = 8
CHUNKS_PER_WORKER = 8


def worker_count() -> int:
    """How many processes :func:`pure_map` may use."""
    configured = os.environ.get("HANDBOOK_WORKERS", "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def workers_for(rows: int, least: int = MIN_ITEMS) -> int:
    """The processes :func:`pure_map` runs ``rows`` items on (1: this one)
    when a batch needs more than ``least`` items to pay for its workers."""
    if rows <= least:
        return 1
    return min(worker_count(), max(1, rows // max(1, least // 2)))


def pure_map(
    function: Callable[..., R], *columns: Sequence[object], least: int = MIN_ITEMS
) -> list[R]:
    """``[function(*row) for row in zip(*columns)]``, in worker processes
    when there are more than ``least`` rows; ``function`` must be a
    module-level, pure function of picklable arguments."""
    rows = len(columns[0]) if columns else 0
    workers = workers_for(rows, least)
    if workers <= 1:
        return [function(*row) for row in zip(*columns, strict=True)]
    chunk = max(1, rows // (workers * CHUNKS_PER_WORKER))
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        return list(pool.map(function, *columns, chunksize=chunk))


def memo_map(
    memo: Memo,
    namespace: str,
    keys: Sequence[Hashable],
    function: Callable[..., R],
    *columns: Sequence[object],
    least: int = MIN_ITEMS,
) -> tuple[list[R], int]:
    """``function`` of each row, memoised under ``keys`` in ``namespace``:
    what the memo lacks is computed by :func:`pure_map`, the rest comes from
    the memo.  Returns the values, in order, and the processes used."""
    missing = [i for i, key in enumerate(keys) if not memo.has(namespace, key)]
    fresh = pure_map(function, *([column[i] for i in missing] for column in columns), least=least)
    computed = dict(zip(missing, fresh, strict=True))

    def value(i: int) -> R:
        found = computed.pop(i, None)
        return found if found is not None else function(*(column[i] for column in columns))

    values = [memo.get(namespace, key, lambda i=i: value(i)) for i, key in enumerate(keys)]
    return values, workers_for(len(missing), least)
