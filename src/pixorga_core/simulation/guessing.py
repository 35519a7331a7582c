"""Pupils who do not read: they answer by a rule, on the proposals as the player shuffles them.

``--strategy`` of ``pixorga simulate``: what such a pupil earns tells how guessable a
referential is. Proposals are seen in the order of
:func:`pixorga_core.engine.shuffle.option_order` for the pupil's assessment (unless shuffling is
turned off, to measure the referential's own order). Open questions (QROC, QROCM) are left
wrong: a pupil who does not read cannot type the answer.

``random``
    a QCU: a proposal drawn uniformly; a QCM: a subset of at least two proposals drawn
    uniformly.
``always-option-N``
    a QCU: the proposal displayed at position N (the last one if there are fewer); a QCM: the
    displayed positions N and N + 1 (wrapping round).
``longest-option``
    a QCU: the longest proposal (the first displayed among equals); a QCM: the two longest.
"""

from __future__ import annotations

import random
import re
import statistics
from collections.abc import Sequence

import attrs

from pixorga_core.domain.referential import Challenge, ChallengeType
from pixorga_core.engine.answers import Response
from pixorga_core.engine.shuffle import option_order, original_index
from pixorga_core.simulation.harness import SimulationResult
from pixorga_core.simulation.pupils import wrong_response

_ALWAYS = re.compile(r"^always-option-([1-9])$")
STRATEGY_HELP = "random, always-option-N (N from 1 to 9) or longest-option"


@attrs.frozen
class GuessingStrategy:
    """How a pupil who does not read answers; ``shuffle`` as the player does."""

    name: str
    shuffle: bool = True

    @classmethod
    def parse(cls, name: str, *, shuffle: bool = True) -> GuessingStrategy:
        """The strategy called ``name``; :class:`ValueError` if there is none."""
        if name in ("random", "longest-option") or _ALWAYS.match(name):
            return cls(name, shuffle)
        msg = f"unknown strategy {name!r}: {STRATEGY_HELP}"
        raise ValueError(msg)

    def respond(self, challenge: Challenge, assessment_seed: str, rng: random.Random) -> Response:
        """The response to ``challenge`` in the assessment seeded ``assessment_seed``."""
        if challenge.type not in (ChallengeType.QCU, ChallengeType.QCM):
            return wrong_response(challenge)
        n = len(challenge.proposals)
        order = option_order(assessment_seed, challenge.id, n) if self.shuffle else tuple(range(n))
        single = challenge.type is ChallengeType.QCU
        displayed = self._positions(challenge, order, single, rng)
        chosen = [original_index(order, position) for position in displayed]
        return chosen[0] if single else sorted(chosen)

    def _positions(
        self, challenge: Challenge, order: Sequence[int], single: bool, rng: random.Random
    ) -> list[int]:
        n = len(order)
        if self.name == "random":
            if single:
                return [rng.randint(1, n)]
            return rng.sample(range(1, n + 1), rng.randint(2, n))
        always = _ALWAYS.match(self.name)
        if always is not None:
            first = min(int(always.group(1)), n)
            return [first] if single else [first, first % n + 1]
        lengths = [len(challenge.proposals[index]) for index in order]
        ranked = sorted(range(1, n + 1), key=lambda position: -lengths[position - 1])
        return ranked[:1] if single else sorted(ranked[:2])


def guessing_table(results: Sequence[tuple[GuessingStrategy, SimulationResult]]) -> str:
    """Pix and validated skills earned by each strategy, per algorithm, as aligned text."""
    if not results:
        return ""
    first = results[0][1]
    lines = [
        f"pupils who do not read, target profile {first.target_profile_id} "
        f"({len(first.skills)} skills, {sum(s.pix_value for s in first.skills):.1f} pix, "
        f"referential {first.referential_id}), seed {first.seed}",
        "",
    ]
    rows = [("strategy", "shuffled", "algorithm", "pupils", "pix mean", "skills mean", "pix max")]
    for strategy, result in results:
        for summary in result.summaries:
            runs = [r for r in result.runs if r.algorithm == summary.algorithm]
            rows.append(
                (
                    strategy.name,
                    "yes" if strategy.shuffle else "no",
                    summary.algorithm,
                    str(len(runs)),
                    f"{statistics.fmean(r.pix for r in runs):.1f}",
                    f"{statistics.fmean(r.validated_skills for r in runs):.1f}",
                    f"{max(r.pix for r in runs):.1f}",
                )
            )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines.extend(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    )
    return "\n".join(lines)
