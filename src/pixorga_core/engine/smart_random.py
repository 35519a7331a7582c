"""Smart Random, the default algorithm: the reference system's knowledge-element based rules.

First challenge: among the target skills that still have an unanswered challenge ("playable")
and are not assessed, keep those of easy tubes (hardest skill at level 3 or less) when there are
any, drop timed skills, and keep the skills at level 2 if any, else the easiest level.

Next challenges: estimate the pupil's level (0.5 to 7.5, step 0.5) from the direct knowledge
elements plus two virtual answers (level 0 solved, level 7 failed), as the level that brings
Σ(outcome − logistic(level − difficulty)) closest to 0. Keep playable, not assessed skills; easy
tubes first; no timed skill right after a timed challenge (unless only timed ones are left); no
skill more than 2 levels above the estimate. Each remaining skill's reward is
p·(untested skills of its tube at or below its level) + (1 − p)·(untested skills at or above it),
p = logistic(estimate − difficulty); the skills with the highest reward are kept, and a challenge
is drawn at random (from ``rng``) among their unanswered challenges. No skill left: the end.

Optional stops (off by default, beyond the reference system): ``max_challenges`` ends the
assessment after that many answers; with ``stop_confidence``, after
at least ``min_challenges`` answers, the assessment ends when no remaining skill can change a
mastery decision at that confidence — when, for every target skill not assessed yet that still
has a challenge, the model's probability of mastery p = logistic(estimate − level) is at least
``stop_confidence`` or at most 1 − ``stop_confidence``. Those skills are then decided by the
estimate (mastered when it reaches their level), as the simulator does.
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import attrs

from pixorga_core.domain.assessments import (
    AssessmentState,
    KnowledgeElementSource,
    KnowledgeElementStatus,
    Lookups,
)
from pixorga_core.domain.referential import DIFFICULTY_OFFSET, Challenge, Skill
from pixorga_core.plugin_options import InvalidOptionError, evolve_options

#: Level of the first challenge's skill, when the profile has one at that level.
DEFAULT_LEVEL_FOR_FIRST_CHALLENGE = 2
#: A tube whose hardest skill is at this level or below is "easy" and comes first.
MAX_LEVEL_TO_BE_AN_EASY_TUBE = 3
#: Skills more than this many levels above the estimate are not proposed.
MAX_DIFF_BETWEEN_USER_LEVEL_AND_SKILL_LEVEL = 2
#: Levels the estimate chooses from: 0.5, 1, …, 7.5.
CANDIDATE_LEVELS = tuple(0.5 * i for i in range(1, 16))
#: The two virtual answers added to every estimate: (difficulty, outcome).
VIRTUAL_ANSWERS = ((0, 1), (7, 0))


def logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


#: logistic(level − d) for the candidate levels and the levels 0 … 8: the same values, looked up.
_LOGISTIC = {level: {float(d): logistic(level - d) for d in range(9)} for level in CANDIDATE_LEVELS}


@attrs.frozen
class Selection:
    """What one Smart Random step found: the estimated level and the best skills (may be empty)."""

    level: float
    skills: tuple[Skill, ...]


@attrs.frozen
class _Context:
    playable: dict[str, list[Challenge]]  # skill id -> unanswered challenges, referential order
    tubes: dict[str, list[Skill]]  # tube id -> target skills that have challenges
    tested: frozenset[str]


@attrs.frozen
class _Profile:
    """What does not change during an assessment: computed once per target profile."""

    by_skill: dict[str, list[Challenge]]  # skill id -> its challenges, referential order
    tubes: dict[str, list[Skill]]  # tube id -> target skills that have challenges

    @classmethod
    def of(cls, lookups: Lookups) -> _Profile:
        by_skill: dict[str, list[Challenge]] = {}
        for challenge in lookups.challenges:
            by_skill.setdefault(challenge.skill_id, []).append(challenge)
        tubes: dict[str, list[Skill]] = {}
        for skill in lookups.skills:
            if skill.id in by_skill:
                tubes.setdefault(skill.tube_id, []).append(skill)
        return cls(by_skill, tubes)


def _context(state: AssessmentState) -> _Context:
    profile = state.lookups.memo("smart-random", _Profile.of)
    answered = state.answered_challenge_ids
    # Same content and order as a pass over every challenge: only the answered ones' skills
    # change.
    playable = dict(profile.by_skill)
    by_id = state.challenges_by_id
    for skill_id in {by_id[c].skill_id for c in answered if c in by_id}:
        left = [c for c in profile.by_skill[skill_id] if c.id not in answered]
        if left:
            playable[skill_id] = left
        else:
            del playable[skill_id]
    return _Context(playable, profile.tubes, frozenset(state.knowledge_by_skill))


def estimate_level(state: AssessmentState) -> float:
    """The estimated level (0.5 to 7.5) from the direct knowledge elements of target skills."""
    outcomes = [
        (
            float(state.skills_by_id[ke.skill_id].difficulty),
            1.0 if ke.status is KnowledgeElementStatus.VALIDATED else 0.0,
        )
        for ke in state.knowledge_elements
        if ke.source is KnowledgeElementSource.DIRECT and ke.skill_id in state.skills_by_id
    ]
    outcomes.extend((float(d), float(o)) for d, o in VIRTUAL_ANSWERS)
    best, best_score = CANDIDATE_LEVELS[0], -math.inf
    for level in CANDIDATE_LEVELS:
        table = _LOGISTIC[level]
        score = -abs(
            sum(outcome - (table.get(d) or logistic(level - d)) for d, outcome in outcomes)
        )
        if score > best_score:  # the first of equal scores wins
            best, best_score = level, score
    return best


def select_skills(state: AssessmentState) -> Selection:
    """The skills Smart Random would choose from next, and the estimated level."""
    ctx = _context(state)
    candidates = [s for s in state.target_skills if s.id in ctx.playable and s.id not in ctx.tested]
    candidates = _easy_tubes_first(candidates, ctx)
    if not state.answers:
        candidates = _without_timed(candidates, ctx, always=True)
        return Selection(float(DEFAULT_LEVEL_FOR_FIRST_CHALLENGE), _default_level(candidates))
    level = estimate_level(state)
    last = state.challenges_by_id.get(state.answers[-1].challenge_id)
    candidates = _without_timed(candidates, ctx, always=last is not None and last.is_timed)
    candidates = [
        s for s in candidates if s.difficulty - level <= MAX_DIFF_BETWEEN_USER_LEVEL_AND_SKILL_LEVEL
    ]
    return Selection(level, _max_reward(candidates, level, ctx))


def _easy_tubes_first(skills: list[Skill], ctx: _Context) -> list[Skill]:
    easy = {
        tube_id
        for tube_id, members in ctx.tubes.items()
        if max(s.difficulty for s in members) <= MAX_LEVEL_TO_BE_AN_EASY_TUBE
    }
    in_easy = [s for s in skills if s.tube_id in easy]
    return in_easy or skills


def _is_timed(skill: Skill, ctx: _Context) -> bool:
    # As in the reference system, a skill is timed when its first available challenge is.
    return ctx.playable[skill.id][0].is_timed


def _without_timed(skills: list[Skill], ctx: _Context, *, always: bool) -> list[Skill]:
    if not always:
        return skills
    untimed = [s for s in skills if not _is_timed(s, ctx)]
    return untimed or skills


def _default_level(skills: Sequence[Skill]) -> tuple[Skill, ...]:
    if not skills:
        return ()
    levels = {s.difficulty for s in skills}
    focus = (
        DEFAULT_LEVEL_FOR_FIRST_CHALLENGE
        if DEFAULT_LEVEL_FOR_FIRST_CHALLENGE in levels
        else min(levels)
    )
    return tuple(s for s in skills if s.difficulty == focus)


def _max_reward(skills: list[Skill], level: float, ctx: _Context) -> tuple[Skill, ...]:
    best: list[Skill] = []
    best_reward = -math.inf
    untested: dict[str, list[int]] = {}  # tube -> difficulties of its untested skills, sorted
    for skill in skills:
        levels = untested.get(skill.tube_id)
        if levels is None:
            tube = ctx.tubes.get(skill.tube_id, [])
            levels = untested[skill.tube_id] = sorted(
                s.difficulty for s in tube if s.id not in ctx.tested
            )
        easier = bisect.bisect_right(levels, skill.difficulty)
        harder = len(levels) - bisect.bisect_left(levels, skill.difficulty)
        p = logistic(level - skill.difficulty)
        reward = p * easier + (1 - p) * harder
        if reward > best_reward:
            best, best_reward = [skill], reward
        elif reward == best_reward:
            best.append(skill)
    return tuple(s for s in best if best_reward != 0)


def _confidence(_instance: object, attribute: attrs.Attribute[Any], value: float | None) -> None:
    if value is not None and not 0.5 < value < 1:
        raise InvalidOptionError(attribute.name, f"must be between 0.5 and 1, not {value}")


def _not_negative(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 0:
        raise InvalidOptionError(attribute.name, f"must be at least 0, not {value}")


def decided_by_the_estimate(state: AssessmentState, confidence: float) -> bool:
    """Whether every remaining skill's mastery is settled at ``confidence`` by the estimate."""
    ctx = _context(state)
    level = estimate_level(state)
    for skill in state.target_skills:
        if skill.id in ctx.playable and skill.id not in ctx.tested:
            p = logistic(level - skill.difficulty)
            if 1 - confidence < p < confidence:
                return False
    return True


