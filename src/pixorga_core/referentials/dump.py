"""A loaded :class:`~pixorga_core.domain.referential.Referential` back into its files.

:func:`referential_documents` is the inverse of :func:`~pixorga_core.referentials.loader
.load_referential`: loading what it writes gives an equal referential (a test checks it on the
demo). What the loader does not keep is not written back: ``x-``/``_`` extensions, and the way a
target profile or a tutorial named its skills (by competence, tube, level cap…): they are
written as their resolved skill lists, which select the same skills. ``pixorga calibrate``
writes a new version of a referential this way, with ``extensions`` on its challenges.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pixorga_core.domain.referential import (
    ALL_TOLERANCES,
    AnswerExamples,
    Challenge,
    ChallengeType,
    ExampleAnswer,
    Referential,
)
from pixorga_core.referentials.bank import BankDocuments


def _optional(document: dict[str, Any], key: str, value: Any, default: Any = None) -> None:
    if value != default:
        document[key] = value


def _example(example: ExampleAnswer) -> Any:
    return example if isinstance(example, str) else dict(example)


def _examples(examples: AnswerExamples) -> dict[str, Any]:
    return {
        "accepted": [_example(e) for e in examples.accepted],
        "refused": [_example(e) for e in examples.refused],
    }


def challenge_document(challenge: Challenge) -> dict[str, Any]:
    """One challenge as the competence file writes it."""
    document: dict[str, Any] = {
        "id": challenge.id,
        "skill": challenge.skill_id,
        "type": challenge.type.value,
        "instruction": challenge.instruction,
    }
    _optional(document, "timer_seconds", challenge.timer_seconds)
    _optional(document, "discriminant", challenge.discriminant)
    _optional(document, "difficulty", challenge.difficulty)
    if challenge.proposals:
        document["proposals"] = list(challenge.proposals)
    if challenge.type is ChallengeType.QCU:
        document["solution"] = challenge.solution
    elif challenge.type in (ChallengeType.QCM, ChallengeType.QROC):
        assert isinstance(challenge.solution, tuple)
        document["solution"] = list(challenge.solution)
    if challenge.fields:
        document["fields"] = [
            {"key": f.key, "label": f.label, "solution": list(f.solution)} for f in challenge.fields
        ]
    if challenge.tolerances != ALL_TOLERANCES:
        document["tolerances"] = sorted(t.value for t in challenge.tolerances)
    _optional(document, "min_correct", challenge.min_correct)
    if challenge.number is not None:
        document["number"] = (
            {"units": list(challenge.number.units)} if challenge.number.units else True
        )
    if challenge.examples is not None:
        document["examples"] = _examples(challenge.examples)
    _optional(document, "placeholder", challenge.placeholder)
    if challenge.illustration is not None:
        document["illustration"] = {
            "alt": challenge.illustration.alt,
            "svg": challenge.illustration.svg,
        }
    if challenge.document is not None:
        document["document"] = {
            "title": challenge.document.title,
            "content": challenge.document.content,
        }
    return document


def referential_documents(
    referential: Referential,
    *,
    version: str | None = None,
    extensions: Mapping[str, Mapping[str, Any]] | None = None,
    challenges: Mapping[str, Challenge] | None = None,
    main_extensions: Mapping[str, Any] | None = None,
) -> BankDocuments:
    """The files of ``referential`` (``referential.json`` and one file per competence).

    ``version`` replaces its version; ``challenges`` replaces challenges by id (e.g. with new
    IRT parameters); ``extensions`` adds ``x-`` keys to challenges by id, ``main_extensions``
    to ``referential.json``. Write them with :func:`~pixorga_core.referentials.bank
    .write_documents`.
    """
    replaced = challenges or {}
    added = extensions or {}
    files = {c.id: f"competences/{c.id}.json" for c in referential.competences}
    main: dict[str, Any] = {
        "format": "pixorga-referential/1",
        "id": referential.id,
        "name": referential.name,
        "version": referential.version if version is None else version,
        "language": referential.language,
        "areas": [{"id": a.id, "code": a.code, "name": a.name} for a in referential.areas],
        "competences": [
            {"id": c.id, "area": c.area_id, "code": c.code, "name": c.name, "file": files[c.id]}
            for c in referential.competences
        ],
        "target_profiles": [
            {"id": p.id, "name": p.name, "description": p.description, "skills": list(p.skill_ids)}
            for p in referential.target_profiles
        ],
        **dict(main_extensions or {}),
    }
    competences: dict[str, dict[str, Any]] = {
        c.id: {"competence": c.id, "tubes": [], "challenges": [], "tutorials": []}
        for c in referential.competences
    }
    tubes: dict[str, dict[str, Any]] = {}
    for tube in referential.tubes:
        tubes[tube.id] = {
            "id": tube.id,
            "name": tube.name,
            "title": tube.title,
            "description": tube.description,
            "skills": [],
        }
        competences[tube.competence_id]["tubes"].append(tubes[tube.id])
    for skill in referential.skills:
        document: dict[str, Any] = {"id": skill.id, "name": skill.name, "level": skill.difficulty}
        _optional(document, "hint", skill.hint)
        tubes[skill.tube_id]["skills"].append(document)
    competence_of = {s.id: s.competence_id for s in referential.skills}
    for challenge in referential.challenges:
        written = challenge_document(replaced.get(challenge.id, challenge))
        written.update(added.get(challenge.id, {}))
        competences[competence_of[challenge.skill_id]]["challenges"].append(written)
    tube_competence = {t.id: t.competence_id for t in referential.tubes}
    for tutorial in referential.tutorials:
        document = {
            "id": tutorial.id,
            "tube": tutorial.tube_id,
            "skills": list(tutorial.skill_ids),
            "title": tutorial.title,
            "content": tutorial.content,
        }
        _optional(document, "duration_minutes", tutorial.duration_minutes)
        competences[tube_competence[tutorial.tube_id]]["tutorials"].append(document)
    documents = {files[cid]: document for cid, document in competences.items()}
    return BankDocuments(main, documents, len(referential.challenges), 0)
