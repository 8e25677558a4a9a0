"""Give memory the build no longer needs back to the operating system.

Freeing Python objects returns their memory to Python's allocator and to
glibc's heap, not to the system: the process's resident size stays where
its peak was.  A later process (Pagefind, indexing the written site) then
competes with memory nobody uses.  :func:`release_memory` collects
garbage and asks glibc to return free heap pages (``malloc_trim``); on a
system without glibc it only collects.

Invariant: calling it never changes what the build writes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from functools import cache


@cache
def _trim():  # type: ignore[no-untyped-def]
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None)
    except OSError:
        return None


def release_memory() -> None:
    """Collect garbage and return free heap memory to the system."""
    gc.collect()
    trim = _trim()
    if trim is not None:
        trim(0)
