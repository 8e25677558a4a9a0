"""What the built site carries besides pages: ``handbook.json`` and its
tables (:mod:`.export`) and the Pagefind search index (:mod:`.search`).
"""
