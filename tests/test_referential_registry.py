"""The referential registry: a :class:`Registry` keyed by id, and its use-case lookups."""

from __future__ import annotations

import pytest

from pixorga_core.domain.referential import Referential, TargetProfile
from pixorga_core.errors import (
    NotFoundError,
    PluginError,
    ReferentialNotFoundError,
    TargetProfileNotFoundError,
)
from pixorga_core.registries import ReferentialRegistry, Registry


def profile(profile_id: str) -> TargetProfile:
    return TargetProfile(id=profile_id, name=f"Profil {profile_id}", skill_ids=())


@pytest.fixture
def registry() -> ReferentialRegistry:
    registry = ReferentialRegistry()
    registry.add(
        Referential(
            id="pix-demo",
            name="Démo",
            target_profiles=(profile("decouverte"), profile("tout")),
        )
    )
    # Referential ids follow the referential format: digits first and dots are allowed.
    registry.add(Referential(id="2024.lycee", name="Lycée", target_profiles=(profile("tout"),)))
    return registry


def test_is_a_registry_keyed_by_id(registry: ReferentialRegistry) -> None:
    assert isinstance(registry, Registry)
    assert registry.names() == ["pix-demo", "2024.lycee"]
    assert "2024.lycee" in registry
    assert "Démo" not in registry
    assert [r.id for r in registry] == ["pix-demo", "2024.lycee"]


def test_get_speaks_to_the_operator(registry: ReferentialRegistry) -> None:
    with pytest.raises(PluginError) as info:
        registry.get("pix-core")
    assert info.value.message == (
        "no referential with id 'pix-core' (registered: pix-demo, 2024.lycee)"
    )


def test_find_referential(registry: ReferentialRegistry) -> None:
    assert registry.find_referential("2024.lycee").name == "Lycée"
    with pytest.raises(ReferentialNotFoundError) as info:
        registry.find_referential("pix-core")
    assert isinstance(info.value, NotFoundError)
    assert info.value.code == "REFERENTIAL_NOT_FOUND"
    assert info.value.referential_id == "pix-core"
    assert info.value.message == "Le référentiel de compétences « pix-core » est introuvable."


def test_target_profiles_list_every_profile_for_a_select(registry: ReferentialRegistry) -> None:
    assert [(r.id, p.id) for r, p in registry.target_profiles()] == [
        ("pix-demo", "decouverte"),
        ("pix-demo", "tout"),
        ("2024.lycee", "tout"),
    ]
    assert ReferentialRegistry().target_profiles() == []


def test_find_target_profile_in_a_referential(registry: ReferentialRegistry) -> None:
    referential, found = registry.find_target_profile("tout", referential_id="2024.lycee")
    assert (referential.id, found.id) == ("2024.lycee", "tout")
    with pytest.raises(TargetProfileNotFoundError) as info:
        registry.find_target_profile("decouverte", referential_id="2024.lycee")
    assert info.value.code == "TARGET_PROFILE_NOT_FOUND"
    assert info.value.message == (
        "Le profil cible « decouverte » n'existe pas dans le référentiel « 2024.lycee »."
    )
    with pytest.raises(ReferentialNotFoundError):
        registry.find_target_profile("tout", referential_id="pix-core")


def test_find_target_profile_across_referentials(registry: ReferentialRegistry) -> None:
    referential, found = registry.find_target_profile("decouverte")
    assert (referential.id, found.id) == ("pix-demo", "decouverte")
    with pytest.raises(TargetProfileNotFoundError) as info:
        registry.find_target_profile("nope")
    assert (info.value.holders, info.value.profile_id) == ((), "nope")
    assert info.value.message == "Aucun référentiel n'a de profil cible « nope »."
    with pytest.raises(TargetProfileNotFoundError) as info:
        registry.find_target_profile("tout")
    assert info.value.holders == ("pix-demo", "2024.lycee")
    assert "précisez le référentiel" in info.value.message
