"""A per-file problem collector handed to the parsers.

Parsers call :meth:`Reporter.report` and carry on; ``ingest`` freezes the
collected problems into the :class:`~handbook.model.Note`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...model import Problem, Severity


@dataclass
class Reporter:
    path: str
    problems: list[Problem] = field(default_factory=list)

    def report(
        self,
        line: int,
        rule: str,
        message: str,
        *,
        severity: Severity | None = None,
        col: int = 0,
        hint: str = "",
    ) -> None:
        self.problems.append(Problem(self.path, line, rule, message, severity, col, hint))
