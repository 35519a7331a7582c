"""Structural validation of referential files against the JSON Schema shipped as package data."""

from __future__ import annotations

import functools
import json
import re
from importlib.resources import files
from typing import Any

import jsonschema

from pixorga_core.referentials.problems import ReferentialProblem, element_id, json_path

#: The ``format`` value of the files this version reads.
FORMAT = "pixorga-referential/1"
_MAX_MESSAGE = 240


@functools.cache
def schema() -> dict[str, Any]:
    """The JSON Schema of the format (``referentials/schema.json``), as a dict."""
    text = files("pixorga_core.referentials").joinpath("schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@functools.cache
def _validator(definition: str) -> Any:
    document = dict(schema())
    document["$ref"] = f"#/$defs/{definition}"
    jsonschema.Draft202012Validator.check_schema(document)
    return jsonschema.Draft202012Validator(document)


def validate_referential_file(file: str, document: Any) -> list[ReferentialProblem]:
    """Problems of ``referential.json`` against ``$defs/referentialFile``."""
    return _problems(_validator("referentialFile"), file, document)


def validate_competence_file(file: str, document: Any) -> list[ReferentialProblem]:
    """Problems of a ``competences/<id>.json`` file against ``$defs/competenceFile``."""
    return _problems(_validator("competenceFile"), file, document)


def _forbidden_key(error: Any) -> str | None:
    """The key of a ``{"not": {"required": [key]}}`` failure (a key a challenge type forbids)."""
    value = error.validator_value
    if error.validator == "not" and isinstance(value, dict) and list(value) == ["required"]:
        return str(value["required"][0])
    return None


def _problems(validator: Any, file: str, document: Any) -> list[ReferentialProblem]:
    found = []
    for error in validator.iter_errors(document):
        parts = list(error.absolute_path)
        forbidden = _forbidden_key(error)
        if forbidden is not None:
            parts.append(forbidden)
        found.append(
            ReferentialProblem(
                file=file,
                path=json_path(parts),
                message=_message(error, document, parts),
                element=element_id(document, parts),
            )
        )
    return sorted(found, key=lambda p: (_sort_key(p.path), p.message))


def _sort_key(path: str) -> list[Any]:
    key: list[Any] = []
    for chunk in path.replace("[", ".[").split("."):
        if chunk.startswith("["):
            key.append((0, int(chunk[1:-1]), ""))
        elif chunk:
            key.append((1, 0, chunk))
    return key


def _message(error: Any, document: Any, parts: list[str | int]) -> str:
    """jsonschema's message, made shorter and clearer where it dumps whole objects."""
    forbidden = _forbidden_key(error)
    if forbidden is not None:
        kind = _challenge_type(document, parts[:-1])
        return f"key {forbidden!r} is not allowed" + (f" in a {kind} challenge" if kind else "")
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = error.schema.get("properties", {})
        patterns = list(error.schema.get("patternProperties", {}))
        extra = sorted(
            k
            for k in error.instance
            if k not in known and not any(re.search(p, k) for p in patterns)
        )
        keys = ", ".join(repr(k) for k in extra)
        return f"unknown key {keys} (free extension keys start with 'x-' or '_')"
    if error.validator == "anyOf" and parts[:1] == ["target_profiles"]:
        return "a target profile needs at least one of: competences, tubes, skills, profiles"
    if error.validator == "const" and parts == ["format"]:
        return f"format must be {FORMAT!r} (found {error.instance!r})"
    if error.validator in {"minItems", "maxItems"}:
        return f"{len(error.instance)} items, expected {error.validator} {error.validator_value}"
    message = str(error.message)
    if len(message) > _MAX_MESSAGE:
        message = message[: _MAX_MESSAGE - 1] + "…"
    return message


def _challenge_type(document: Any, parts: list[str | int]) -> str | None:
    node = document
    for part in parts:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    if isinstance(node, dict) and isinstance(node.get("type"), str):
        return str(node["type"])
    return None
