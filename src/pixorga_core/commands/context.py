"""What every ``pixorga`` command shares: its context object and the way it reports errors."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import click

from pixorga_core.config import Settings
from pixorga_core.errors import InvalidInputError, PixorgaError
from pixorga_core.facade import Hooks

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

_F = TypeVar("_F", bound=Callable[..., Any])


@attrs.define
class CliContext:
    """What every command receives (``click.pass_obj``).

    :attr:`sessions` and :meth:`transaction` first check, once, that the database schema is the
    one this version of pixorga expects (:func:`~pixorga_core.commands.schema.require_current`):
    no command migrates it silently. :attr:`engine` is the raw engine, for ``pixorga db``.
    """

    settings: Settings
    hooks: Hooks
    _engine: Engine | None = attrs.field(default=None, init=False)
    _schema_checked: bool = attrs.field(default=False, init=False)

    @property
    def engine(self) -> Engine:
        """The database engine, created on first use; the schema is not checked."""
        if self._engine is None:
            from pixorga_core.storage.db import make_engine

            self._engine = make_engine(self.settings.database_url)
        return self._engine

    def require_current_schema(self) -> None:
        """Raise :class:`~pixorga_core.errors.SchemaOutOfDateError` unless the schema is current.

        Checked once per context; commands that use :attr:`sessions` or :meth:`transaction`
        need not call it.
        """
        if not self._schema_checked:
            from pixorga_core.commands.schema import require_current

            require_current(self.engine)
            self._schema_checked = True

    @property
    def sessions(self) -> sessionmaker[Session]:
        from pixorga_core.storage.db import make_sessionmaker

        self.require_current_schema()
        return make_sessionmaker(self.engine)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        from pixorga_core.storage.db import transaction

        with transaction(self.sessions) as session:
            yield session

    def close(self) -> None:
        """Close the database connections, if a command opened any."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def reports_errors(func: _F) -> _F:
    """Report a :class:`PixorgaError` the one way every command does: its message, exit status 1.

    No traceback; an :class:`InvalidInputError` also lists its fields' messages. Click prints the
    message on standard error after ``Error:``. Put it under ``@click.pass_obj``.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InvalidInputError as exc:
            lines = [exc.message, *(f"  {field}: {msg}" for field, msg in exc.field_errors.items())]
            raise click.ClickException("\n".join(lines)) from None
        except PixorgaError as exc:
            raise click.ClickException(exc.message) from None

    return wrapper  # type: ignore[return-value]
