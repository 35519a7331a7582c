"""Hook implementations of the ``siecle_import`` plugin — none yet.

In later issues this module will implement exactly one hook:

* :func:`~pixorga_core.hooks.pixorga_register_student_sources` — register the reader of the
  SIECLE export ``ElevesSansAdresses.xml`` (bare or zipped; formats.md §A, pix-rules §3.3) and
  the reader of the SIECLE-like CSV of agricultural schools (FREGATA; formats.md §A.8,
  pix-rules §3.5), the XML reader first since the CSV reader is the more generic one.

The readers themselves will live in their own modules of this package (an lxml streaming parser
producing :class:`~pixorga_core.domain.learners.LearnerRecord` values); this module will only
forward to them.
"""

from __future__ import annotations
