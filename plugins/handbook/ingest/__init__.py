"""Stage 1, notes folder -> notes: read and decode every file, parse it
(:mod:`.syntax`, pure parsers that never raise), read ``handbook.yml``
(:mod:`.curation`), and repair or refuse impossible timestamps
(:mod:`.moments`).
"""
