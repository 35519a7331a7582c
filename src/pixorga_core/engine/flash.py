"""Flash: the reference system's IRT algorithm (2-parameter logistic model).

P(right | θ) = 1 / (1 + exp(a·(b − θ))) with the challenge's discriminant ``a`` and difficulty
``b``. The ability θ is estimated on a grid (by default from −9 to 9, 81 points, step 0.225)
starting at the prior mean (0): for each answer in order, the likelihood of all answers so far is
multiplied by a Gaussian prior (variance 1.5) centred on the previous estimate (or, with
``recentre_prior = false``, always on the prior mean: a plain EAP), normalised, and the new θ is
the posterior mean. The error rate is √(posterior variance − (step/2)²/12), the reference
system's Sheppard correction (9/80 = half the default step); 5 before any answer.

Selection: one challenge per skill (a skill answered once is not proposed again), scored by its
Fisher information a²·p·(1 − p) at the current θ; one of the ``top`` (5) best is drawn from
``rng``. Optionally, after a warm-up, competences that must be covered come first (see
:class:`FlashOptions`). The assessment ends when no challenge is left, after ``max_challenges``
answers, or — with ``max_error`` set, off by default as in the reference system — once the
error rate is at most ``max_error`` after at least ``min_challenges`` answers.

The arithmetic is numpy's: the discriminants, difficulties and skills of a target profile's
challenges are arrays built once per profile (:class:`_Bank`), the posterior is one vector per
answer (:mod:`pixorga_core.engine.posterior`). Posteriors are kept per answer sequence in a
cache owned by each :class:`Flash` instance and bounded in bytes (16 MiB), so that a server's
memory does not grow with the number of pupils; a pupil whose entry was evicted is recomputed
from scratch.
"""

from __future__ import annotations

import math
import random
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import attrs
import numpy as np
import numpy.typing as npt

from pixorga_core.domain.assessments import AnswerStatus, AssessmentState
from pixorga_core.domain.referential import Challenge
from pixorga_core.engine.posterior import (
    ANSWER,
    DEFAULT_ERROR_RATE,
    Grid,
    Posterior,
    PosteriorCache,
)
from pixorga_core.plugin_options import InvalidOptionError, evolve_options

GRID_START, GRID_STOP, GRID_POINTS = -9.0, 9.0, 81
GRID_STEP = (GRID_STOP - GRID_START) / (GRID_POINTS - 1)
GRID = tuple(GRID_START + i * GRID_STEP for i in range(GRID_POINTS))
PRIOR_VARIANCE = 1.5
DEFAULT_ABILITY = 0.0
#: How many of the most informative challenges the next one is drawn from.
TOP_CHALLENGES = 5
#: Answers after which a Flash assessment stops, unless configured otherwise.
DEFAULT_MAX_CHALLENGES = 20
#: Target profiles whose arrays one Flash instance keeps.
BANK_CACHE_SIZE = 32
#: Largest |exponent| given to exp (beyond, p is 0 or 1 to double precision anyway).
_MAX_EXPONENT = 700.0

Vector = npt.NDArray[np.float64]


def success_probability(theta: float, discriminant: float, difficulty: float) -> float:
    exponent = discriminant * (difficulty - theta)
    if exponent > _MAX_EXPONENT:
        return 0.0
    return 1.0 / (1.0 + math.exp(exponent))


def fisher_information(theta: float, challenge: Challenge) -> float:
    a = challenge.irt_discriminant
    p = success_probability(theta, a, challenge.irt_difficulty)
    return a * a * p * (1.0 - p)


def information(theta: float, a: Vector, b: Vector) -> Vector:
    """Fisher information a²·p·(1 − p) of every challenge at ``theta``, vectorised."""
    p = 1.0 / (1.0 + np.exp(np.clip(a * (b - theta), -_MAX_EXPONENT, _MAX_EXPONENT)))
    result: Vector = a * a * p * (1.0 - p)
    return result


