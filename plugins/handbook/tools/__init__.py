"""Command-line tools over the core: ``handbook`` (:mod:`.cli`), its
``check`` linter and the build ``diff``.
"""
