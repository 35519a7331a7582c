"""The engine's one code path: start an assessment, apply an answer, ask for the next challenge.

The web app and the simulator (:mod:`pixorga_core.simulation`) both go through these functions.
States are immutable: :func:`apply_answer` returns a new state, and every error leaves the state
the caller holds as it was.
"""

from __future__ import annotations

import random
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

import attrs

from pixorga_core.domain.assessments import Answer, AssessmentState, Lookups
from pixorga_core.domain.campaigns import DEFAULT_ALGORITHM
from pixorga_core.domain.referential import Challenge, Referential
from pixorga_core.engine.answers import Response, check_answer
from pixorga_core.engine.knowledge import knowledge_for_answer
from pixorga_core.errors import InvalidInputError, PluginError, TargetProfileNotFoundError

if TYPE_CHECKING:
    from pixorga_core.registries import AssessmentAlgorithm

#: Look-ups of the target profiles assessed lately, shared by their assessments (they hold the
#: profile's tuples, so an id is not reused while its entry lives).
_LOOKUPS: OrderedDict[int, Lookups] = OrderedDict()
_LOOKUPS_SIZE = 64
_LOOKUPS_LOCK = threading.Lock()


def start_assessment(
    referential: Referential,
    target_profile_id: str,
    *,
    algorithm: str = DEFAULT_ALGORITHM,
    assessment_id: int | None = None,
) -> AssessmentState:
    """A new assessment of the target profile ``target_profile_id``, with no answer yet.

    :raises TargetProfileNotFoundError: the referential has no such target profile.
    """
    profile = referential.target_profiles_by_id.get(target_profile_id)
    if profile is None:
        raise TargetProfileNotFoundError(target_profile_id, referential_id=referential.id)
    skills = referential.profile_skills(profile)
    challenges = referential.profile_challenges(profile)
    with _LOOKUPS_LOCK:
        lookups = _LOOKUPS.get(id(challenges))
        if lookups is None or not lookups.fits(skills, challenges):
            lookups = _LOOKUPS[id(challenges)] = Lookups(skills, challenges)
            while len(_LOOKUPS) > _LOOKUPS_SIZE:
                _LOOKUPS.popitem(last=False)
    return AssessmentState(
        assessment_id=assessment_id,
        algorithm=algorithm,
        target_skills=skills,
        challenges=challenges,
        referential_id=referential.id,
        target_profile_id=profile.id,
        lookups=lookups,
    )


def apply_answer(state: AssessmentState, challenge_id: str, response: Response) -> AssessmentState:
    """The state after the pupil answered ``challenge_id`` with ``response`` (None: skipped).

    :raises InvalidInputError: the challenge is not part of this assessment (code
        ``CHALLENGE_NOT_IN_ASSESSMENT``), was already answered (``CHALLENGE_ALREADY_ANSWERED``),
        or the response is invalid (see :func:`~pixorga_core.engine.answers.check_answer`).
    """
    challenge = state.challenges_by_id.get(challenge_id)
    if challenge is None:
        raise InvalidInputError(
            f"L'épreuve « {challenge_id[:80]} » ne fait pas partie de ce parcours.",
            code="CHALLENGE_NOT_IN_ASSESSMENT",
        )
    if challenge_id in state.answered_challenge_ids:
        raise InvalidInputError(
            f"L'épreuve « {challenge_id} » a déjà reçu une réponse.",
            code="CHALLENGE_ALREADY_ANSWERED",
        )
    checked = check_answer(challenge, response)
    created = knowledge_for_answer(state, challenge, checked.status)
    answer = Answer(challenge_id=challenge.id, status=checked.status, value=checked.value)
    return attrs.evolve(
        state,
        answers=(*state.answers, answer),
        knowledge_elements=(*state.knowledge_elements, *created),
    )


def next_challenge(
    algorithm: AssessmentAlgorithm, state: AssessmentState, rng: random.Random
) -> Challenge | None:
    """Ask ``algorithm`` for the next challenge of ``state``; None when the assessment is over.

    What the algorithm returns is checked: it must be None or one of the state's challenges (so
    inside the target profile) not answered yet.

    :raises PluginError: the algorithm raised, or returned something else; the message names the
        algorithm.
    """
    name = getattr(algorithm, "name", None) or repr(algorithm)
    try:
        chosen = algorithm.next_challenge(state, rng)
    except Exception as exc:
        msg = f"assessment algorithm {name!r} raised {type(exc).__name__}: {exc}"
        raise PluginError(msg, plugin=name) from exc
    if chosen is None:
        return None
    if not isinstance(chosen, Challenge):
        msg = f"assessment algorithm {name!r} returned {chosen!r}, not a Challenge or None"
        raise PluginError(msg, plugin=name)
    own = state.challenges_by_id.get(chosen.id)
    if own is None or own.skill_id not in state.skills_by_id:
        msg = (
            f"assessment algorithm {name!r} chose challenge {chosen.id!r}, which is outside "
            f"the target profile {state.target_profile_id or ''!s} of this assessment"
        )
        raise PluginError(msg, plugin=name)
    if chosen.id in state.answered_challenge_ids:
        msg = f"assessment algorithm {name!r} chose challenge {chosen.id!r} again: already answered"
        raise PluginError(msg, plugin=name)
    return own
