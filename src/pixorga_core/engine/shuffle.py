"""The order in which a pupil sees the proposals of a QCU or QCM: shuffled, reproducibly.

The player shows the proposals of a challenge in the order :func:`option_order` gives for the
assessment and the challenge, so that the position of the key tells nothing, while a page
reload (or a resumed assessment) shows the same order. Answers are always recorded and
checked in the referential's own numbering: the player maps a displayed position back with
:func:`original_index`.

``option_order(seed, challenge_id, n)[j]`` is the 0-based index, in the referential, of the
proposal displayed at (0-based) position ``j``. The permutation is drawn by
:class:`random.Random` seeded with the SHA-256 of ``"<seed>:<challenge id>"``: the same on
every machine and Python version that keeps ``random.shuffle``'s algorithm.
"""

from __future__ import annotations

import hashlib
import random


def option_order(assessment_seed: str | int, challenge_id: str, n: int) -> tuple[int, ...]:
    """The display order of ``n`` proposals of ``challenge_id`` in one assessment."""
    digest = hashlib.sha256(f"{assessment_seed}:{challenge_id}".encode()).digest()
    order = list(range(n))
    random.Random(int.from_bytes(digest, "big")).shuffle(order)
    return tuple(order)


def original_index(order: tuple[int, ...], displayed_position: int) -> int:
    """The 1-based referential index of the proposal shown at 1-based ``displayed_position``."""
    return order[displayed_position - 1] + 1
