"""Answers to calibrate from: a CSV ``pupil,challenge,correct`` or a campaign's answers, checked
and turned into the pupils × items matrix of :func:`~pixorga_core.engine.calibration.fit_2pl`.

:func:`calibrate` refuses (:class:`~pixorga_core.errors.InvalidInputError`, nothing calibrated)
answers naming a challenge the referential does not have, and a pupil answering the same
challenge twice. It leaves out, with the reason, what the model cannot estimate: an item with
fewer than ``min_answers`` answers, an item every pupil got right (or wrong) — its difficulty
would be infinite — and an item whose discriminant falls to the floor (its answers do not rise
with ability); those keep their current parameters. A pupil left with no answer on the
remaining items brings no information and is left out too (counted). No item left: refused.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Sequence

import attrs
import numpy as np

from pixorga_core.engine.calibration import MIN_DISCRIMINANT, check_matrix, fit_2pl
from pixorga_core.errors import InvalidInputError

#: Fewest answers an item needs to be calibrated, by default.
MIN_ANSWERS = 30
_TRUE = {"1", "true", "yes", "ok", "vrai", "oui"}
_FALSE = {"0", "false", "no", "ko", "faux", "non", "skipped"}


@attrs.frozen
class Response:
    """One answer: who (any stable key of one test taker), which challenge, right or not."""

    pupil: str
    challenge_id: str
    correct: bool


@attrs.frozen
class ItemCalibration:
    challenge_id: str
    discriminant: float
    difficulty: float
    discriminant_se: float
    difficulty_se: float
    answers: int
    right: int


@attrs.frozen
class LeftOut:
    """An item answered but not calibrated, and why (English)."""

    challenge_id: str
    answers: int
    right: int
    reason: str


@attrs.frozen
class Calibration:
    items: tuple[ItemCalibration, ...]
    left_out: tuple[LeftOut, ...]
    pupils: int  #: pupils whose answers were used
    pupils_left_out: int  #: pupils with no answer on the calibrated items
    responses: int  #: answers used
    iterations: int
    converged: bool
    log_likelihood: float


def read_responses(text: str) -> list[Response]:
    """The answers of a CSV with the columns ``pupil``, ``challenge`` and ``correct`` (1/0,
    true/false, ok/ko; ``skipped`` counts as wrong, as in the engine).

    The ``-steps.csv`` file of ``pixorga simulate --csv`` is read too: ``right`` stands for
    ``correct``, its step-0 rows (no challenge, no answer) are skipped, and with an
    ``algorithm`` column each algorithm's test of a pupil is a test taker of its own.

    :raises InvalidInputError: a missing column, an empty pupil or challenge, a bad ``correct``;
        the message names the line.
    """
    reader = csv.DictReader(io.StringIO(text))
    columns = {(c or "").strip().lower(): c for c in reader.fieldnames or ()}
    if "correct" not in columns and "right" in columns:
        columns["correct"] = columns["right"]
    missing = [c for c in ("pupil", "challenge", "correct") if c not in columns]
    if missing:
        msg = (
            "the responses need the columns pupil, challenge and correct "
            f"(missing: {', '.join(missing)})"
        )
        raise InvalidInputError(msg, code="BAD_RESPONSES")
    algorithm = columns.get("algorithm")
    responses = []
    for line, row in enumerate(reader, start=2):
        pupil = (row.get(columns["pupil"]) or "").strip()
        challenge = (row.get(columns["challenge"]) or "").strip()
        correct = (row.get(columns["correct"]) or "").strip().lower()
        if algorithm is not None:
            if not challenge and not correct:
                continue  # a step-0 row of simulate's -steps.csv
            pupil = f"{(row.get(algorithm) or '').strip()}/{pupil}"
        if not pupil or not challenge:
            raise InvalidInputError(f"line {line}: empty pupil or challenge", code="BAD_RESPONSES")
        if correct not in _TRUE | _FALSE:
            msg = f"line {line}: correct {correct!r} is not 1 or 0 (true/false, ok/ko)"
            raise InvalidInputError(msg, code="BAD_RESPONSES")
        responses.append(Response(pupil, challenge, correct in _TRUE))
    return responses


def _names(ids: Collection[str]) -> str:
    shown = sorted(ids)[:5]
    more = f" and {len(ids) - 5} more" if len(ids) > 5 else ""
    return ", ".join(shown) + more


def calibrate(
    responses: Sequence[Response], known: Collection[str], *, min_answers: int = MIN_ANSWERS
) -> Calibration:
    """Calibrate every challenge of ``known`` (the referential's) that ``responses`` answer.

    :raises InvalidInputError: an unknown challenge, a pupil answering a challenge twice, no
        answer, or no item left to calibrate (the reasons are in the message).
    """
    if not responses:
        raise InvalidInputError("no answers to calibrate from", code="BAD_RESPONSES")
    unknown = {r.challenge_id for r in responses} - set(known)
    if unknown:
        msg = f"{len(unknown)} challenge(s) not in the referential: {_names(unknown)}"
        raise InvalidInputError(msg, code="UNKNOWN_CHALLENGE")
    pairs: dict[tuple[str, str], bool] = {}
    for r in responses:
        if (r.pupil, r.challenge_id) in pairs:
            msg = f"pupil {r.pupil!r} answered {r.challenge_id!r} twice"
            raise InvalidInputError(msg, code="BAD_RESPONSES")
        pairs[(r.pupil, r.challenge_id)] = r.correct
    counts: dict[str, list[int]] = {}
    for (_, challenge), correct in pairs.items():
        count = counts.setdefault(challenge, [0, 0])
        count[0] += 1
        count[1] += correct
    left_out = []
    kept = []
    for challenge in sorted(counts):
        answers, right = counts[challenge]
        if answers < min_answers:
            reason = f"only {answers} answers (at least {min_answers} needed)"
        elif right == answers:
            reason = "every answer is right: its difficulty cannot be estimated"
        elif right == 0:
            reason = "every answer is wrong: its difficulty cannot be estimated"
        else:
            kept.append(challenge)
            continue
        left_out.append(LeftOut(challenge, answers, right, reason))
    while True:  # refit without the items that do not discriminate (each pass drops one)
        if not kept:
            msg = "no item can be calibrated: " + "; ".join(
                f"{item.challenge_id}: {item.reason}" for item in left_out[:5]
            )
            raise InvalidInputError(msg, code="NOTHING_TO_CALIBRATE")
        column = {challenge: j for j, challenge in enumerate(kept)}
        pupils = sorted({p for p, c in pairs if c in column})
        row = {pupil: i for i, pupil in enumerate(pupils)}
        matrix = np.full((len(pupils), len(kept)), np.nan)
        for (pupil, challenge), correct in pairs.items():
            j = column.get(challenge)
            if j is not None:
                matrix[row[pupil], j] = 1.0 if correct else 0.0
        check_matrix(matrix)
        fit = fit_2pl(matrix)
        flat = [c for c, j in column.items() if fit.discriminant[j] <= MIN_DISCRIMINANT * 1.01]
        if not flat:
            break
        for challenge in flat:
            answers, right = counts[challenge]
            reason = "its answers do not rise with ability (discriminant at the floor)"
            left_out.append(LeftOut(challenge, answers, right, reason))
        kept = [c for c in kept if c not in flat]
    items = tuple(
        ItemCalibration(
            challenge,
            float(fit.discriminant[j]),
            float(fit.difficulty[j]),
            float(fit.discriminant_se[j]),
            float(fit.difficulty_se[j]),
            *counts[challenge],
        )
        for challenge, j in column.items()
    )
    all_pupils = {p for p, _ in pairs}
    return Calibration(
        items=items,
        left_out=tuple(sorted(left_out, key=lambda item: item.challenge_id)),
        pupils=len(pupils),
        pupils_left_out=len(all_pupils) - len(pupils),
        responses=int((~np.isnan(matrix)).sum()),
        iterations=fit.iterations,
        converged=fit.converged,
        log_likelihood=fit.log_likelihood,
    )
