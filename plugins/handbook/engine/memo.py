"""Content-addressed memoisation of the pipeline's per-note and per-group work.

Most of a build is work on one note (claims, catalog occurrences, entry
mentions) or one video's notes (duplicate scores, merging, the moments
list), and is a pure function of their bytes.  :class:`Memo` keeps each
result under a key that names everything the computation reads: a
namespace, the notes' ``(path, digest)`` pairs (:func:`fingerprint`; the
digest is the SHA-256 of the file) and any other input, such as the
curation rules that apply or the catalog's names.  A rebuild after editing
one note therefore redoes that note's work and its video's, nothing else.

Eviction is by generation: :meth:`Memo.sweep`, called at the end of each
build, drops every entry that build did not use, so memory follows the
vault instead of its history.  A fresh :class:`Memo` gives a cold build;
:data:`MEMO` is the process-wide one ``mkdocs serve`` rebuilds share.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from ..model import Note

T = TypeVar("T")


class Memo:
    def __init__(self) -> None:
        self._store: dict[tuple[str, Hashable], Any] = {}
        self._used: set[tuple[str, Hashable]] = set()
        self.hits = 0
        self.misses = 0
        self.last: tuple[int, int] = (0, 0)  # hits and misses of the last build

    def get(self, namespace: str, key: Hashable, compute: Callable[[], T]) -> T:
        """The value of ``compute()`` for ``key``, computed at most once."""
        slot = (namespace, key)
        try:
            value = self._store[slot]
            self.hits += 1
        except KeyError:
            value = self._store[slot] = compute()
            self.misses += 1
        self._used.add(slot)
        return value  # type: ignore[no-any-return]

    def has(self, namespace: str, key: Hashable) -> bool:
        """Whether :meth:`get` would find ``key`` without computing it."""
        return (namespace, key) in self._store

    def sweep(self) -> None:
        """Forget what the build that just ended did not use."""
        self._store = {k: v for k, v in self._store.items() if k in self._used}
        self._used = set()
        self.last = (self.hits, self.misses)
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._store)


def fingerprint(notes: Iterable[Note]) -> tuple[tuple[str, str], ...]:
    """What identifies notes' content: their paths and file digests."""
    return tuple((n.path, n.digest) for n in notes)


MEMO = Memo()
