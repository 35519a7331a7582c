"""The competence framework, declared as far as the skill-selection hooks need it.

The full referential (areas, competences, tubes, tutorials, target profiles, file format) comes
with the adaptive-engine work; these classes are the contract algorithm plugins rely on.
"""

from __future__ import annotations

import enum

import attrs


class ChallengeType(enum.StrEnum):
    QCU = "QCU"  #: one right proposal
    QCM = "QCM"  #: several right proposals
    QROC = "QROC"  #: one short open answer
    QROCM = "QROCM"  #: several short open answers


@attrs.frozen(kw_only=True)
class Skill:
    """An "acquis": one thing to master, at a difficulty of 1 to 8 within a tube."""

    id: str
    name: str
    tube_id: str
    competence_id: str
    difficulty: int
    pix_value: float = 0.0


@attrs.frozen(kw_only=True)
class Challenge:
    """An "épreuve" assessing one skill. ``discriminant`` and ``difficulty`` feed IRT algorithms."""

    id: str
    skill_id: str
    type: ChallengeType
    timer_seconds: int | None = None
    discriminant: float | None = None
    difficulty: float | None = None

    @property
    def is_timed(self) -> bool:
        return self.timer_seconds is not None


@attrs.frozen(kw_only=True)
class Referential:
    """A set of skills and the challenges that assess them, published under an ``id``."""

    id: str
    name: str
    skills: tuple[Skill, ...] = ()
    challenges: tuple[Challenge, ...] = ()
