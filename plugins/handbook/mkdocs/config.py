"""The plugin's options, as MkDocs validates them (adapter side only)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class HandbookConfig(Config):
    enabled = c.Type(bool, default=True)
    # Folder of notes, relative to mkdocs.yml; nested folders are allowed.
    source_dir = c.Type(str, default="source_notes")
    # What a [[link]] to no note becomes: a topic page, plain text, or an error.
    unresolved_links = c.Choice(("topic", "text", "error"), default="topic")
    # Curation rules (merging, catalog), relative to mkdocs.yml; "" for none.
    curation = c.Type(str, default="handbook.yml")
    # URL of a note file, with {path}; by default derived from repo_url, or a
    # copy of the file is published under raw/.
    source_url = c.Type(str, default="")
    # Registry of published URLs that must keep resolving; "" for none.
    permalinks = c.Type(str, default="permalinks.json")
