"""One-time passwords a teacher hands to a pupil (formats.md §D, pix-rules §5).

A temporary password is six lower-case letters drawn from :data:`LETTERS` (``a``–``z`` without
the easily confused ``i``, ``l`` and ``o``) followed by two digits, for example ``"kqzdwe07"``: it
matches :data:`TEMPORARY_PASSWORD_PATTERN`. It deliberately fails the password policy; the
account is flagged so that the pupil must choose a new password at first login.
"""

from __future__ import annotations

import re
import secrets
import string
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import random

#: The letters a temporary password is drawn from.
LETTERS = "".join(c for c in string.ascii_lowercase if c not in "ilo")
#: How many letters, then how many digits.
LETTER_COUNT = 6
DIGIT_COUNT = 2
#: Every password :func:`generate_temporary_password` returns matches this pattern.
TEMPORARY_PASSWORD_PATTERN = re.compile(r"^[a-hjkmnp-z]{6}[0-9]{2}$")

_SYSTEM_RANDOM = secrets.SystemRandom()


def generate_temporary_password(*, rng: random.Random = _SYSTEM_RANDOM) -> str:
    """Return a new one-time password.

    :param rng: Source of randomness; the operating system's generator by default, a seeded
        :class:`random.Random` in tests.
    """
    letters = "".join(rng.choice(LETTERS) for _ in range(LETTER_COUNT))
    digits = "".join(rng.choice(string.digits) for _ in range(DIGIT_COUNT))
    return letters + digits
