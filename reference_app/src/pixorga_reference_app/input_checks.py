"""Input the app refuses before any route reads it: integers beyond 64 bits, NUL bytes.

Databases cannot take them (SQLite cannot bind an integer beyond 2**63, PostgreSQL refuses a NUL
in a string): refused here, they give a French 400 page instead of a 500.

* ``<name:int>`` path wildcards use :func:`bounded_int_filter` (installed as the router's
  ``int`` filter before the routes), and integers read from queries and forms
  :func:`parse_int`;
* :func:`nul_in_address` checks the path and the query string (the ``before_request`` hook);
  :func:`nul_in_body` the form fields and the file names, after the CSRF check
  (:mod:`pixorga_reference_app.transaction`).
"""

from __future__ import annotations

from collections.abc import Callable

import bottle

#: The range of a 64-bit signed integer, the database's largest.
MIN_INT = -(2**63)
MAX_INT = 2**63 - 1
INVALID_MESSAGE = "La requête contient un caractère ou un nombre qui n'est pas accepté."


def parse_int(text: str | None) -> int | None:
    """``text`` as an integer the database can hold; ``None`` if it is not one."""
    if not text or len(text) > 20:  # 20 characters: "-9223372036854775808"
        return None
    try:
        value = int(text)
    except ValueError:
        return None
    return value if MIN_INT <= value <= MAX_INT else None


def _to_int(text: str) -> int:
    value = parse_int(text)
    if value is None:
        msg = f"not a 64-bit integer: {text[:30]!r}"
        raise ValueError(msg)  # bottle answers 400 "Path has wrong format"
    return value


def bounded_int_filter(
    _config: str | None,
) -> tuple[str, Callable[[str], int], Callable[[int], str]]:
    """The router's ``int`` filter, refusing what a 64-bit column cannot hold."""
    return r"-?\d+", _to_int, str


def nul_in_address(request: bottle.BaseRequest) -> bool:
    """Whether the path or the query string holds a NUL byte (raw or percent-encoded)."""
    query = request.environ.get("QUERY_STRING", "")
    return "\x00" in request.path or "\x00" in query or "%00" in query


def nul_in_body(request: bottle.BaseRequest) -> bool:
    """Whether a form field (name or value) or an uploaded file's name holds a NUL byte."""
    for name, item in request.POST.allitems():
        value = item.raw_filename if isinstance(item, bottle.FileUpload) else item
        if "\x00" in (name or "") or "\x00" in (value or ""):
            return True
    return False
