"""Hook implementations of the ``login_generator`` plugin.

Both are defaults (``trylast``): any other plugin implementing these hooks answers first. The
rules live in :mod:`pixorga_login_generator.usernames` and
:mod:`pixorga_login_generator.passwords`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from pixorga_core import hookimpl
from pixorga_login_generator import passwords, usernames

if TYPE_CHECKING:
    from pixorga_core.domain.learners import LearnerRecord


@hookimpl(trylast=True)
def pixorga_generate_username(learner: LearnerRecord, is_taken: Callable[[str], bool]) -> str:
    """``prenom.nom`` and the day and month of birth; four random digits when that is taken."""
    return usernames.generate_username(learner, is_taken)


@hookimpl(trylast=True)
def pixorga_generate_temporary_password() -> str:
    """Six unambiguous lower-case letters and two digits."""
    return passwords.generate_temporary_password()
