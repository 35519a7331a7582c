"""What a campaign may test (the competences, then the other target profiles of the registered
referentials) and with which algorithm — the choices of « Créer une campagne » — and whether a
stored campaign can still run on this server."""

from __future__ import annotations

import attrs

from pixorga_core.domain.campaigns import DEFAULT_ALGORITHM, Campaign
from pixorga_core.domain.referential import Referential, TargetProfile
from pixorga_core.errors import ReferentialNotFoundError, TargetProfileNotFoundError
from pixorga_core.facade import Hooks

ARCHIVED_REFUSAL = "Cette campagne est archivée : elle n'accepte plus de participants."
DELETED_REFUSAL = "Cette campagne a été supprimée."
REFERENTIAL_GONE = (
    "Le référentiel de cette campagne ({referential}) n'est plus installé sur ce serveur : "
    "la campagne n'accepte plus de participants. Contactez l'administrateur du service."
)
PROFILE_GONE = (
    "Le profil cible de cette campagne ({profile}) n'existe plus dans le référentiel installé : "
    "la campagne n'accepte plus de participants. Contactez l'administrateur du service."
)
ALGORITHM_GONE = (
    "L'algorithme de cette campagne ({algorithm}) n'est plus installé sur ce serveur : "
    "la campagne n'accepte plus de participants. Contactez l'administrateur du service."
)


@attrs.frozen(kw_only=True)
class TargetChoice:
    """One entry of « Que souhaitez-vous tester ? »; ``value`` is what the form sends."""

    value: str
    label: str
    #: The heading the entry is listed under (None: the competences, listed first).
    group: str | None
    referential: Referential = attrs.field(repr=False, eq=False)
    profile: TargetProfile = attrs.field(repr=False, eq=False)


def target_value(referential_id: str, target_profile_id: str) -> str:
    return f"{referential_id}:{target_profile_id}"


def _code_key(code: str) -> tuple[tuple[int, str], ...]:
    """``"1.10"`` after ``"1.9"``: numbers compared as numbers."""
    return tuple((int(part), "") if part.isdigit() else (0, part) for part in code.split("."))


def _competence_of(referential: Referential, profile: TargetProfile) -> tuple[str, str] | None:
    """(code, ``"1.1 - Mener une recherche…"``) when the profile is exactly one whole
    competence."""
    wanted = frozenset(profile.skill_ids)
    for competence in referential.competences:
        skills = referential.skills_by_competence.get(competence.id, ())
        if skills and frozenset(s.id for s in skills) == wanted:
            return competence.code, f"{competence.code} - {competence.name}"
    return None


def target_choices(hooks: Hooks) -> list[TargetChoice]:
    """The competences of every registered referential (by code), then their other target
    profiles, under the referential's name."""
    competences: list[tuple[tuple[tuple[int, str], ...], int, TargetChoice]] = []
    others: list[TargetChoice] = []
    for referential, profile in hooks.referentials().target_profiles():
        value = target_value(referential.id, profile.id)
        competence = _competence_of(referential, profile)
        if competence is not None:
            code, label = competence
            choice = TargetChoice(
                value=value, label=label, group=None, referential=referential, profile=profile
            )
            competences.append((_code_key(code), len(competences), choice))
        else:
            others.append(
                TargetChoice(
                    value=value,
                    label=profile.name,
                    group=f"Profils cibles — {referential.name}",
                    referential=referential,
                    profile=profile,
                )
            )
    return [*(choice for _, _, choice in sorted(competences, key=lambda c: c[:2])), *others]


def target_label(hooks: Hooks, campaign: Campaign) -> str:
    """What the campaign tests, as the create form named it (the stored ids when not installed)."""
    for choice in target_choices(hooks):
        if choice.value == target_value(campaign.referential_id, campaign.target_profile_id):
            return choice.label
    return f"{campaign.target_profile_id} ({campaign.referential_id})"


def algorithm_choices(hooks: Hooks) -> list[tuple[str, str]]:
    """The registered algorithms as (name, label), the default first."""
    found = [(a.name, a.label) for a in hooks.assessment_algorithms()]
    return sorted(found, key=lambda item: item[0] != DEFAULT_ALGORITHM)


def unavailable_reason(hooks: Hooks, campaign: Campaign) -> str | None:
    """Why the campaign cannot run on this server (its referential, target profile or algorithm
    is no longer installed), in French; ``None`` when it can."""
    try:
        hooks.referentials().find_target_profile(
            campaign.target_profile_id, referential_id=campaign.referential_id
        )
    except ReferentialNotFoundError:
        return REFERENTIAL_GONE.format(referential=campaign.referential_id)
    except TargetProfileNotFoundError:
        return PROFILE_GONE.format(profile=campaign.target_profile_id)
    if campaign.algorithm not in hooks.assessment_algorithms():
        return ALGORITHM_GONE.format(algorithm=campaign.algorithm)
    return None


def participation_refusal(hooks: Hooks, campaign: Campaign) -> str | None:
    """Why the campaign refuses new participations (deleted, archived, not installed)."""
    if campaign.is_deleted:
        return DELETED_REFUSAL
    if campaign.is_archived:
        return ARCHIVED_REFUSAL
    return unavailable_reason(hooks, campaign)
