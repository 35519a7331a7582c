"""The conformance kit of an adaptive algorithm: :class:`AlgorithmConformance`.

It needs no fixture of the ``pixorga_core.testing`` pytest plugin and imports no database
machinery (no storage, Alembic, psycopg or argon2): an algorithm's test suite can use it alone.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping

import pytest

from pixorga_core.domain.assessments import AssessmentState
from pixorga_core.domain.referential import Challenge, Referential
from pixorga_core.engine import service as engine_service
from pixorga_core.errors import ConfigurationError
from pixorga_core.registries import AlgorithmRegistry, AssessmentAlgorithm, ConfigurableAlgorithm
from pixorga_core.simulation.pupils import right_response, wrong_response
from pixorga_core.simulation.synthetic import synthetic_referential

__all__ = ["AlgorithmConformance"]


class AlgorithmConformance:
    """Checks every adaptive algorithm should pass; a plugin's test suite subclasses it.

    ::

        from pixorga_core.testing import AlgorithmConformance
        from pixorga_my_algorithm.plugin import MyAlgorithm

        class TestMyAlgorithm(AlgorithmConformance):
            def make_algorithm(self):
                return MyAlgorithm(max_challenges=15)

    Simulated pupils (always right, always wrong, and of several abilities) take assessments on a
    synthetic referential of 48 skills through :mod:`pixorga_core.engine.service`. The checks:
    a valid name and a label; a first challenge for a fresh assessment; never a challenge of a
    skill already answered; an end (None) within as many steps as the profile has challenges,
    whatever the answers; only challenges of the target profile (here one competence of three);
    the same choices for the same seed, whatever the state of the global ``random`` module; and
    None when every challenge has been answered.

    For an algorithm that takes options (:class:`~pixorga_core.registries.ConfigurableAlgorithm`):
    ``with_options({})`` chooses as the algorithm does, an unknown option raises
    :class:`~pixorga_core.errors.ConfigurationError`, and the algorithm built with each mapping
    of :attr:`option_sets` passes the "never an answered skill, and an end" check, and chooses
    the same with those options given again (``with_options(o).with_options({})``); each
    mapping of :attr:`invalid_option_sets` is refused with a ConfigurationError naming its
    first key.
    """

    #: Options (as the command line gives them: text) the algorithm is also checked with.
    option_sets: tuple[Mapping[str, str], ...] = ()
    #: Options the algorithm must refuse (a value out of range, of the wrong type…).
    invalid_option_sets: tuple[Mapping[str, str], ...] = ()

    #: Pupils of varied abilities in the "several pupils" checks.
    pupils: int = 8
    seed: int = 20261123

    def make_algorithm(self) -> AssessmentAlgorithm:
        """The algorithm under test; override it (or set an ``algorithm`` class attribute)."""
        algorithm = getattr(self, "algorithm", None)
        if algorithm is None:
            msg = "set `algorithm` or override make_algorithm() in your AlgorithmConformance"
            raise NotImplementedError(msg)
        return algorithm  # type: ignore[no-any-return]

    def build_referential(self) -> Referential:
        """The synthetic referential the checks use: 48 skills in 3 competences."""
        return synthetic_referential(
            skills=48, competences=3, skills_per_tube=6, timed_share=0.25, seed=self.seed
        )

    @pytest.fixture
    def conformance_referential(self) -> Referential:
        return self.build_referential()

    # -- helpers ----------------------------------------------------------------------------------

    def play(
        self,
        referential: Referential,
        profile_id: str,
        answers_right: Callable[[Challenge], bool],
        rng: random.Random,
        algorithm: AssessmentAlgorithm | None = None,
    ) -> tuple[list[Challenge], AssessmentState, bool]:
        """Run one assessment to its end; (chosen challenges, final state, stopped by itself)."""
        algorithm = algorithm if algorithm is not None else self.make_algorithm()
        state = engine_service.start_assessment(referential, profile_id, algorithm=algorithm.name)
        chosen: list[Challenge] = []
        for _ in range(len(state.challenges) + 1):
            challenge = algorithm.next_challenge(state, rng)
            if challenge is None:
                return chosen, state, True
            assert challenge.skill_id not in state.answered_skill_ids, (
                f"{algorithm.name} chose {challenge.id}, of skill {challenge.skill_id} "
                "which was already answered"
            )
            assert challenge.id in state.challenges_by_id, (
                f"{algorithm.name} chose {challenge.id}, outside target profile {profile_id}"
            )
            chosen.append(challenge)
            response = (
                right_response(challenge) if answers_right(challenge) else wrong_response(challenge)
            )
            state = engine_service.apply_answer(state, challenge.id, response)
        return chosen, state, False

    def _pupil(self, level: float, seed: int) -> Callable[[Challenge], bool]:
        noise = random.Random(seed)
        return lambda c: noise.random() < 1 / (1 + math.exp(c.skill_level - level))

    # -- checks -----------------------------------------------------------------------------------

    def test_has_a_valid_name_and_a_label(self) -> None:
        algorithm = self.make_algorithm()
        AlgorithmRegistry().add(algorithm)  # raises PluginError for a bad name
        assert isinstance(algorithm.label, str)
        assert algorithm.label.strip()

    def test_proposes_a_first_challenge(self, conformance_referential: Referential) -> None:
        algorithm = self.make_algorithm()
        state = engine_service.start_assessment(
            conformance_referential, "all", algorithm=algorithm.name
        )
        first = engine_service.next_challenge(algorithm, state, random.Random(self.seed))
        assert first is not None

    @pytest.mark.parametrize("behaviour", ["always-right", "always-wrong", "varied"])
    def test_never_picks_an_answered_skill_and_stops(
        self, conformance_referential: Referential, behaviour: str
    ) -> None:
        for n in range(self.pupils if behaviour == "varied" else 1):
            answers: Callable[[Challenge], bool]
            if behaviour == "always-right":
                answers = lambda c: True  # noqa: E731
            elif behaviour == "always-wrong":
                answers = lambda c: False  # noqa: E731
            else:
                answers = self._pupil(1 + 7 * n / max(1, self.pupils - 1), self.seed + n)
            chosen, _, stopped = self.play(
                conformance_referential, "all", answers, random.Random(self.seed + n)
            )
            assert stopped, f"no end after {len(chosen)} challenges ({behaviour} pupil {n})"
            assert len({c.skill_id for c in chosen}) == len(chosen)

    def test_respects_the_target_profile(self, conformance_referential: Referential) -> None:
        profile = conformance_referential.target_profile("competence-2")
        allowed = set(profile.skill_ids)
        for n in range(self.pupils):
            chosen, _, stopped = self.play(
                conformance_referential,
                profile.id,
                self._pupil(1 + 7 * n / max(1, self.pupils - 1), n),
                random.Random(n),
            )
            assert stopped
            assert chosen, "no challenge proposed"
            outside = [c.id for c in chosen if c.skill_id not in allowed]
            assert outside == [], f"challenges outside the target profile: {outside}"

    def test_is_deterministic_under_a_seed(self, conformance_referential: Referential) -> None:
        runs = []
        for global_seed in (1, 2):
            random.seed(global_seed)  # the algorithm must not draw from the global generator
            chosen, _, _ = self.play(
                conformance_referential, "all", self._pupil(4.0, 99), random.Random(self.seed)
            )
            runs.append([c.id for c in chosen])
        assert runs[0] == runs[1]

    def test_stops_when_everything_is_answered(self, conformance_referential: Referential) -> None:
        algorithm = self.make_algorithm()
        state = engine_service.start_assessment(
            conformance_referential, "competence-3", algorithm=algorithm.name
        )
        for challenge in state.challenges:
            state = engine_service.apply_answer(state, challenge.id, right_response(challenge))
        assert engine_service.next_challenge(algorithm, state, random.Random(self.seed)) is None

    def test_options_are_checked(self, conformance_referential: Referential) -> None:
        algorithm = self.make_algorithm()
        if not isinstance(algorithm, ConfigurableAlgorithm):
            assert not self.option_sets, "option_sets given, but the algorithm has no with_options"
            return
        same = algorithm.with_options({})
        assert same.name == algorithm.name
        runs = [
            [
                c.id
                for c in self.play(
                    conformance_referential, "all", self._pupil(4.0, 7), random.Random(3), a
                )[0]
            ]
            for a in (algorithm, same)
        ]
        assert runs[0] == runs[1], "with_options({}) does not choose as the algorithm does"
        with pytest.raises(ConfigurationError):
            algorithm.with_options({"no_such_option_here": "1"})
        for invalid in self.invalid_option_sets:
            with pytest.raises(ConfigurationError) as refused:
                algorithm.with_options(invalid)
            first = next(iter(invalid))
            assert first in refused.value.message, f"{invalid}: the message does not name {first}"
        for options in self.option_sets:
            configured = algorithm.with_options(options)
            again = [
                [
                    c.id
                    for c in self.play(
                        conformance_referential, "all", self._pupil(4.0, 7), random.Random(5), a
                    )[0]
                ]
                for a in (configured, configured.with_options({}))
            ]
            assert again[0] == again[1], f"with_options({options}) does not keep its options"
            pupil = self._pupil(4.0, 7)
            for behaviour, answers in (("always-right", lambda c: True), ("varied", pupil)):
                chosen, _, stopped = self.play(
                    conformance_referential, "all", answers, random.Random(self.seed), configured
                )
                assert stopped, (
                    f"no end after {len(chosen)} challenges with {options} ({behaviour})"
                )
                assert len({c.skill_id for c in chosen}) == len(chosen)