def _at_least(minimum: int) -> Any:
    def check(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
        if value < minimum:
            raise InvalidOptionError(attribute.name, f"must be at least {minimum}, not {value}")

    return check


def _positive(_instance: object, attribute: attrs.Attribute[Any], value: float | None) -> None:
    if value is not None and not value > 0:
        raise InvalidOptionError(attribute.name, f"must be a positive number, not {value}")


def _above_grid_min(
    instance: FlashOptions, attribute: attrs.Attribute[float], value: float
) -> None:
    if not value > instance.grid_min:
        msg = f"must be above grid_min ({instance.grid_min}), not {value}"
        raise InvalidOptionError(attribute.name, msg)


@attrs.frozen(kw_only=True)
class FlashOptions:
    """Flash's options: ``[plugins.flash]`` of the settings, a campaign's, ``simulate``'s.

    The defaults are the reference system's (pix-rules §9.2): 20 answers at most, no precision
    stop, a draw among the 5 most informative challenges, a prior N(0, 1.5) re-centred on each
    estimate, a grid of 81 points from −9 to 9, no warm-up nor forced competences.
    """

    #: Stop after this many answers.
    max_challenges: int = attrs.field(default=DEFAULT_MAX_CHALLENGES, validator=_at_least(1))
    #: No precision stop before this many answers.
    min_challenges: int = attrs.field(default=0, validator=_at_least(0))
    #: Stop once the error rate (posterior standard deviation) is at most this; None: never.
    max_error: float | None = attrs.field(default=None, validator=_positive)
    #: The next challenge is drawn among this many most informative ones (1: the best).
    top: int = attrs.field(default=TOP_CHALLENGES, validator=_at_least(1))
    prior_mean: float = DEFAULT_ABILITY
    prior_variance: float = attrs.field(default=PRIOR_VARIANCE, validator=_positive)
    #: Centre the prior on the previous estimate (the reference system) or on ``prior_mean``.
    recentre_prior: bool = True
    grid_min: float = GRID_START
    grid_max: float = attrs.field(default=GRID_STOP, validator=_above_grid_min)
    grid_points: int = attrs.field(default=GRID_POINTS, validator=_at_least(3))
    #: After this many answers, each of ``forced_competences`` is covered once first.
    warm_up: int = attrs.field(default=0, validator=_at_least(0))
    forced_competences: tuple[str, ...] = attrs.field(default=(), converter=tuple)


@attrs.frozen
class Estimate:
    ability: float
    error_rate: float


@attrs.frozen(eq=False)
class _Bank:
    """A target profile's challenges as arrays, in the state's order."""

    challenges: tuple[Challenge, ...]
    position: Mapping[str, int]  #: challenge id -> index
    a: Vector
    b: Vector
    skill_of: npt.NDArray[np.intp]  #: index of each challenge's skill in ``skill_index``
    skill_index: Mapping[str, int]
    competence_of: npt.NDArray[np.intp]  #: index in ``competence_index``; −1: none
    competence_index: Mapping[str, int]

    @classmethod
    def of(cls, state: AssessmentState) -> _Bank:
        skills = state.skills_by_id
        skill_index: dict[str, int] = {}
        competence_index: dict[str, int] = {}
        skill_of, competence_of = [], []
        for c in state.challenges:
            skill_of.append(skill_index.setdefault(c.skill_id, len(skill_index)))
            skill = skills.get(c.skill_id)
            if skill is None:
                competence_of.append(-1)
            else:
                competence = skill.competence_id
                competence_of.append(competence_index.setdefault(competence, len(competence_index)))
        return cls(
            state.challenges,
            {c.id: i for i, c in enumerate(state.challenges)},
            np.array([c.irt_discriminant for c in state.challenges], dtype=np.float64),
            np.array([c.irt_difficulty for c in state.challenges], dtype=np.float64),
            np.array(skill_of, dtype=np.intp),
            skill_index,
            np.array(competence_of, dtype=np.intp),
            competence_index,
        )


def _grid_of(options: FlashOptions) -> Grid:
    return Grid.of(
        grid_min=options.grid_min,
        grid_max=options.grid_max,
        grid_points=options.grid_points,
        prior_mean=options.prior_mean,
        prior_variance=options.prior_variance,
        recentre_prior=options.recentre_prior,
    )


_DEFAULT_GRID = _grid_of(FlashOptions())


def estimate(answers: Sequence[tuple[Challenge, bool]]) -> Estimate:
    """θ and its error rate after ``answers`` (challenge, right?) with the default options."""
    if not answers:
        return Estimate(DEFAULT_ABILITY, DEFAULT_ERROR_RATE)
    result = _DEFAULT_GRID.run([(c.irt_discriminant, c.irt_difficulty, r) for c, r in answers])
    return Estimate(result.theta, result.error_rate)


def answered_pairs(state: AssessmentState) -> list[tuple[Challenge, bool]]:
    by_id = state.challenges_by_id
    return [
        (by_id[a.challenge_id], a.status is AnswerStatus.OK)
        for a in state.answers
        if a.challenge_id in by_id
    ]


def top_indices(scores: Vector, top: int) -> npt.NDArray[np.intp]:
    """Indices of the ``top`` highest scores, highest first, ties in index order.

    The same as a stable sort on −score cut at ``top``, in O(n) (partial selection).
    """
    n = len(scores)
    if n > top:
        kth = np.partition(scores, n - top)[n - top]
        above = np.flatnonzero(scores > kth)
        tied = np.flatnonzero(scores == kth)[: top - len(above)]
        chosen = np.concatenate((above, tied))
    else:
        chosen = np.arange(n)
    order = np.lexsort((chosen, -scores[chosen]))
    result: npt.NDArray[np.intp] = chosen[order]
    return result


@attrs.frozen(kw_only=True)
class Flash(FlashOptions):
    """The IRT algorithm (follows :class:`~pixorga_core.registries.AssessmentAlgorithm`).

    Built with the options of :class:`FlashOptions` as keywords (``Flash(max_error=0.4)``), or
    from settings with :meth:`from_options`; :meth:`with_options` returns a copy with some
    options changed (a campaign's, ``pixorga simulate --algorithm flash:max_error=0.4``).
    """

    name: ClassVar[str] = "flash"
    label: ClassVar[str] = "Flash (IRT à deux paramètres)"

    _grid: Grid = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(_grid_of, takes_self=True),
    )
    _posteriors: PosteriorCache = attrs.field(
        init=False, eq=False, repr=False, factory=PosteriorCache
    )
    _banks: OrderedDict[tuple[str | None, str | None, int], _Bank] = attrs.field(
        init=False, eq=False, repr=False, factory=OrderedDict
    )
    _lock: threading.Lock = attrs.field(init=False, eq=False, repr=False, factory=threading.Lock)

    @classmethod
    def from_options(cls, options: FlashOptions) -> Flash:
        values = {f.name: getattr(options, f.name) for f in attrs.fields(FlashOptions)}
        return cls(**values)

    def options(self) -> FlashOptions:
        values = {f.name: getattr(self, f.name) for f in attrs.fields(FlashOptions)}
        return FlashOptions(**values)

    def with_options(self, overrides: Mapping[str, Any], *, origin: str = "options") -> Flash:
        """A Flash with ``overrides`` applied (text values are converted to the option's type).

        :raises ConfigurationError: an unknown option or an invalid value, named.
        """
        return self.from_options(evolve_options("flash", self.options(), overrides, origin=origin))

    # -- arrays and posteriors -------------------------------------------------------------------

    def _bank(self, state: AssessmentState) -> _Bank:
        key = (state.referential_id, state.target_profile_id, len(state.challenges))
        with self._lock:
            found = self._banks.get(key)
        # The same referential gives the same challenge objects: the comparison is by identity.
        if found is not None and (
            found.challenges is state.challenges or found.challenges == state.challenges
        ):
            return found
        bank = _Bank.of(state)
        with self._lock:
            self._banks[key] = bank
            while len(self._banks) > BANK_CACHE_SIZE:
                self._banks.popitem(last=False)
        return bank

    def _posterior(self, state: AssessmentState) -> Posterior:
        answers = [
            (c.irt_discriminant, c.irt_difficulty, right) for c, right in answered_pairs(state)
        ]
        if not answers:
            return self._grid.start()
        keys = [ANSWER.pack(*answer) for answer in answers]
        key = b"".join(keys)
        size = ANSWER.size
        known, current = len(answers), None
        while known and current is None:
            current = self._posteriors.get(key[: known * size])
            if current is None:
                known -= 1
        if current is None:
            current = self._grid.start()
        for index in range(known, len(answers)):
            current = self._grid.step(current, *answers[index])
            self._posteriors.put(key[: (index + 1) * size], current)
        return current

    def estimate(self, state: AssessmentState) -> Estimate:
        """θ and its error rate after the answers of ``state``."""
        posterior = self._posterior(state)
        return Estimate(posterior.theta, posterior.error_rate)

    def estimate_ability(self, state: AssessmentState) -> float:
        return self._posterior(state).theta

    def standard_error(self, state: AssessmentState) -> float:
        """The error rate: the posterior standard deviation (Sheppard-corrected)."""
        return self._posterior(state).error_rate

    # -- selection -------------------------------------------------------------------------------

    def _available(self, state: AssessmentState, bank: _Bank) -> npt.NDArray[np.bool_]:
        answered = np.ones(len(bank.skill_index), dtype=np.bool_)
        for skill_id in state.answered_skill_ids:
            index = bank.skill_index.get(skill_id)
            if index is not None:
                answered[index] = False
        available: npt.NDArray[np.bool_] = answered[bank.skill_of]
        if not self.forced_competences or len(state.answers) < self.warm_up:
            return available
        covered = {
            int(bank.competence_of[bank.position[a.challenge_id]])
            for a in state.answers[self.warm_up :]
            if a.challenge_id in bank.position
        }
        missing = [
            bank.competence_index[c]
            for c in self.forced_competences
            if c in bank.competence_index and bank.competence_index[c] not in covered
        ]
        if not missing:
            return available
        forced: npt.NDArray[np.bool_] = available & np.isin(bank.competence_of, missing)
        return forced

    def candidates(self, state: AssessmentState) -> list[Challenge]:
        """Challenges of skills not answered yet, in referential order (forced ones first)."""
        bank = self._bank(state)
        return [bank.challenges[i] for i in np.flatnonzero(self._available(state, bank))]

    def next_challenge(self, state: AssessmentState, rng: random.Random) -> Challenge | None:
        answered = len(state.answers)
        if answered >= self.max_challenges:
            return None
        posterior = self._posterior(state)
        if (
            self.max_error is not None
            and answered >= self.min_challenges
            and answered > 0
            and posterior.error_rate <= self.max_error
        ):
            return None
        bank = self._bank(state)
        remaining = np.flatnonzero(self._available(state, bank))
        if not len(remaining):
            return None
        scores = information(posterior.theta, bank.a[remaining], bank.b[remaining])
        best = remaining[top_indices(scores, self.top)]
        return bank.challenges[int(best[rng.randrange(len(best))])]
