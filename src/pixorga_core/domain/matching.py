"""Identity matching: a pupil declares who they are, pixorga finds them among imported pupils."""

from __future__ import annotations

import enum
from datetime import date

import attrs

from pixorga_core.domain.learners import OrganizationLearner


@attrs.frozen(kw_only=True)
class DeclaredIdentity:
    """What a pupil types when joining a closed campaign."""

    first_name: str
    last_name: str
    birthdate: date


class MatchOutcome(enum.StrEnum):
    MATCHED = "matched"
    NOT_FOUND = "not_found"  #: no candidate is close enough
    AMBIGUOUS = "ambiguous"  #: several candidates are equally close


@attrs.frozen(kw_only=True)
class MatchResult:
    """The learner a declared identity designates, or why there is none."""

    outcome: MatchOutcome
    learner: OrganizationLearner | None = None
    reason: str = ""

    def __attrs_post_init__(self) -> None:
        if (self.outcome is MatchOutcome.MATCHED) != (self.learner is not None):
            msg = "a MatchResult has a learner exactly when its outcome is MATCHED"
            raise ValueError(msg)

    @classmethod
    def matched(cls, learner: OrganizationLearner, reason: str = "") -> MatchResult:
        return cls(outcome=MatchOutcome.MATCHED, learner=learner, reason=reason)

    @classmethod
    def not_found(cls, reason: str) -> MatchResult:
        return cls(outcome=MatchOutcome.NOT_FOUND, reason=reason)

    @classmethod
    def ambiguous(cls, reason: str) -> MatchResult:
        return cls(outcome=MatchOutcome.AMBIGUOUS, reason=reason)
