"""Stage 4, content -> URLs: the sitemap, the permalink registry and what
each URL shows (:mod:`.permalinks`, :mod:`.identity`), retired anchors and
redirect pages.
"""
