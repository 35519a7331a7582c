"""pixorga plugin: link pupils to their school record on exact names only."""

from __future__ import annotations
