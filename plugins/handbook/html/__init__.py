"""Stage 6, Markdown -> HTML: cmark-gfm (:mod:`.cmark`), the Material
extensions' syntaxes (:mod:`.mdext`), the sanitiser (:mod:`.sanitize`) and
link cards; :mod:`.page` renders one page.
"""
