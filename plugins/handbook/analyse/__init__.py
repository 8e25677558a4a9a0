"""Stage 3, resolved notes -> what they say: claims, duplicate scoring and
merging of one video's notes (:mod:`.duplicates`, :mod:`.merge`,
:mod:`.fold`, :mod:`.paraphrase`), related notes, content units, and the
catalog of frameworks, concepts, skills and pitfalls (:mod:`.catalog`).
"""
