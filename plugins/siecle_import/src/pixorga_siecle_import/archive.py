"""Opening a school file: bare XML or the SIECLE zip, told apart by magic bytes, with size guards.

``zipfile`` has no zip-bomb guard of its own (formats.md §E.2): the member is streamed through
:class:`CappedReader`, which stops at a byte cap whatever the archive declares, and an archive
declaring an absurd compression ratio is refused before reading.
"""

from __future__ import annotations

import codecs
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, BinaryIO

import attrs

from pixorga_siecle_import.refusals import FileRefused, refusal

__all__ = ["CappedReader", "Limits", "check_prolog", "is_zip", "open_xml"]

ZIP_MAGIC = b"PK\x03\x04"
#: Bytes looked at before parsing, for the prolog and DOCTYPE checks.
PROLOG_BYTES = 64 * 1024

_ENCODING_DECL = re.compile(rb"""^<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
#: What a damaged archive raises, whether opening it, its member, or reading any byte of it (a
#: corrupted deflate stream raises zlib.error, a bad CRC BadZipFile, a cut one EOFError, a
#: damaged offset ValueError "negative seek value"; found by tests/test_damaged_files.py).
ZIP_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    ValueError,
    struct.error,
    zipfile.LargeZipFile,
    NotImplementedError,
    RuntimeError,
    EOFError,
    OSError,
    zlib.error,
)


@attrs.frozen
class Limits:
    """Size guards. 100 000 pupils weigh about 255 MB of XML (formats.md §A.7)."""

    max_xml_bytes: int = 512 * 1024 * 1024
    #: Real exports compress about 23 times, repetitive synthetic ones 48 times.
    max_compression_ratio: int = 200


def is_zip(head: bytes) -> bool:
    return head.startswith(ZIP_MAGIC)


class CappedReader:
    """A read-only stream that replays ``prefix`` then reads ``raw``, refusing past ``limit``."""

    def __init__(self, raw: IO[bytes], limit: int, name: str, prefix: bytes = b"") -> None:
        self._raw = raw
        self._limit = limit
        self._name = name
        self._prefix = prefix
        self.count = len(prefix)

    def read(self, size: int = -1) -> bytes:
        if self._prefix:
            if size < 0 or size >= len(self._prefix):
                data, self._prefix = self._prefix, b""
            else:
                data, self._prefix = self._prefix[:size], self._prefix[size:]
            return data
        try:
            data = self._raw.read(size if size >= 0 else self._limit + 1)
        except ZIP_ERRORS:
            raise FileRefused(refusal("BAD_ZIP", name=self._name)) from None
        self.count += len(data)
        if self.count > self._limit:
            limit_mb = self._limit // (1024 * 1024)
            raise FileRefused(refusal("TOO_LARGE", name=self._name, limit=limit_mb))
        return data


def check_prolog(head: bytes, name: str) -> None:
    """Refuse early what is certainly not a safe XML export: empty, binary, DOCTYPE, encoding.

    :raises FileRefused: with the issue.
    """
    if not head.strip():
        raise FileRefused(refusal("EMPTY", name=name))
    if head.startswith(_UTF16_32_BOMS):
        raise FileRefused(refusal("ENCODING_UNKNOWN", name=name, encoding="UTF-16"))
    text = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if not text.startswith(b"<"):
        raise FileRefused(refusal("NOT_XML", name=name))
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise FileRefused(refusal("DOCTYPE", name=name))
    match = _ENCODING_DECL.match(text)
    if match:
        encoding = match.group(1).decode("ascii")
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise FileRefused(refusal("ENCODING_UNKNOWN", name=name, encoding=encoding)) from None
        if codecs.lookup(encoding).name.startswith(("utf-16", "utf-32")):
            raise FileRefused(refusal("ENCODING_UNKNOWN", name=name, encoding=encoding))


def _xml_member(archive: zipfile.ZipFile, name: str, limits: Limits) -> zipfile.ZipInfo:
    names = archive.namelist()
    if "[Content_Types].xml" in names or "mimetype" in names:  # office files (OOXML, OpenDocument)
        raise FileRefused(refusal("OFFICE_FILE", name=name))
    candidates = [
        info
        for info in archive.infolist()
        if not info.is_dir()
        and info.filename.lower().endswith(".xml")
        and not any(part.startswith(".") or part == "__MACOSX" for part in _parts(info.filename))
    ]
    if not candidates:
        raise FileRefused(refusal("ZIP_NO_XML", name=name))
    if len(candidates) > 1:
        members = ", ".join(_parts(i.filename)[-1] for i in candidates[:5])
        raise FileRefused(refusal("ZIP_SEVERAL_XML", name=name, members=members))
    info = candidates[0]
    if info.file_size > limits.max_xml_bytes:
        limit_mb = limits.max_xml_bytes // (1024 * 1024)
        raise FileRefused(refusal("TOO_LARGE", name=name, limit=limit_mb))
    if info.file_size > 1024 * 1024 and info.file_size > (
        limits.max_compression_ratio * max(info.compress_size, 1)
    ):
        raise FileRefused(refusal("ZIP_RATIO", name=name, ratio=limits.max_compression_ratio))
    if info.flag_bits & 0x1:
        raise FileRefused(refusal("BAD_ZIP", name=name))
    return info


def _parts(path: str) -> list[str]:
    return [p for p in path.replace("\\", "/").split("/") if p]


@contextmanager
def open_xml(stream: BinaryIO, name: str, limits: Limits) -> Iterator[tuple[CappedReader, str]]:
    """Yield a capped reader over the XML document of ``stream`` and the document's name.

    The prolog has been checked (:func:`check_prolog`) before the reader is yielded.

    :raises FileRefused: an empty, binary, oversized or unsafe file, or a zip not holding
        exactly one XML document.
    """
    head = stream.read(len(ZIP_MAGIC))
    size = stream.seek(0, 2)
    stream.seek(0)
    if size > limits.max_xml_bytes and not is_zip(head):
        limit_mb = limits.max_xml_bytes // (1024 * 1024)
        raise FileRefused(refusal("TOO_LARGE", name=name, limit=limit_mb))
    if not is_zip(head):
        prefix = stream.read(PROLOG_BYTES)
        check_prolog(prefix, name)
        yield CappedReader(stream, limits.max_xml_bytes, name, prefix), name
        return
    try:
        archive = zipfile.ZipFile(stream)
        info = _xml_member(archive, name, limits)
        member = archive.open(info)
    except ZIP_ERRORS:
        raise FileRefused(refusal("BAD_ZIP", name=name)) from None
    member_name = _parts(info.filename)[-1]
    with archive, member:
        try:
            prefix = member.read(PROLOG_BYTES)
        except ZIP_ERRORS:
            raise FileRefused(refusal("BAD_ZIP", name=name)) from None
        check_prolog(prefix, member_name)
        yield CappedReader(member, limits.max_xml_bytes, member_name, prefix), member_name
