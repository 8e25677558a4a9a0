"""The handbook proper: frameworks, skills and pitfalls as entries.

``cues`` reads what a heading or name announces; ``extract`` finds entry
occurrences in the notes' own structure; ``entries`` merges occurrences
into entries and applies curation; ``autolink`` links mentions of entries
in note text; ``timeline`` orders a video's moments by topic.  The pages
themselves are written in :mod:`handbook.render` (``entries``, ``sources``).
"""
