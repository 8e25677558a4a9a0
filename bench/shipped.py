"""Write a fitted artefact that ships with the code, or check it is current.

Both training scripts (``train_catalog.py``, ``train_merge.py``) end the
same way: with ``--check`` they compare what they fitted with the file in
the tree and fail if it differs; without it they write the file.
"""

from __future__ import annotations

from pathlib import Path


def write_or_check(path: Path, text: str, check: bool, same: bool | None = None) -> int:
    """Write ``text`` to ``path``, or with ``check`` report whether it is current.

    ``same`` overrides the byte comparison (a file whose report part may
    differ while its model part is the same)."""
    name = path.name
    if check:
        current = same if same is not None else path.read_text(encoding="utf-8") == text
        print(f"{name} is up to date" if current else f"{name} differs: re-run without --check")
        return 0 if current else 1
    path.write_text(text, encoding="utf-8")
    print(f"wrote {name}")
    return 0
