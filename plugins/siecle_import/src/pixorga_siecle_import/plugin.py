"""Hook implementations of the ``siecle_import`` plugin.

It implements exactly one hook, :func:`~pixorga_core.hooks.pixorga_register_student_sources`: it
registers the reader of the SIECLE XML export (bare or zipped; formats.md §A, pix-rules §3.3)
then the reader of the SIECLE-like CSV of agricultural schools (pix-rules §3.5). The readers live
in :mod:`~pixorga_siecle_import.xml_reader` and :mod:`~pixorga_siecle_import.csv_reader`.
"""

from __future__ import annotations

from pixorga_core.config import Settings
from pixorga_core.hooks import hookimpl
from pixorga_core.registries import StudentSourceRegistry
from pixorga_siecle_import.csv_reader import SiecleCsvSource
from pixorga_siecle_import.xml_reader import SiecleXmlSource


@hookimpl
def pixorga_register_student_sources(registry: StudentSourceRegistry, settings: Settings) -> None:
    registry.add(SiecleXmlSource())
    registry.add(SiecleCsvSource())
