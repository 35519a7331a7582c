"""Hypothesis strategies that damage valid SIECLE exports, for property tests and fuzzing.

Only tests and ``bench/fuzz_siecle.py`` import this module (it needs the ``testing`` extra's
hypothesis); the runtime never does.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from hypothesis import strategies as st

from pixorga_siecle_import.csv_reader import template
from pixorga_siecle_import.testing.samples import pupil, siecle_xml

__all__ = ["damaged_exports", "valid_exports"]


def _zipped(xml: bytes, method: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        archive.writestr("ElevesSansAdresses.xml", xml)
    return buffer.getvalue()


def _csv() -> bytes:
    rest = "Zoé;Anaïs;;Œuvray;;Féminin;14/03/2012;75056;;075;99100;ST;10110001110;2NDE A"
    rows = [f"12345678{i}FJ;{rest}" for i in range(10)]
    return template() + ("\r\n".join(rows) + "\r\n").encode("utf-8")


def valid_exports() -> list[tuple[str, bytes]]:
    """A bare XML export, the same deflated and stored in a zip, and a SIECLE-like CSV."""
    xml = siecle_xml([pupil(i) for i in range(1, 13)])
    return [
        ("ElevesSansAdresses.xml", xml),
        ("ExportXML_ElevesSansAdresses.zip", _zipped(xml, zipfile.ZIP_DEFLATED)),
        ("stored.zip", _zipped(xml, zipfile.ZIP_STORED)),
        ("eleves.csv", _csv()),
    ]


Mutation = Callable[[bytes], bytes]


@st.composite
def _mutation(draw: st.DrawFn, size: int) -> Mutation:
    kind = draw(st.sampled_from(["truncate", "flip", "insert", "overwrite", "delete"]))
    at = draw(st.integers(0, max(size - 1, 0)))
    if kind == "truncate":
        return lambda data: data[:at]
    if kind == "flip":
        bit = draw(st.integers(0, 7))
        return lambda data: data[:at] + bytes([data[at] ^ (1 << bit)]) + data[at + 1 :]
    if kind == "insert":
        extra = draw(st.binary(min_size=1, max_size=16))
        return lambda data: data[:at] + extra + data[at:]
    if kind == "overwrite":
        extra = draw(st.binary(min_size=1, max_size=64))
        return lambda data: data[:at] + extra + data[at + len(extra) :]
    length = draw(st.integers(1, 64))
    return lambda data: data[:at] + data[at + length :]


@st.composite
def damaged_exports(draw: st.DrawFn) -> tuple[str, bytes]:
    """(file name, bytes): a valid export with one to four mutations applied in turn."""
    name, data = draw(st.sampled_from(valid_exports()))
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        data = draw(_mutation(len(data)))(data)
    return name, data
