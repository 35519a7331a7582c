"""The CSRF token of a ``multipart/form-data`` form, read from its first part only.

An upload's body can weigh hundreds of megabytes: parsing it before knowing the request is
genuine would let any page make the server store and parse large bodies. So the token of a
multipart form is its *first* field (the upload form puts its hidden ``csrf_token`` input before
the file input; browsers send fields in document order), read from at most :data:`PEEK_SIZE`
bytes of the body. Those bytes are put back in front of the stream, so the body parsed later, once
the token is checked, is the whole body. No token travels in an address (addresses end up in
logs, histories and ``Referer`` headers).
"""

from __future__ import annotations

import re
from typing import BinaryIO

import bottle

__all__ = ["PEEK_SIZE", "first_field"]

#: The most bytes read from the body before its CSRF token is checked.
PEEK_SIZE = 4096
_MAX_VALUE = 512
_BOUNDARY = re.compile(r'boundary="?([^";]{1,200})"?', re.IGNORECASE)


class _Replay:
    """A stream giving ``head`` first, then the rest of ``stream`` (a WSGI input)."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._head = head
        self._stream = stream

    def read(self, size: int | None = -1) -> bytes:
        if not self._head:
            return self._stream.read() if size is None or size < 0 else self._stream.read(size)
        if size is None or size < 0:
            data, self._head = self._head + self._stream.read(), b""
            return data
        data, self._head = self._head[:size], self._head[size:]
        return data

    def readline(self, size: int | None = -1) -> bytes:  # part of the WSGI input interface
        if not self._head:
            return self._stream.readline(-1 if size is None else size)
        end = self._head.find(b"\n") + 1 or len(self._head)
        if size is not None and size >= 0:
            end = min(end, size)
        data, self._head = self._head[:end], self._head[end:]
        return data


def _peek(request: bottle.BaseRequest, size: int) -> bytes:
    """Up to ``size`` bytes of the body, put back in front of ``wsgi.input``."""
    stream = request.environ["wsgi.input"]
    chunks: list[bytes] = []
    missing = size
    while missing > 0:
        chunk = stream.read(missing)
        if not chunk:
            break
        chunks.append(chunk)
        missing -= len(chunk)
    head = b"".join(chunks)
    request.environ["wsgi.input"] = _Replay(head, stream)
    return head


def first_field(request: bottle.BaseRequest, name: str) -> str | None:
    """The value of field ``name`` when it is the first part of the multipart body, else ``None``.

    Reads at most :data:`PEEK_SIZE` bytes and parses nothing else; the body stays whole for
    the route. ``None`` for a chunked body (its length is unknown before reading it).
    """
    if request.chunked or "bottle.request.body" in request.environ:
        return None
    found = _BOUNDARY.search(str(request.environ.get("CONTENT_TYPE", "")))  # not lower-cased
    length = request.content_length
    if found is None or length <= 0 or "wsgi.input" not in request.environ:
        return None
    delimiter = b"--" + found.group(1).encode("latin-1")
    head = _peek(request, min(PEEK_SIZE, length))
    if not head.startswith(delimiter + b"\r\n"):
        return None
    start = len(delimiter) + 2
    end_of_headers = head.find(b"\r\n\r\n", start)
    if end_of_headers < 0:
        return None
    headers = head[start:end_of_headers].decode("latin-1").split("\r\n")
    disposition = [h for h in headers if h.lower().startswith("content-disposition:")]
    if len(disposition) != 1 or not _names_field(disposition[0], name):
        return None
    value_start = end_of_headers + 4
    value_end = head.find(b"\r\n" + delimiter, value_start)
    if value_end < 0 or value_end - value_start > _MAX_VALUE:
        return None
    try:
        return head[value_start:value_end].decode("ascii")
    except UnicodeDecodeError:
        return None


def _names_field(header: str, name: str) -> bool:
    """Whether a ``Content-Disposition`` header is that of the plain field ``name``."""
    _, _, value = header.partition(":")
    params = [p.strip() for p in value.split(";")]
    return params[0].lower() == "form-data" and params[1:] == [f'name="{name}"']
