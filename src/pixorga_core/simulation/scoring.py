"""Scoring simulated assessments: mastery decisions against the truth, exposure and overlap.

:class:`MasteryScorer` decides mastery of every target skill after each answer (see
:mod:`pixorga_core.simulation.harness`) with numpy, so that a 700-skill profile costs one vector
comparison per step rather than 700 dictionary look-ups.

Exposure and overlap follow the computerised adaptive testing literature (Chen, Ankenmann &
Spray, 2003): the exposure rate of a challenge is the share of pupils it was given to; the test
overlap is the mean, over every pair of pupils, of the number of challenges both were given
divided by the mean test length, Σⱼ cⱼ(cⱼ − 1) ÷ (N(N − 1)·L̄) with cⱼ the pupils given
challenge j, N the pupils and L̄ the mean length.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence

import attrs
import numpy as np
import numpy.typing as npt

from pixorga_core.domain.assessments import AssessmentState, KnowledgeElementStatus
from pixorga_core.domain.referential import Skill
from pixorga_core.simulation.pupils import SimulatedPupil


@attrs.frozen(eq=False)
class ProfileArrays:
    """The target skills of a profile as arrays, built once per simulation."""

    skill_ids: tuple[str, ...]
    index: Mapping[str, int]
    difficulty: npt.NDArray[np.float64]  #: NaN for a skill without challenges
    tube_ids: tuple[str, ...]

    @classmethod
    def of(cls, skills: Sequence[Skill], difficulty: Mapping[str, float]) -> ProfileArrays:
        ids = tuple(s.id for s in skills)
        return cls(
            ids,
            {sid: i for i, sid in enumerate(ids)},
            np.array([difficulty.get(sid, np.nan) for sid in ids], dtype=np.float64),
            tuple(s.tube_id for s in skills),
        )

    def scorer(self, pupil: SimulatedPupil) -> MasteryScorer:
        """The scorer of ``pupil``: they master a skill when their tube ability reaches it."""
        offsets = pupil.tube_offsets
        ability = np.full(len(self.skill_ids), pupil.ability, dtype=np.float64)
        if offsets:
            ability += np.array([offsets.get(t, 0.0) for t in self.tube_ids], dtype=np.float64)
        return MasteryScorer(self, ability >= self.difficulty)  # NaN: False


class SkillFlags(Mapping[str, bool]):
    """One boolean per target skill (read-only), over an array."""

    __slots__ = ("array", "profile")

    def __init__(self, profile: ProfileArrays, array: npt.NDArray[np.bool_]) -> None:
        self.profile = profile
        self.array = array

    def __getitem__(self, key: str) -> bool:
        return bool(self.array[self.profile.index[key]])

    def __iter__(self) -> Iterator[str]:
        return iter(self.profile.skill_ids)

    def __len__(self) -> int:
        return len(self.profile.skill_ids)


def share_by_skill(
    flags: Sequence[Mapping[str, bool]], skills: Sequence[Skill]
) -> dict[str, float]:
    """Per skill, the share of ``flags`` that are true."""
    if not flags:
        return {}
    first = flags[0]
    if isinstance(first, SkillFlags) and all(
        isinstance(f, SkillFlags) and f.profile is first.profile for f in flags
    ):
        totals = np.sum([f.array for f in flags if isinstance(f, SkillFlags)], axis=0)
        index = first.profile.index
        return {s.id: float(totals[index[s.id]]) / len(flags) for s in skills if s.id in index}
    return {s.id: sum(f.get(s.id, False) for f in flags) / len(flags) for s in skills}


@attrs.frozen(eq=False)
class MasteryScorer:
    """Mastery decisions of one pupil on the target skills, scored against their truth."""

    profile: ProfileArrays
    truth: npt.NDArray[np.bool_]

    def correct(self, state: AssessmentState, estimate: float | None) -> npt.NDArray[np.bool_]:
        """Per target skill: is the decision right? Knowledge element first, then the estimate."""
        profile = self.profile
        if estimate is None:
            decided = np.zeros(len(profile.skill_ids), dtype=np.bool_)
        else:
            decided = estimate >= profile.difficulty  # NaN compares False: not mastered
        for skill_id, ke in state.knowledge_by_skill.items():
            i = profile.index.get(skill_id)
            if i is not None:
                decided[i] = ke.status is KnowledgeElementStatus.VALIDATED
        result: npt.NDArray[np.bool_] = decided == self.truth
        return result

    def share(self, correct: npt.NDArray[np.bool_]) -> float:
        return float(correct.mean()) if len(correct) else 0.0

    def by_skill(self, correct: npt.NDArray[np.bool_]) -> SkillFlags:
        return SkillFlags(self.profile, correct)


@attrs.frozen
class Exposure:
    max_rate: float  #: the highest exposure rate of a challenge
    unused_share: float  #: share of the profile's challenges never given
    overlap: float  #: mean share of a test two pupils have in common


def exposure(tests: Sequence[Iterable[str]], challenges: int) -> Exposure:
    """Exposure of ``challenges`` challenges over ``tests`` (the challenge ids each pupil got)."""
    counts: Counter[str] = Counter()
    lengths = []
    for test in tests:
        given = list(test)
        counts.update(given)
        lengths.append(len(given))
    pupils = len(tests)
    if not pupils or not challenges:
        return Exposure(float("nan"), float("nan"), float("nan"))
    mean_length = sum(lengths) / pupils
    shared = sum(c * (c - 1) for c in counts.values())
    overlap = shared / (pupils * (pupils - 1) * mean_length) if pupils > 1 and mean_length else 0.0
    return Exposure(
        max_rate=max(counts.values(), default=0) / pupils,
        unused_share=1 - len(counts) / challenges,
        overlap=overlap,
    )
