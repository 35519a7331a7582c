"""SQLAlchemy 2 storage: typed models, engine and session factories, repositories, migrations."""

from __future__ import annotations
