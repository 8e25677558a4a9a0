"""GitHub-flavoured Markdown to HTML with cmark-gfm, without its memory leak.

cmarkgfm's ``markdown_to_html_with_extensions`` (2025.10.22) never frees the
syntax tree ``cmark_parser_finish`` returns nor the string
``cmark_render_html`` returns: its cffi declarations expose no
``cmark_node_free`` and it copies the result without releasing it.  Each
call leaks about twice the page's HTML, which on the 1,226-note corpus was
500 MB of the build's peak memory and would have been gigabytes at 20,000
notes.

:func:`to_html` drives the same C functions through cmarkgfm's own cffi
``lib`` and frees both: the tree with ``cmark_node_free`` and the string
with the C library's ``free``, since cmark's default allocator is
``calloc``/``realloc``/``free``.  Both symbols are exported by cmarkgfm's
extension module and by libc; ctypes reaches them by address.
"""

from __future__ import annotations

import ctypes
import ctypes.util

from cmarkgfm import _cmark
from cmarkgfm.cmark import core_extensions_ensure_registered, find_syntax_extension

_lib, _ffi = _cmark.lib, _cmark.ffi
_node_free = ctypes.CDLL(_cmark.__file__).cmark_node_free
_node_free.argtypes, _node_free.restype = [ctypes.c_void_p], None
_free = ctypes.CDLL(ctypes.util.find_library("c")).free
_free.argtypes, _free.restype = [ctypes.c_void_p], None


def _address(pointer: object) -> int:
    return int(_ffi.cast("uintptr_t", pointer))


class Renderer:
    """Renders with fixed options and extensions (``table``, ``autolink`` ...)."""

    def __init__(self, options: int, extensions: tuple[str, ...]) -> None:
        core_extensions_ensure_registered()
        self.options = options
        self.extensions = []
        for name in extensions:
            extension = find_syntax_extension(name)
            if extension is None:
                raise ValueError(f"unknown cmark-gfm extension {name}")
            self.extensions.append(extension)

    def to_html(self, markdown: str) -> str:
        parser = _lib.cmark_parser_new(self.options)
        try:
            for extension in self.extensions:
                _lib.cmark_parser_attach_syntax_extension(parser, extension)
            data = markdown.encode("utf-8")
            _lib.cmark_parser_feed(parser, data, len(data))
            root = _lib.cmark_parser_finish(parser)
            try:
                attached = _lib.cmark_parser_get_syntax_extensions(parser)
                raw = _lib.cmark_render_html(root, self.options, attached)
                try:
                    return str(_ffi.string(raw).decode("utf-8"))
                finally:
                    _free(_address(raw))
            finally:
                _node_free(_address(root))
        finally:
            _lib.cmark_parser_free(parser)
