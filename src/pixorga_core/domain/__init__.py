"""Domain types: attrs classes with no I/O. Storage converts rows into these, never the reverse."""

from __future__ import annotations
