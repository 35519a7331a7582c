"""Can the right answer be guessed without reading? Key positions, key lengths, duplicates.

Per competence and over the whole referential:

- the positions of single-choice (QCU) keys, against a uniform draw: a question with ``n``
  proposals adds ``1/n`` to the expected count of each of its positions; a warning when
  Pearson's chi-square test rejects uniformity at :data:`SIGNIFICANCE` (1 %);
- the positions included in multiple-choice (QCM) key sets, the same way: a question with
  ``k`` keys among ``n`` adds ``k/n`` to each of its positions;
- a warning when the key of more than :data:`LONGEST_KEY_SHARE` of the QCU is strictly the
  longest proposal.

Across competences, questions with the same instruction or the same key set (the texts of the
right proposals, or the accepted answers) are reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from pixorga_core.domain.referential import Challenge, ChallengeType, Referential
from pixorga_core.names import base_letters
from pixorga_core.referentials.chi_square import chi_square_sf, chi_square_statistic

#: Significance level of the key-position tests.
SIGNIFICANCE = 0.01
#: Largest share of QCU whose key may be the strictly longest proposal.
LONGEST_KEY_SHARE = 1 / 3
#: Key sets shorter than this (in letters) are too common to call a duplicate ("Oui").
MIN_DUPLICATE_KEY_LETTERS = 12
_NOT_WORD = re.compile(r"[\W_]+")


def guessability_problems(referential: Referential) -> list[str]:
    """Warnings about keys that can be guessed, and about duplicated questions."""
    problems: list[str] = []
    for scope, challenges in _scopes(referential):
        problems.extend(key_position_problems(scope, challenges))
        problems.extend(longest_key_problems(scope, challenges))
    problems.extend(duplicate_problems(referential))
    return problems


def _scopes(referential: Referential) -> Iterator[tuple[str, Sequence[Challenge]]]:
    competence_of = {skill.id: skill.competence_id for skill in referential.skills}
    for competence in referential.competences:
        yield (
            f"competence {competence.id}",
            [c for c in referential.challenges if competence_of.get(c.skill_id) == competence.id],
        )
    yield f"referential {referential.id}", referential.challenges


def position_test(keys: Sequence[tuple[int, Sequence[int]]]) -> tuple[list[int], float]:
    """Observed key counts per position and the p-value of uniformity.

    ``keys`` holds, per question, its number of proposals and its key positions (1-based).
    """
    size = max((n for n, _ in keys), default=0)
    observed = [0] * size
    expected = [0.0] * size
    for n, positions in keys:
        for position in positions:
            observed[position - 1] += 1
        for i in range(n):
            expected[i] += len(positions) / n
    cells = sum(1 for e in expected if e > 0)
    if cells < 2:
        return observed, 1.0
    return observed, chi_square_sf(chi_square_statistic(observed, expected), cells - 1)


def key_position_problems(scope: str, challenges: Sequence[Challenge]) -> list[str]:
    problems = []
    single: list[tuple[int, Sequence[int]]] = []
    multiple: list[tuple[int, Sequence[int]]] = []
    for c in challenges:
        if c.type is ChallengeType.QCU and isinstance(c.solution, int):
            single.append((len(c.proposals), [c.solution]))
        elif c.type is ChallengeType.QCM and isinstance(c.solution, tuple):
            multiple.append((len(c.proposals), [int(i) for i in c.solution]))
    for noun, keys in (
        ("single-choice key positions", single),
        ("multiple-choice key sets", multiple),
    ):
        observed, p_value = position_test(keys)
        if p_value < SIGNIFICANCE:
            counts = ", ".join(f"{i + 1}: {count}" for i, count in enumerate(observed))
            problems.append(
                f"{scope}: {noun} are not spread evenly over the positions (p = {p_value:.2g} "
                f"< {SIGNIFICANCE:g}; keys per position {counts})"
            )
    return problems


def longest_key_problems(scope: str, challenges: Sequence[Challenge]) -> list[str]:
    single = [c for c in challenges if _is_qcu(c)]
    longest = [c.id for c in single if key_is_strictly_longest(c)]
    if single and len(longest) > LONGEST_KEY_SHARE * len(single):
        return [
            f"{scope}: the key is strictly the longest proposal in {len(longest)} of "
            f"{len(single)} single-choice questions (more than a third): "
            + ", ".join(longest[:8])
            + (" …" if len(longest) > 8 else "")
        ]
    return []


def key_is_strictly_longest(challenge: Challenge) -> bool:
    """Whether the QCU's key is longer than every other proposal."""
    assert isinstance(challenge.solution, int)
    key = len(challenge.proposals[challenge.solution - 1])
    others = [len(p) for i, p in enumerate(challenge.proposals, 1) if i != challenge.solution]
    return all(key > other for other in others)


def duplicate_problems(referential: Referential) -> list[str]:
    competence_of = {skill.id: skill.competence_id for skill in referential.skills}
    problems = []
    for what, key in (("instruction", _instruction_key), ("key set", _key_set)):
        seen: dict[object, Challenge] = {}
        for challenge in referential.challenges:
            found = key(challenge)
            if found is None:
                continue
            first = seen.setdefault(found, challenge)
            if competence_of.get(first.skill_id) != competence_of.get(challenge.skill_id):
                problems.append(
                    f"challenges {first.id} and {challenge.id}: same {what} in two competences"
                )
    return problems


def _is_qcu(challenge: Challenge) -> bool:
    return challenge.type is ChallengeType.QCU and isinstance(challenge.solution, int)


def _words(text: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", base_letters(text)).split())


def _instruction_key(challenge: Challenge) -> str | None:
    return _words(challenge.instruction) or None


def _key_set(challenge: Challenge) -> frozenset[str] | None:
    if challenge.type is ChallengeType.QCU and isinstance(challenge.solution, int):
        texts = [challenge.proposals[challenge.solution - 1]]
    elif challenge.type is ChallengeType.QCM and isinstance(challenge.solution, tuple):
        texts = [challenge.proposals[int(i) - 1] for i in challenge.solution]
    elif challenge.type is ChallengeType.QROC and isinstance(challenge.solution, tuple):
        texts = [str(challenge.solution[0])]
    else:
        texts = [field.solution[0] for field in challenge.fields]
    words = frozenset(_words(t) for t in texts)
    if sum(len(w) for w in words) < MIN_DUPLICATE_KEY_LETTERS:
        return None
    return words
