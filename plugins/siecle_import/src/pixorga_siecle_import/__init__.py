"""pixorga plugin: reads the schools' SIECLE pupil files (XML export, SIECLE-like CSV)."""

from __future__ import annotations
