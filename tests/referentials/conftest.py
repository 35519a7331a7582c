from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
MINI = HERE / "mini"

#: mutate(referential.json, {file name: competence document}) edits the parsed files in place.
Mutation = Callable[[dict[str, Any], dict[str, dict[str, Any]]], None]


@pytest.fixture
def mini_copy(tmp_path: Path) -> Callable[[Mutation], Path]:
    """Copy the mini referential into tmp_path, apply a mutation to its JSON, return the dir."""

    def make(mutate: Mutation) -> Path:
        target = tmp_path / "ref"
        shutil.copytree(MINI, target)
        main = json.loads((target / "referential.json").read_text("utf-8"))
        docs = {
            p.name: json.loads(p.read_text("utf-8"))
            for p in sorted((target / "competences").glob("*.json"))
        }
        mutate(main, docs)
        (target / "referential.json").write_text(json.dumps(main, ensure_ascii=False), "utf-8")
        for name, doc in docs.items():
            (target / "competences" / name).write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
        return target

    return make
