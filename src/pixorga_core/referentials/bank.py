"""An item bank as a CSV → a referential directory (``pixorga referentials from-bank``).

A researcher's calibrated bank is a CSV with a header: ``id``, ``a`` (discriminant, > 0), ``b``
(difficulty, on the θ scale), optionally ``c`` (guessing), ``skill``, ``tube`` and
``competence``. Each row becomes a challenge with those IRT parameters and a placeholder QCU
(right proposal: the first), fit for ``pixorga simulate``, not for pupils.

Without a ``skill`` column each item is its own skill; without ``tube`` each skill is its own
tube; without ``competence`` everything is in one competence, ``bank``. A skill's level is its
mean ``b`` + 4.5 rounded into 1 … 8 (the inverse of the default ``b = level − 4.5``), moved up
to the next free level when another skill of its tube already has it. ``c`` is kept as
``x-guessing`` on the challenge; the engine's model is 2PL and ignores it (see
:func:`bank_documents`). The target profile ``all`` holds every skill, ``competence-<id>`` each
competence.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from pixorga_core.domain.referential import DIFFICULTY_OFFSET
from pixorga_core.errors import InvalidInputError

MAX_LEVEL = 8
_ID = re.compile(r"[^a-z0-9._-]+")


@attrs.frozen
class BankDocuments:
    """The files of the referential: ``referential.json`` and one per competence."""

    main: dict[str, Any]
    competences: Mapping[str, dict[str, Any]]  #: relative path -> document
    items: int
    guessing: int  #: items with c > 0 (ignored by the 2PL engine)


def _identifier(raw: str, what: str, line: int) -> str:
    value = _ID.sub("-", raw.strip().lower()).strip("-._")
    if not value:
        raise InvalidInputError(f"line {line}: empty {what}", code="BAD_BANK")
    return value


def _number(row: Mapping[str, str], key: str, line: int, *, default: float | None = None) -> float:
    text = (row.get(key) or "").strip()
    if not text and default is not None:
        return default
    try:
        value = float(text)
    except ValueError:
        raise InvalidInputError(
            f"line {line}: {key} {text!r} is not a number", code="BAD_BANK"
        ) from None
    if not math.isfinite(value):
        raise InvalidInputError(f"line {line}: {key} must be finite", code="BAD_BANK")
    return value


def bank_documents(text: str, *, referential_id: str, name: str) -> BankDocuments:
    """The referential documents of the bank ``text`` (a CSV).

    :raises InvalidInputError: a missing column, a bad number, a duplicate id, a discriminant
        ≤ 0, a guessing parameter outside [0, 1), or a tube with more than 8 skills.
    """
    reader = csv.DictReader(io.StringIO(text))
    columns = {(c or "").strip().lower() for c in reader.fieldnames or ()}
    missing = [c for c in ("id", "a", "b") if c not in columns]
    if missing:
        msg = f"the bank needs the columns id, a and b (missing: {', '.join(missing)})"
        raise InvalidInputError(msg, code="BAD_BANK")
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    guessing = 0
    for line, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "") for k, v in raw.items()}
        item_id = _identifier(row["id"], "id", line)
        if item_id in seen:
            raise InvalidInputError(f"line {line}: id {item_id!r} twice", code="BAD_BANK")
        seen.add(item_id)
        a, b = _number(row, "a", line), _number(row, "b", line)
        c = _number(row, "c", line, default=0.0)
        if a <= 0:
            raise InvalidInputError(f"line {line}: a must be > 0, not {a}", code="BAD_BANK")
        if not 0 <= c < 1:
            raise InvalidInputError(f"line {line}: c must be in [0, 1), not {c}", code="BAD_BANK")
        guessing += c > 0
        skill = _identifier(row["skill"], "skill", line) if row.get("skill") else f"s-{item_id}"
        tube = _identifier(row["tube"], "tube", line) if row.get("tube") else f"t-{skill}"
        competence = (
            _identifier(row["competence"], "competence", line) if row.get("competence") else "bank"
        )
        items.append(
            {
                "id": item_id,
                "a": a,
                "b": b,
                "c": c,
                "skill": skill,
                "tube": tube,
                "comp": competence,
            }
        )
    if not items:
        raise InvalidInputError("the bank has no item", code="BAD_BANK")
    return _documents(items, referential_id, name, guessing)


def _levels(items: list[dict[str, Any]]) -> dict[str, int]:
    """skill -> level: mean b + 4.5, rounded into 1 … 8, distinct within a tube."""
    difficulties: dict[str, list[float]] = {}
    tube_of: dict[str, str] = {}
    for item in items:
        difficulties.setdefault(item["skill"], []).append(item["b"])
        tube_of.setdefault(item["skill"], item["tube"])
    by_tube: dict[str, list[tuple[float, str]]] = {}
    for skill, values in difficulties.items():
        by_tube.setdefault(tube_of[skill], []).append((sum(values) / len(values), skill))
    levels: dict[str, int] = {}
    for tube, skills in by_tube.items():
        if len(skills) > MAX_LEVEL:
            msg = f"tube {tube!r} has {len(skills)} skills: at most {MAX_LEVEL} (one per level)"
            raise InvalidInputError(msg, code="BAD_BANK")
        previous = 0
        for position, (mean_b, skill) in enumerate(sorted(skills)):
            wanted = min(MAX_LEVEL, max(1, round(mean_b + DIFFICULTY_OFFSET)))
            # Leave room for the harder skills still to place in this tube.
            level = min(max(wanted, previous + 1), MAX_LEVEL - (len(skills) - 1 - position))
            levels[skill] = previous = level
    return levels


def _documents(
    items: list[dict[str, Any]], referential_id: str, name: str, guessing: int
) -> BankDocuments:
    levels = _levels(items)
    competences: dict[str, dict[str, Any]] = {}
    tubes: dict[tuple[str, str], dict[str, Any]] = {}
    placed: set[str] = set()
    for item in items:
        document = competences.setdefault(
            item["comp"], {"competence": item["comp"], "tubes": [], "challenges": []}
        )
        tube = tubes.get((item["comp"], item["tube"]))
        if tube is None:
            tube = tubes[item["comp"], item["tube"]] = {"id": item["tube"], "skills": []}
            document["tubes"].append(tube)
        if item["skill"] not in placed:
            placed.add(item["skill"])
            tube["skills"].append({"id": item["skill"], "level": levels[item["skill"]]})
        challenge: dict[str, Any] = {
            "id": item["id"],
            "skill": item["skill"],
            "type": "QCU",
            "instruction": f"Item {item['id']} de la banque (épreuve de simulation).",
            "proposals": ["Bonne réponse", "Mauvaise réponse"],
            "solution": 1,
            "discriminant": item["a"],
            "difficulty": item["b"],
        }
        if item["c"]:
            challenge["x-guessing"] = item["c"]
        document["challenges"].append(challenge)
    for document in competences.values():
        for tube in document["tubes"]:
            tube["skills"].sort(key=lambda s: s["level"])
    main = {
        "format": "pixorga-referential/1",
        "id": referential_id,
        "name": name,
        "version": "bank",
        "language": "fr",
        "areas": [{"id": "area-bank", "code": "1", "name": "Banque d'items"}],
        "competences": [
            {
                "id": cid,
                "area": "area-bank",
                "code": cid,
                "name": cid,
                "file": f"competences/{cid}.json",
            }
            for cid in competences
        ],
        "target_profiles": [
            {"id": "all", "name": "Toute la banque", "competences": list(competences)},
            *(
                {"id": f"competence-{cid}", "name": f"Compétence {cid}", "competences": [cid]}
                for cid in competences
            ),
        ],
    }
    files = {f"competences/{cid}.json": doc for cid, doc in competences.items()}
    return BankDocuments(main, files, len(items), guessing)


def write_documents(documents: BankDocuments, directory: Path) -> None:
    """Write the referential into ``directory`` (created; existing files of the same name are
    replaced)."""
    (directory / "competences").mkdir(parents=True, exist_ok=True)
    (directory / "referential.json").write_text(
        json.dumps(documents.main, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    for relative, document in documents.competences.items():
        (directory / relative).write_text(
            json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
