"""The French demo referential shipped with the core loads, validates and follows the rules."""

from __future__ import annotations

import pytest

from pixorga_core.defaults.referentials import demo_directory
from pixorga_core.referentials import load_referential
from pixorga_core.referentials.quality import quality_problems

pytestmark = pytest.mark.skipif(
    not demo_directory().joinpath("referential.json").is_file(),
    reason="the demo referential content (src/pixorga_core/referentials/demo) is written on "
    "another branch and not merged yet",
)

PUBLIC_NAMES = {
    "1.1": "Mener une recherche et une veille d'information",
    "1.2": "Gérer des données",
    "1.3": "Traiter des données",
    "2.1": "Interagir",
    "2.2": "Partager et publier",
    "2.3": "Collaborer",
    "2.4": "S'insérer dans le monde numérique",
    "3.1": "Développer des documents textuels",
    "3.2": "Développer des documents multimédia",
    "3.3": "Adapter les documents à leur finalité",
    "3.4": "Programmer",
    "4.1": "Sécuriser l'environnement numérique",
    "4.2": "Protéger les données personnelles et la vie privée",
    "4.3": "Protéger la santé, le bien-être et l'environnement",
    "5.1": "Résoudre des problèmes techniques",
    "5.2": "Construire un environnement numérique",
}


@pytest.fixture(scope="module")
def demo():
    return load_referential(demo_directory())


def test_five_areas_and_sixteen_competences_with_their_public_names(demo):
    assert [a.id for a in demo.areas] == ["1", "2", "3", "4", "5"]
    assert {c.id: c.name for c in demo.competences} == PUBLIC_NAMES


def test_follows_the_quality_rules(demo):
    assert quality_problems(demo) == []


def test_competence_1_1_is_complete_enough_for_a_class(demo):
    skills = demo.skills_by_competence["1.1"]
    challenges = [c for s in skills for c in demo.challenges_by_skill.get(s.id, ())]
    assert len(challenges) >= 30
    assert {s.level for s in skills} >= {1, 2, 3, 4, 5, 6}


def test_has_a_target_profile_for_competence_1_1(demo):
    whole = [
        p
        for p in demo.target_profiles
        if set(p.skill_ids) == {s.id for s in demo.skills_by_competence["1.1"]}
    ]
    assert whole


def test_is_registered_by_the_default_plugin(hooks, demo):
    assert hooks.referentials().get(demo.id) == demo
