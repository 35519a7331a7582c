"""One storage idiom: only ``pixorga_core.storage.repositories`` touch the ORM models and tables.

Services and the engine receive a Session and call repositories; a static check over their
source (every ``import`` statement, ``TYPE_CHECKING`` ones included) keeps it so.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import pixorga_core

PACKAGE = Path(pixorga_core.__file__).parent
#: Modules only repositories may import.
STORAGE_INTERNALS = ("pixorga_core.storage.models", "pixorga_core.storage.bulk")
#: SQLAlchemy's query and table constructs: a module that imports them writes SQL itself.
SQL_CONSTRUCTS = frozenset(
    {"select", "insert", "update", "delete", "Table", "bindparam", "text", "func", "column"}
)
LAYERS = ("services", "engine")


def forbidden_imports(source: str) -> list[str]:
    """The imports of ``source`` that reach past the repositories, as ``line: what``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
            if node.module.split(".")[0] == "sqlalchemy":
                names = [
                    f"{node.module}.{alias.name}"
                    for alias in node.names
                    if alias.name in SQL_CONSTRUCTS
                ]
                found += [f"{node.lineno}: {name}" for name in names]
                continue
        else:
            continue
        found += [
            f"{node.lineno}: {name}"
            for name in names
            if any(name == m or name.startswith(m + ".") for m in STORAGE_INTERNALS)
        ]
    return found


def layer_modules() -> list[Path]:
    return sorted(p for layer in LAYERS for p in (PACKAGE / layer).rglob("*.py"))


def test_the_check_sees_every_way_of_importing_the_models() -> None:
    source = "\n".join(
        [
            "from pixorga_core.storage.models import OrganizationLearnerRow",
            "from pixorga_core.storage import models",
            "import pixorga_core.storage.models as m",
            "from sqlalchemy import select, Table",
            "from pixorga_core.storage.bulk import insert_rows",
            "from sqlalchemy.orm import Session",
            "from pixorga_core.storage.repositories import learners",
            "if TYPE_CHECKING:\n    from pixorga_core.storage.models import UserRow",
        ]
    )
    assert forbidden_imports(source) == [
        "1: pixorga_core.storage.models.OrganizationLearnerRow",
        "2: pixorga_core.storage.models",
        "3: pixorga_core.storage.models",
        "4: sqlalchemy.select",
        "4: sqlalchemy.Table",
        "5: pixorga_core.storage.bulk.insert_rows",
        "9: pixorga_core.storage.models.UserRow",
    ]


@pytest.mark.parametrize("path", layer_modules(), ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_services_and_engine_go_through_the_repositories(path: Path) -> None:
    assert forbidden_imports(path.read_text(encoding="utf-8")) == [], (
        f"{path.name} touches the ORM models or tables: move that code into "
        "pixorga_core.storage.repositories"
    )
