"""The order in which a pupil sees a challenge's options (pix-rules: options shuffled per pupil).

The permutation is derived from the assessment and the challenge only, so that it is the same on
every reload and in every process, and different from one pupil to the next: in the demo
referential the right answer is option 1 or 2 in most single-choice questions.
"""

from __future__ import annotations

import hashlib
import random


def option_order(assessment_seed: int | str, challenge_id: str, n: int) -> tuple[int, ...]:
    """A permutation of ``range(n)``: position ``i`` on the page shows stored option
    ``order[i]`` (0-based). Deterministic in ``assessment_seed`` and ``challenge_id``."""
    digest = hashlib.sha256(f"{assessment_seed}\x00{challenge_id}".encode()).digest()
    order = list(range(n))
    random.Random(int.from_bytes(digest, "big")).shuffle(order)
    return tuple(order)
