"""Loading a referential directory (``referential.json`` + ``competences/*.json``).

:func:`load_referential` reads the files, validates each against the JSON Schema, then runs the
semantic checks of :mod:`pixorga_core.referentials.checks`, and raises one
:class:`~pixorga_core.errors.ReferentialError` listing every problem found (file, JSON path,
element id). Only a valid referential becomes a
:class:`~pixorga_core.domain.referential.Referential`.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pixorga_core.domain.referential import (
    PIX_PER_LEVEL,
    AnswerExamples,
    Area,
    Challenge,
    ChallengeType,
    Competence,
    Document,
    ExampleAnswer,
    Field,
    Illustration,
    NumberFormat,
    Referential,
    Skill,
    TargetProfile,
    Tolerance,
    Tube,
    Tutorial,
)
from pixorga_core.referentials.checks import (
    REFERENTIAL_FILE,
    CompetenceFile,
    check,
    resolve_profile_skills,
)
from pixorga_core.referentials.problems import ReferentialProblem, json_path, raise_if_any
from pixorga_core.referentials.schema import validate_competence_file, validate_referential_file


def load_referential(directory: Traversable | str | os.PathLike[str]) -> Referential:
    """Load and validate the referential in ``directory`` (a path or an importlib resource).

    :raises ReferentialError: the directory, a file or an element is missing or invalid; the
        message lists every problem with its file, JSON path and element id.
    """
    root: Traversable = directory if isinstance(directory, Traversable) else Path(directory)
    source = str(directory)
    problems: list[ReferentialProblem] = []
    main = _read_json(root, REFERENTIAL_FILE, problems)
    if main is None:
        raise_if_any(source, problems)
    problems.extend(validate_referential_file(REFERENTIAL_FILE, main))
    raise_if_any(source, problems)

    competence_files: list[CompetenceFile] = []
    for index, competence in enumerate(main["competences"]):
        document = _read_json(
            root, competence["file"], problems, named_at=("competences", index, "file")
        )
        if document is None:
            continue
        problems.extend(validate_competence_file(competence["file"], document))
        competence_files.append(
            CompetenceFile(competence["id"], competence["file"], index, document)
        )
    raise_if_any(source, problems)
    raise_if_any(source, check(main, competence_files))
    return _build(main, competence_files)


def _read_json(
    root: Traversable,
    name: str,
    problems: list[ReferentialProblem],
    named_at: tuple[str | int, ...] = (),
) -> Any:
    where = f" (named at {REFERENTIAL_FILE}: {json_path(named_at)})" if named_at else ""
    node = root
    for part in name.split("/"):
        node = node.joinpath(part)
    if not node.is_file():
        problems.append(ReferentialProblem(name, "$", f"file not found{where}"))
        return None
    try:
        return json.loads(node.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        problems.append(ReferentialProblem(name, "$", f"not UTF-8 text: {exc}"))
    except json.JSONDecodeError as exc:
        problems.append(
            ReferentialProblem(
                name, "$", f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
            )
        )
    return None


def _build(main: dict[str, Any], competence_files: list[CompetenceFile]) -> Referential:
    areas = tuple(
        Area(id=a["id"], code=a.get("code", a["id"]), name=a["name"]) for a in main["areas"]
    )
    competences = tuple(
        Competence(id=c["id"], area_id=c["area"], code=c.get("code", c["id"]), name=c["name"])
        for c in main["competences"]
    )
    tubes: list[Tube] = []
    raw_skills: list[tuple[dict[str, Any], dict[str, Any], str]] = []
    for cf in competence_files:
        for tube in cf.document["tubes"]:
            tubes.append(
                Tube(
                    id=tube["id"],
                    competence_id=cf.competence_id,
                    name=tube.get("name", tube["id"]),
                    title=tube.get("title", ""),
                    description=tube.get("description", ""),
                )
            )
            raw_skills.extend((skill, tube, cf.competence_id) for skill in tube["skills"])

    per_level = Counter((competence, skill["level"]) for skill, _, competence in raw_skills)
    skills = tuple(
        Skill(
            id=skill["id"],
            name=skill.get("name", f"{tube.get('name', tube['id'])}{skill['level']}"),
            tube_id=tube["id"],
            competence_id=competence,
            difficulty=skill["level"],
            pix_value=PIX_PER_LEVEL / per_level[(competence, skill["level"])],
            hint=skill.get("hint"),
        )
        for skill, tube, competence in raw_skills
    )
    levels = {skill.id: skill.difficulty for skill in skills}
    challenges = tuple(
        _challenge(raw, levels[raw["skill"]])
        for cf in competence_files
        for raw in cf.document.get("challenges", [])
    )
    skills_by_tube: dict[str, list[str]] = {}
    for skill in skills:
        skills_by_tube.setdefault(skill.tube_id, []).append(skill.id)
    tutorials = tuple(
        Tutorial(
            id=t["id"],
            tube_id=t["tube"],
            skill_ids=tuple(t.get("skills") or skills_by_tube.get(t["tube"], [])),
            title=t["title"],
            content=t["content"],
            duration_minutes=t.get("duration_minutes"),
        )
        for cf in competence_files
        for t in cf.document.get("tutorials", [])
    )
    ordered = [(s.id, s.tube_id, s.competence_id, s.difficulty) for s in skills]
    profiles = tuple(
        TargetProfile(
            id=p["id"],
            name=p["name"],
            description=p.get("description", ""),
            skill_ids=tuple(resolve_profile_skills(p["id"], main, ordered)),
        )
        for p in main["target_profiles"]
    )
    return Referential(
        id=main["id"],
        name=main["name"],
        version=main.get("version", ""),
        language=main.get("language", "fr"),
        areas=areas,
        competences=competences,
        tubes=tuple(tubes),
        skills=skills,
        challenges=challenges,
        tutorials=tutorials,
        target_profiles=profiles,
    )


def _challenge(raw: dict[str, Any], level: int) -> Challenge:
    kind = ChallengeType(raw["type"])
    solution: int | tuple[int, ...] | tuple[str, ...] | None
    if kind is ChallengeType.QCU:
        solution = int(raw["solution"])
    elif kind is ChallengeType.QCM:
        solution = tuple(sorted(int(i) for i in raw["solution"]))
    elif kind is ChallengeType.QROC:
        solution = tuple(str(s) for s in raw["solution"])
    else:
        solution = None
    illustration = raw.get("illustration")
    document = raw.get("document")
    tolerances = raw.get("tolerances")
    return Challenge(
        id=raw["id"],
        skill_id=raw["skill"],
        type=kind,
        timer_seconds=raw.get("timer_seconds"),
        discriminant=raw.get("discriminant"),
        difficulty=raw.get("difficulty"),
        instruction=raw["instruction"],
        proposals=tuple(raw.get("proposals", ())),
        solution=solution,
        fields=tuple(
            Field(key=f["key"], label=f["label"], solution=tuple(f["solution"]))
            for f in raw.get("fields", ())
        ),
        tolerances=frozenset(Tolerance)
        if tolerances is None
        else frozenset(Tolerance(t) for t in tolerances),
        min_correct=raw.get("min_correct"),
        number=_number(raw.get("number")),
        examples=_examples(raw.get("examples")),
        placeholder=raw.get("placeholder"),
        illustration=None
        if illustration is None
        else Illustration(alt=illustration["alt"], svg=illustration["svg"]),
        document=None
        if document is None
        else Document(title=document["title"], content=document["content"]),
        skill_level=level,
    )


def _number(raw: Any) -> NumberFormat | None:
    if raw is None:
        return None
    return NumberFormat(units=tuple(raw.get("units", ())) if isinstance(raw, dict) else ())


def _examples(raw: Any) -> AnswerExamples | None:
    if raw is None:
        return None

    def one(example: Any) -> ExampleAnswer:
        if isinstance(example, str):
            return example
        return tuple((str(k), str(v)) for k, v in example.items())

    return AnswerExamples(
        accepted=tuple(one(e) for e in raw.get("accepted", ())),
        refused=tuple(one(e) for e in raw.get("refused", ())),
    )
