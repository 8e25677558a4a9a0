"""The MkDocs adapter, the only code that imports MkDocs: the plugin's hooks
(:mod:`.plugin`), its config and ``mkdocs serve``'s fast rebuilds
(:mod:`.serve`).
"""