def _positive_or_none(
    _instance: object, attribute: attrs.Attribute[Any], value: int | None
) -> None:
    if value is not None and value < 1:
        raise InvalidOptionError(attribute.name, f"must be at least 1, not {value}")


@attrs.frozen(kw_only=True)
class SmartRandomOptions:
    """Smart Random's options: ``[plugins.smart-random]`` of the settings, a campaign's,
    ``simulate``'s. The defaults are the reference system's: no early stop, no length limit.
    """

    #: End once every remaining skill is decided at this confidence (0.5 … 1); None: never.
    stop_confidence: float | None = attrs.field(default=None, validator=_confidence)
    #: No early stop before this many answers.
    min_challenges: int = attrs.field(default=0, validator=_not_negative)
    #: End after this many answers; None: when no skill is left (the reference system).
    max_challenges: int | None = attrs.field(default=None, validator=_positive_or_none)


@attrs.frozen(kw_only=True)
class SmartRandom(SmartRandomOptions):
    """The default algorithm (follows :class:`~pixorga_core.registries.AssessmentAlgorithm`).

    Built with the options of :class:`SmartRandomOptions` as keywords
    (``SmartRandom(stop_confidence=0.7)``), from settings with :meth:`from_options`;
    :meth:`with_options` returns a copy with some changed (a campaign's, ``pixorga simulate
    --algorithm smart-random:stop_confidence=0.7``).
    """

    name: ClassVar[str] = "smart-random"
    label: ClassVar[str] = "Smart Random (parcours adaptatif par acquis)"

    @classmethod
    def from_options(cls, options: SmartRandomOptions) -> SmartRandom:
        return cls(**{f.name: getattr(options, f.name) for f in attrs.fields(SmartRandomOptions)})

    def options(self) -> SmartRandomOptions:
        values = {f.name: getattr(self, f.name) for f in attrs.fields(SmartRandomOptions)}
        return SmartRandomOptions(**values)

    def with_options(self, overrides: Mapping[str, Any], *, origin: str = "options") -> SmartRandom:
        """A Smart Random with ``overrides`` applied; ConfigurationError names a bad one."""
        options = evolve_options("smart-random", self.options(), overrides, origin=origin)
        return self.from_options(options)

    def next_challenge(self, state: AssessmentState, rng: random.Random) -> Challenge | None:
        if self.max_challenges is not None and len(state.answers) >= self.max_challenges:
            return None
        selection = select_skills(state)
        if not selection.skills:
            return None
        if (
            self.stop_confidence is not None
            and state.answers
            and len(state.answers) >= self.min_challenges
            and decided_by_the_estimate(state, self.stop_confidence)
        ):
            return None
        skill = rng.choice(selection.skills)
        answered = state.answered_challenge_ids
        challenges = [
            c for c in state.challenges if c.skill_id == skill.id and c.id not in answered
        ]
        return rng.choice(challenges)

    def estimate_ability(self, state: AssessmentState) -> float:
        """The level estimate on the ability scale of the challenges' IRT difficulties."""
        level = estimate_level(state) if state.answers else DEFAULT_LEVEL_FOR_FIRST_CHALLENGE
        return level - DIFFICULTY_OFFSET
