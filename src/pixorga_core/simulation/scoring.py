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
from collections.abc import Iterable, Mapping, Sequence

import attrs
import numpy as np
import numpy.typing as npt

from pixorga_core.domain.assessments import AssessmentState, KnowledgeElementStatus
from pixorga_core.domain.referential import Skill


@attrs.frozen(eq=False)
class MasteryScorer:
    """Mastery decisions of one pupil on the target skills, scored against their truth."""

    skill_ids: tuple[str, ...]
    index: Mapping[str, int]
    difficulty: npt.NDArray[np.float64]  #: NaN for a skill without challenges
    truth: npt.NDArray[np.bool_]

    @classmethod
    def of(
        cls, skills: Sequence[Skill], difficulty: Mapping[str, float], truth: Mapping[str, bool]
    ) -> MasteryScorer:
        ids = tuple(s.id for s in skills)
        return cls(
            ids,
            {sid: i for i, sid in enumerate(ids)},
            np.array([difficulty.get(sid, np.nan) for sid in ids], dtype=np.float64),
            np.array([truth.get(sid, False) for sid in ids], dtype=np.bool_),
        )

    def correct(self, state: AssessmentState, estimate: float | None) -> npt.NDArray[np.bool_]:
        """Per target skill: is the decision right? Knowledge element first, then the estimate."""
        if estimate is None:
            decided = np.zeros(len(self.skill_ids), dtype=np.bool_)
        else:
            decided = estimate >= self.difficulty  # NaN compares False: not mastered
        for skill_id, ke in state.knowledge_by_skill.items():
            i = self.index.get(skill_id)
            if i is not None:
                decided[i] = ke.status is KnowledgeElementStatus.VALIDATED
        result: npt.NDArray[np.bool_] = decided == self.truth
        return result

    def share(self, correct: npt.NDArray[np.bool_]) -> float:
        return float(correct.mean()) if len(correct) else 0.0

    def by_skill(self, correct: npt.NDArray[np.bool_]) -> dict[str, bool]:
        return {sid: bool(ok) for sid, ok in zip(self.skill_ids, correct, strict=True)}


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
