"""Checking a pupil's answer against a challenge's solution, with the tolerances of open answers.

A response is what the pupil gave: for a QCU the 1-based index of the chosen proposal (an int,
or its digits as text); for a QCM the chosen indexes (a sequence of ints, or ``"1,3"``); for a
QROC the typed text; for a QROCM or a QROCM-dep a mapping of field key to typed text. ``None``
means the pupil skipped the challenge, which counts as a wrong answer.

Open answers are compared after the typography is normalised and the challenge's tolerances
applied (see :mod:`pixorga_core.engine.answer_text`): t1 ignores case, accents and every space,
t2 punctuation and symbols, and t3 forgives a typo of at most a quarter of the right answer's
length (Levenshtein distance, computed by rapidfuzz). A challenge with a ``number`` format
compares answers as numbers first. A QROCM-dep counts each group of accepted answers (one per
field) once, whatever the field it was typed in, and is right with ``min_correct`` groups found.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Union

import attrs
from rapidfuzz.distance import Levenshtein

from pixorga_core.domain.assessments import AnswerStatus
from pixorga_core.domain.referential import Challenge, ChallengeType, NumberFormat, Tolerance
from pixorga_core.engine.answer_text import normalize, parse_number
from pixorga_core.errors import InvalidInputError

__all__ = ["CheckedAnswer", "Response", "check_answer", "is_right", "matches", "normalize"]

#: Longest answer accepted, in characters (per field for a QROCM): longer ones are refused.
MAX_ANSWER_LENGTH = 1000
#: t3 accepts an answer within this many edits per character of the right answer.
TYPO_RATIO = 0.25

Response = Union[str, int, Sequence[int], Mapping[str, str], None]  # noqa: UP007 - runtime alias


@attrs.frozen
class CheckedAnswer:
    """The verdict on a response, and the response in canonical text form (None if skipped)."""

    status: AnswerStatus
    value: str | None


def check_answer(challenge: Challenge, response: Response) -> CheckedAnswer:
    """Check ``response`` against ``challenge``.

    :raises InvalidInputError: the response is too long (code ``ANSWER_TOO_LONG``), names a
        proposal or a field the challenge does not have, or does not fit the challenge type
        (code ``INVALID_ANSWER``). The message, in French, names the challenge.
    """
    if response is None:
        return CheckedAnswer(AnswerStatus.SKIPPED, None)
    if challenge.type is ChallengeType.QCU:
        chosen = _indexes(challenge, response, single=True)
        ok = chosen == [challenge.solution]
        return CheckedAnswer(_status(ok), str(chosen[0]))
    if challenge.type is ChallengeType.QCM:
        chosen = sorted(set(_indexes(challenge, response, single=False)))
        expected = sorted(challenge.solution) if isinstance(challenge.solution, tuple) else []
        return CheckedAnswer(_status(chosen == expected), ",".join(map(str, chosen)))
    if challenge.type is ChallengeType.QROC:
        text = _text(challenge, response)
        accepted = challenge.solution if isinstance(challenge.solution, tuple) else ()
        ok = matches(text, [str(a) for a in accepted], challenge.tolerances, challenge.number)
        return CheckedAnswer(_status(ok), text)
    return _check_fields(challenge, response)


def is_right(challenge: Challenge, response: object) -> bool:
    """Whether ``response`` is right; one that does not fit the challenge is not."""
    try:
        checked = check_answer(challenge, response)  # type: ignore[arg-type]
    except InvalidInputError:
        return False
    return checked.status is AnswerStatus.OK


def matches(
    text: str,
    accepted: Sequence[str],
    tolerances: frozenset[Tolerance],
    number: NumberFormat | None = None,
) -> bool:
    """Whether ``text`` is one of the ``accepted`` answers, under ``tolerances``.

    With a ``number`` format, an answer and an accepted answer that both read as numbers are
    compared as numbers (and only so); the others as text.
    """
    if number is not None:
        value = parse_number(text, number)
        if value is not None:
            return any(parse_number(a, number) == value for a in accepted)
    given = normalize(text, tolerances)
    for answer in accepted:
        expected = normalize(answer, tolerances)
        if not expected:
            # The right answer is punctuation only ("-"): compare it without t2.
            expected = normalize(answer, tolerances - {Tolerance.T2})
            if normalize(text, tolerances - {Tolerance.T2}) == expected:
                return True
            continue
        if given == expected:
            return True
        if Tolerance.T3 in tolerances and given:
            limit = int(TYPO_RATIO * len(expected))
            if limit and Levenshtein.distance(given, expected, score_cutoff=limit) <= limit:
                return True
    return False


def _status(ok: bool) -> AnswerStatus:
    return AnswerStatus.OK if ok else AnswerStatus.KO


def _refuse(challenge: Challenge, message: str, code: str = "INVALID_ANSWER") -> InvalidInputError:
    return InvalidInputError(
        f"Réponse refusée pour l'épreuve « {challenge.id} » : {message}",
        code=code,
        field_errors={"answer": message},
    )


def _check_length(challenge: Challenge, text: str) -> None:
    if len(text) > MAX_ANSWER_LENGTH:
        raise _refuse(
            challenge,
            f"la réponse est trop longue ({len(text)} caractères, {MAX_ANSWER_LENGTH} au plus).",
            code="ANSWER_TOO_LONG",
        )


def _text(challenge: Challenge, response: Response) -> str:
    if not isinstance(response, str):
        raise _refuse(challenge, "une réponse écrite (du texte) est attendue.")
    _check_length(challenge, response)
    return response


def _indexes(challenge: Challenge, response: Response, *, single: bool) -> list[int]:
    raw: list[object]
    if isinstance(response, str):
        _check_length(challenge, response)
        raw = [part.strip() for part in response.split(",") if part.strip()]
    elif isinstance(response, int) and not isinstance(response, bool):
        raw = [response]
    elif isinstance(response, Sequence) and not isinstance(response, str):
        if len(response) > MAX_ANSWER_LENGTH:
            raise _refuse(challenge, f"trop de propositions choisies ({len(response)}).")
        raw = list(response)
    else:
        raise _refuse(challenge, "le numéro d'une proposition est attendu.")
    if single and len(raw) != 1:
        raise _refuse(challenge, "une seule proposition doit être choisie.")
    indexes = []
    for item in raw:
        if isinstance(item, bool) or not (
            isinstance(item, int) or (isinstance(item, str) and item.isdigit())
        ):
            raise _refuse(challenge, f"« {str(item)[:40]} » n'est pas un numéro de proposition.")
        index = int(item)
        if not 1 <= index <= len(challenge.proposals):
            raise _refuse(
                challenge,
                f"la proposition {index} n'existe pas (il y en a {len(challenge.proposals)}).",
            )
        indexes.append(index)
    return indexes


def _check_fields(challenge: Challenge, response: Response) -> CheckedAnswer:
    if not isinstance(response, Mapping):
        raise _refuse(challenge, "une réponse par champ est attendue.")
    keys = {field.key for field in challenge.fields}
    unknown = sorted(str(k) for k in response if k not in keys)
    if unknown:
        raise _refuse(challenge, f"le champ « {unknown[0][:40]} » n'existe pas.")
    for value in response.values():
        if not isinstance(value, str):
            raise _refuse(challenge, "chaque champ attend du texte.")
        _check_length(challenge, value)
    if challenge.type is ChallengeType.QROCM_DEP:
        ok = _dependent_right(challenge, response)
    else:
        ok = all(
            matches(
                response.get(field.key, ""), field.solution, challenge.tolerances, challenge.number
            )
            for field in challenge.fields
        )
    value = "\n".join(f"{field.key}={response.get(field.key, '')}" for field in challenge.fields)
    return CheckedAnswer(_status(ok), value)


def _dependent_right(challenge: Challenge, response: Mapping[str, str]) -> bool:
    """Whether at least ``min_correct`` groups are found, each once, in any field."""
    answers = [response.get(field.key, "") for field in challenge.fields]
    groups = [field.solution for field in challenge.fields]
    fits = [
        [
            g
            for g, group in enumerate(groups)
            if answer.strip() and matches(answer, group, challenge.tolerances, challenge.number)
        ]
        for answer in answers
    ]
    needed = len(groups) if challenge.min_correct is None else challenge.min_correct
    return _matching_size(fits, len(groups)) >= needed


def _matching_size(fits: list[list[int]], groups: int) -> int:
    """Size of a maximum matching of answers to the groups they fit (augmenting paths)."""
    owner: list[int | None] = [None] * groups

    def place(answer: int, seen: set[int]) -> bool:
        for group in fits[answer]:
            if group in seen:
                continue
            seen.add(group)
            current = owner[group]
            if current is None or place(current, seen):
                owner[group] = answer
                return True
        return False

    return sum(place(answer, set()) for answer in range(len(fits)))
