"""Alembic environment: the connection comes from :mod:`pixorga_core.storage.migrate`."""

from __future__ import annotations

from alembic import context

from pixorga_core.storage.models import Base, render_alembic_item

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when alembic's own CLI is pointed here
    from pixorga_core.storage.db import make_engine

    url = config.get_main_option("sqlalchemy.url")
    assert url, "set sqlalchemy.url or use `pixorga db upgrade`"
    with make_engine(url).begin() as connection:
        context.configure(
            connection=connection, target_metadata=Base.metadata, render_as_batch=True
        )
        context.run_migrations()
else:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        render_item=render_alembic_item,
    )
    with context.begin_transaction():
        context.run_migrations()
