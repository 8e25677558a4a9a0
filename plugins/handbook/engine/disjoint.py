"""Disjoint sets (union-find) over hashable items, for grouping by pairs.

:meth:`DisjointSets.find` halves paths as it walks; :meth:`DisjointSets.join`
puts one item's set under the other's root, so the caller chooses which root
survives (the smallest index, the group object already kept): grouping stays
deterministic whatever order the pairs come in, as long as they come sorted.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)


class DisjointSets(Generic[T]):
    def __init__(self, items: Iterable[T]) -> None:
        self._parent: dict[T, T] = {item: item for item in items}

    def find(self, item: T) -> T:
        """The root of ``item``'s set."""
        parent = self._parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def join(self, keep: T, other: T) -> T:
        """Put ``other``'s set under the root of ``keep``'s; return that root."""
        root = self.find(keep)
        self._parent[self.find(other)] = root
        return root
