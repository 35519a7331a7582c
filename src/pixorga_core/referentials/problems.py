"""Problems found in a referential directory, each naming its file, JSON path and element."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from pixorga_core.errors import ReferentialError

#: At most this many problems are spelt out in the error message (all are in ``problems``).
MAX_LISTED = 40


@attrs.frozen
class ReferentialProblem:
    """One thing wrong in a referential file.

    ``path`` is a JSON path into ``file`` (``$.challenges[3].solution``); ``element`` the id of
    the object at fault or enclosing it (a challenge, a tube…), when it has one.
    """

    file: str
    path: str
    message: str
    element: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}"
        if self.element is not None:
            where += f" (id {self.element!r})"
        return f"{where}: {self.message}"


def json_path(parts: Iterable[str | int]) -> str:
    """``$.challenges[3].solution`` from ``["challenges", 3, "solution"]``."""
    text = "$"
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def element_id(document: Any, parts: Sequence[str | int]) -> str | None:
    """The id of the innermost object along ``parts`` that has one (``id``, or ``key``)."""
    found: str | None = None
    node = document
    for part in [None, *parts]:
        if part is not None:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                break
        if isinstance(node, dict):
            for key in ("id", "key"):
                value = node.get(key)
                if isinstance(value, str):
                    found = value
                    break
    return found


def raise_if_any(source: str, problems: Sequence[ReferentialProblem]) -> None:
    """Raise one :class:`ReferentialError` listing ``problems``, if there are any."""
    if not problems:
        return
    lines = [str(p) for p in problems[:MAX_LISTED]]
    if len(problems) > MAX_LISTED:
        lines.append(f"… and {len(problems) - MAX_LISTED} more")
    noun = "problem" if len(problems) == 1 else "problems"
    message = f"referential {source} is not valid ({len(problems)} {noun}):\n  " + "\n  ".join(
        lines
    )
    raise ReferentialError(message, problems=problems)
