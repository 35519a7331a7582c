"""Thin query helpers: a Session in, attrs domain objects out. They never commit."""

from __future__ import annotations
