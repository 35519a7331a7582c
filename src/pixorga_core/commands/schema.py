"""Is the database schema the one this pixorga expects? Answered without importing Alembic.

Commands check it before they touch the data (:meth:`CliContext.sessions
<pixorga_core.commands.context.CliContext.sessions>`), and so does the reference app's
``serve``; only ``pixorga db upgrade`` and ``pixorga demo`` migrate, and they say so. Importing
Alembic costs about as much as a 3 000-pupil import's own work, so the latest revision is read
from the migration scripts' ``revision`` and ``down_revision`` lines; a script those lines do not
describe (a merge of two branches) hands the question to Alembic.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import Engine, inspect, text

import pixorga_core.storage
from pixorga_core.errors import SchemaOutOfDateError

#: The Alembic scripts shipped in the package (``pixorga_core.storage.migrations``).
VERSIONS_DIR = Path(pixorga_core.storage.__file__).parent / "migrations" / "versions"
#: Alembic's table of applied revisions.
VERSION_TABLE = "alembic_version"

_REVISION = re.compile(r"""^revision(?:\s*:\s*str)?\s*=\s*['"]([^'"]+)['"]\s*$""", re.MULTILINE)
_DOWN_REVISION = re.compile(
    r"""^down_revision(?:\s*:[^=]+)?\s*=\s*(?:None|['"]([^'"]+)['"])\s*$""", re.MULTILINE
)


def script_revisions(directory: Path = VERSIONS_DIR) -> tuple[frozenset[str], frozenset[str]]:
    """(every revision, the heads) of the migration scripts in ``directory``."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted(directory.glob("*.py")):
        source = path.read_text("utf-8")
        revision = _REVISION.search(source)
        down = _DOWN_REVISION.search(source)
        if revision is None or down is None:
            return _alembic_revisions(directory)
        revisions.add(revision[1])
        if down[1]:
            parents.add(down[1])
    return frozenset(revisions), frozenset(revisions - parents)


def _alembic_revisions(directory: Path) -> tuple[frozenset[str], frozenset[str]]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(directory.parent))
    scripts = ScriptDirectory.from_config(config)
    return (
        frozenset(s.revision for s in scripts.walk_revisions()),
        frozenset(scripts.get_heads()),
    )


def database_revisions(engine: Engine) -> frozenset[str]:
    """The revisions recorded in the database (none when it has no schema yet)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            return frozenset()
        rows = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))  # noqa: S608
        return frozenset(str(row[0]) for row in rows)


def require_current(engine: Engine, directory: Path = VERSIONS_DIR) -> None:
    """Return if the database is at the latest revision, else explain what to do.

    :raises SchemaOutOfDateError: no schema, an older one (run ``pixorga db upgrade``), or one
        newer than this pixorga (upgrade pixorga).
    """
    known, heads = script_revisions(directory)
    current = database_revisions(engine)
    if current == heads:
        return
    found = ", ".join(sorted(current)) or "aucun"
    expected = ", ".join(sorted(heads))
    if current - known:
        raise SchemaOutOfDateError(
            f"Le schéma de la base de données (révision {found}) est plus récent que cette "
            f"version de pixorga (révision {expected}) : mettez pixorga à jour."
        )
    raise SchemaOutOfDateError(
        f"Le schéma de la base de données n'est pas à jour (révision {found}, attendue "
        f"{expected}) : lancez `pixorga db upgrade`."
    )
