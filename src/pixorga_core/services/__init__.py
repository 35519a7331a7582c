"""Use cases. Each takes a Session (and the Hooks facade when it calls plugins) and never commits."""

from __future__ import annotations
