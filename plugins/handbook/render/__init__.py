"""Stage 5, plan -> pages' Markdown: the Markdown writer (:mod:`.markdown`),
how a link is written on a page (:mod:`.links`), note and channel pages
(:mod:`.pages`), entry pages (:mod:`.entries`), video and article source
pages (:mod:`.sources`), topic hubs, "Referenced by" (:mod:`.backlinks`),
local graphs, and the memoised stage itself (:mod:`.assemble`,
:mod:`.signature`).
"""
