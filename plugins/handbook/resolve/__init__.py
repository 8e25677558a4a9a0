"""Stage 2, notes -> resolved links: the index of every note and channel
(:mod:`.index`), anchors of headings and blocks (:mod:`.outline`), images
(:mod:`.images`) and every wikilink occurrence with its sentence
(:mod:`.mentions`).
"""
