r"""Usernames for pupils' accounts, following the reference system (formats.md §D, pix-rules §5).

A username is ``<first>.<last><DDMM>``, built from the learner's **imported** data:

* ``<first>`` and ``<last>`` are the learner's ``first_name`` and ``last_name`` passed through
  :func:`pixorga_core.names.normalize_name` (lower case, accents stripped, every character
  outside ``[a-z0-9]`` dropped: ``"Jean-Élie"`` → ``"jeanelie"``, ligatures dropped: ``"Cocœ"`` →
  ``"coc"``), then **without digits** and cut to :data:`MAX_PART_LENGTH` characters. When nothing
  is left (a name written in another script, a name made of digits), the part is
  :data:`FALLBACK_PART` (``"eleve"``).
* ``<DDMM>`` is the day then the month of birth, zero padded (7 March → ``"0703"``). A learner
  without a birthdate gets four random digits instead.

When a candidate is taken, its four digits are replaced by four random digits and the new
candidate is checked, up to :data:`MAX_ATTEMPTS` candidates in all (the first one included); then
:class:`~pixorga_core.errors.PluginError` is raised. The reference system loops without limit.

Every username returned matches :data:`USERNAME_PATTERN`, exactly::

    ^[a-z]+\.[a-z]+[0-9]{4}$

which the reference system's username validator accepts (letters, dot, letters, four digits).
Digits are removed from the name parts for that reason: ``"dupont2"`` followed by ``"0703"``
would end with five digits and be rejected. Parts are capped so that a username stays well under
the 255 characters the ``users.username`` column holds (SIECLE names have at most 100).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING

from pixorga_core.errors import PluginError
from pixorga_core.names import normalize_name

if TYPE_CHECKING:
    import random

    from pixorga_core.domain.learners import LearnerRecord

#: Every username :func:`generate_username` returns matches this pattern.
USERNAME_PATTERN = re.compile(r"^[a-z]+\.[a-z]+[0-9]{4}$")
#: Replaces a first or last name that normalises to nothing.
FALLBACK_PART = "eleve"
#: Longest first or last name part kept (SIECLE names have at most 100 characters).
MAX_PART_LENGTH = 100
#: How many candidates are checked with ``is_taken`` before giving up.
MAX_ATTEMPTS = 1000

_DIGITS = re.compile(r"[0-9]")
_SYSTEM_RANDOM = secrets.SystemRandom()


def name_part(name: str) -> str:
    """Normalise one name for a username: letters ``a``–``z`` only, or :data:`FALLBACK_PART`."""
    part = _DIGITS.sub("", normalize_name(name))[:MAX_PART_LENGTH]
    return part or FALLBACK_PART


def username_stem(learner: LearnerRecord) -> str:
    """``<first>.<last>``: the username without its four digits."""
    return f"{name_part(learner.first_name)}.{name_part(learner.last_name)}"


def birth_suffix(learner: LearnerRecord) -> str | None:
    """Day then month of birth, ``"DDMM"``, or None when the birthdate is unknown."""
    if learner.birthdate is None:
        return None
    return f"{learner.birthdate.day:02d}{learner.birthdate.month:02d}"


def random_suffix(rng: random.Random) -> str:
    """Four random digits, ``"0000"`` to ``"9999"``."""
    return f"{rng.randrange(10_000):04d}"


def generate_username(
    learner: LearnerRecord,
    is_taken: Callable[[str], bool],
    *,
    rng: random.Random = _SYSTEM_RANDOM,
    max_attempts: int = MAX_ATTEMPTS,
) -> str:
    """Return a free username for ``learner`` (see the module documentation for the rules).

    :param learner: The pupil, as imported from the school's file.
    :param is_taken: Tells whether a candidate is already used.
    :param rng: Source of the random digits; the operating system's generator by default, a
        seeded :class:`random.Random` in tests.
    :param max_attempts: How many candidates to check before giving up.
    :raises PluginError: ``max_attempts`` candidates in a row were taken.
    """
    if max_attempts < 1:
        msg = f"max_attempts must be at least 1, not {max_attempts}"
        raise ValueError(msg)
    stem = username_stem(learner)
    candidate = stem + (birth_suffix(learner) or random_suffix(rng))
    for _ in range(max_attempts - 1):
        if not is_taken(candidate):
            return candidate
        candidate = stem + random_suffix(rng)
    if not is_taken(candidate):
        return candidate
    msg = f"Aucun identifiant libre n'a été trouvé pour « {stem} » après {max_attempts} essais."
    raise PluginError(msg, plugin="login_generator")
