"""Default identity matching: the reference system's algorithm (pix-rules §4.1).

1. The caller passes only learners born on the declared birthdate.
2. Names are normalised (:func:`pixorga_core.names.normalize_name`).
3. Distance ratio = Levenshtein(typed, reference) / len(typed).
4. Two passes: ratio 0 (exact after normalisation), then ratio 0.25.
5. In a pass, for each given-name slot (first, second, third name) keep the learners whose slot
   is close to the typed first name **and** whose last name or usage name is close to the typed
   last name. A slot counts only when exactly one learner matches it; the first such slot wins.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import Levenshtein

from pixorga_core.domain.learners import OrganizationLearner
from pixorga_core.domain.matching import DeclaredIdentity, MatchResult
from pixorga_core.hooks import hookimpl
from pixorga_core.names import normalize_name

#: Passes of the algorithm: the largest distance ratio accepted in each.
DISTANCE_RATIOS = (0.0, 0.25)


def _ratio(typed: str, reference: str | None) -> float:
    if not reference:
        return float("inf")
    if not typed:
        return 0.0 if not reference else float("inf")
    return Levenshtein.distance(typed, reference) / len(typed)


@hookimpl(trylast=True)
def pixorga_match_learner(
    declared: DeclaredIdentity, candidates: Sequence[OrganizationLearner]
) -> MatchResult:
    if not candidates:
        return MatchResult.not_found("aucun élève de l'établissement n'a cette date de naissance")
    first = normalize_name(declared.first_name)
    last = normalize_name(declared.last_name)
    if not first or not last:
        return MatchResult.not_found("le prénom ou le nom saisi est vide une fois normalisé")

    prepared = [
        (
            learner,
            [
                normalize_name(n) if n else None
                for n in (learner.first_name, learner.middle_name, learner.third_name)
            ],
            [normalize_name(n) for n in (learner.last_name, learner.preferred_last_name) if n],
        )
        for learner in candidates
    ]
    ambiguous = False
    for max_ratio in DISTANCE_RATIOS:
        for slot in range(3):
            matches = [
                learner
                for learner, given, family in prepared
                if _ratio(first, given[slot]) <= max_ratio
                and min((_ratio(last, f) for f in family), default=float("inf")) <= max_ratio
            ]
            if len(matches) == 1:
                return MatchResult.matched(
                    matches[0], reason=f"slot {slot + 1}, distance ratio ≤ {max_ratio}"
                )
            if len(matches) > 1:
                ambiguous = True
    if ambiguous:
        return MatchResult.ambiguous("plusieurs élèves correspondent au nom et prénom saisis")
    return MatchResult.not_found("aucun élève ne correspond au nom et prénom saisis")
