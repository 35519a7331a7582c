"""Use cases. Each takes a Session (and the Hooks facade if it calls plugins); none commits."""

from __future__ import annotations
