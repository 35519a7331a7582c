"""Strict identity matching: exact names (after normalisation), no tolerance for typos.

For an academy that prefers a pupil retyping their name to a pupil linked to a classmate's record.
This module only defines hook implementations: importing it has no side effect.
"""

from __future__ import annotations

from collections.abc import Sequence

from pixorga_core import hookimpl
from pixorga_core.domain.learners import OrganizationLearner
from pixorga_core.domain.matching import DeclaredIdentity, MatchResult
from pixorga_core.names import normalize_name


@hookimpl
def pixorga_match_learner(
    declared: DeclaredIdentity, candidates: Sequence[OrganizationLearner]
) -> MatchResult | None:
    """Match on exact normalised names; defer to the next implementation when there is no one."""
    if not candidates:
        # Nobody has this birthdate: return None, so that the next implementation (in the end
        # pixorga's default) answers with its own "not found" message.
        return None
    first = normalize_name(declared.first_name)
    last = normalize_name(declared.last_name)
    if not first or not last:
        return MatchResult.not_found("le prénom ou le nom saisi est vide une fois normalisé")
    matches = [
        learner
        for learner in candidates
        if first in _normalized(learner.first_names)
        and last in _normalized((learner.last_name, learner.preferred_last_name))
    ]
    if len(matches) == 1:
        return MatchResult.matched(matches[0], reason="noms identiques")
    if matches:
        return MatchResult.ambiguous("plusieurs élèves portent exactement ces nom et prénom")
    # A non-None answer stops the call: the default's spelling tolerance never runs.
    return MatchResult.not_found("aucun élève ne porte exactement ces nom et prénom")


def _normalized(names: Sequence[str | None]) -> set[str]:
    return {normalize_name(name) for name in names if name}
