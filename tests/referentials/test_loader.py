from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest

from pixorga_core.domain.referential import ChallengeType, Tolerance
from pixorga_core.referentials import load_referential
from pixorga_core.referentials.schema import schema

MINI = Path(__file__).resolve().parent / "mini"


@pytest.fixture(scope="module")
def mini():
    return load_referential(MINI)


def test_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(schema())
    shipped = files("pixorga_core.referentials").joinpath("schema.json").read_text("utf-8")
    assert json.loads(shipped)["$defs"]["competenceFile"]


def test_loads_areas_competences_tubes_and_skills(mini):
    assert mini.id == "mini"
    assert mini.version == "test"
    assert [a.id for a in mini.areas] == ["1", "2"]
    assert mini.competences_by_id["1.1"].name == "Mener une recherche et une veille d'information"
    assert mini.competences_by_id["2.1"].area_id == "2"
    assert [t.id for t in mini.tubes] == [
        "1.1-moteur",
        "1.1-source",
        "1.1-veille",
        "2.1-courriel",
        "2.1-forum",
    ]
    skill = mini.skills_by_id["1.1-source-3"]
    assert (skill.tube_id, skill.competence_id, skill.level, skill.hint) == (
        "1.1-source",
        "1.1",
        3,
        "Qui a écrit ?",
    )
    assert [s.level for s in mini.skills_by_tube["1.1-source"]] == [1, 2, 3, 5]


def test_pix_value_is_8_per_level_shared_among_the_competence_skills_of_that_level(mini):
    # Competence 1.1 has two skills at level 1 (moteur, source) and three at level 2.
    assert mini.skills_by_id["1.1-moteur-1"].pix_value == 4.0
    assert mini.skills_by_id["1.1-veille-2"].pix_value == pytest.approx(8 / 3)
    assert mini.skills_by_id["1.1-moteur-6"].pix_value == 8.0
    total = sum(s.pix_value for s in mini.skills_by_competence["1.1"])
    levels = {s.level for s in mini.skills_by_competence["1.1"]}
    assert total == pytest.approx(8 * len(levels))


def test_challenges_of_every_type(mini):
    qcu = mini.challenges_by_id["ch-source-1-a"]
    assert qcu.type is ChallengeType.QCU
    assert qcu.proposals == ("Oui", "Non")
    assert qcu.solution == 2
    assert qcu.document is not None
    assert qcu.document.title == "Page web"
    assert (qcu.irt_discriminant, qcu.irt_difficulty) == (1.0, 1 - 4.5)

    qcm = mini.challenges_by_id["ch-moteur-4-b"]
    assert qcm.type is ChallengeType.QCM
    assert qcm.solution == (1, 2)
    assert qcm.timer_seconds == 60
    assert qcm.is_timed

    qroc = mini.challenges_by_id["ch-source-3-b"]
    assert qroc.solution == ("Paris", "ville de Paris")
    assert qroc.tolerances == frozenset(Tolerance)
    assert qroc.placeholder == "Ville"
    assert qroc.illustration is not None
    assert qroc.illustration.svg.startswith("<svg")
    assert mini.challenges_by_id["ch-moteur-2-b"].tolerances == {Tolerance.T1, Tolerance.T2}

    qrocm = mini.challenges_by_id["ch-veille-4-b"]
    assert qrocm.type is ChallengeType.QROCM
    assert [f.key for f in qrocm.fields] == ["site", "frequence"]
    assert qrocm.fields[1].solution == ("chaque jour", "quotidienne")
    assert (qrocm.irt_discriminant, qrocm.irt_difficulty) == (1.7, -0.2)
    assert [c.id for c in mini.challenges_by_skill["1.1-veille-4"]] == [
        "ch-veille-4-a",
        "ch-veille-4-b",
    ]


def test_tutorials_default_to_every_skill_of_their_tube(mini):
    by_id = {t.id: t for t in mini.tutorials}
    assert by_id["tuto-veille"].skill_ids == ("1.1-veille-2", "1.1-veille-3", "1.1-veille-4")
    assert by_id["tuto-source"].skill_ids == ("1.1-source-1", "1.1-source-2")
    assert by_id["tuto-moteur"].duration_minutes == 3
    assert [t.id for t in mini.tutorials_by_skill["1.1-source-2"]] == ["tuto-source"]
    assert "1.1-source-5" not in mini.tutorials_by_skill


@pytest.mark.parametrize(
    ("profile_id", "expected"),
    [
        ("choisis", ["1.1-moteur-2", "2.1-courriel-1"]),
        (
            "decouverte",
            [f"1.1-moteur-{n}" for n in (1, 2, 3)] + [f"2.1-courriel-{n}" for n in (1, 2, 3)],
        ),
    ],
)
def test_target_profiles_select_skills(mini, profile_id, expected):
    assert list(mini.target_profile(profile_id).skill_ids) == expected


def test_target_profile_by_competence_and_by_other_profiles(mini):
    whole = mini.target_profile("competence-1-1")
    assert len(whole.skill_ids) == 13
    assert whole.description == "Tout le 1.1."
    everything = mini.target_profile("tout")
    assert list(everything.skill_ids) == [s.id for s in mini.skills]
    assert len(mini.profile_challenges(whole)) == 17


def test_unknown_target_profile_names_the_known_ones(mini):
    with pytest.raises(KeyError, match=r"no target profile 'nope' \(known: competence-1-1, "):
        mini.target_profile("nope")


def test_loads_from_an_importlib_resource_like_the_demo(mini, tmp_path):
    # Traversable is what importlib.resources.files() returns for package data.
    resource = files("pixorga_core").joinpath("referentials")
    assert resource.joinpath("schema.json").is_file()
    import zipfile

    archive = tmp_path / "ref.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in MINI.rglob("*.json"):
            zf.write(path, f"mini/{path.relative_to(MINI)}")
    loaded = load_referential(zipfile.Path(archive, "mini/"))
    assert loaded == mini


def test_informative_keys_may_be_left_out(mini_copy):
    def mutate(main, docs):
        del main["areas"][0]["code"]
        del main["competences"][1]["code"]
        tube = docs["2.1.json"]["tubes"][1]
        del tube["name"]
        del tube["skills"][0]["name"]
        del docs["2.1.json"]["challenges"]
        del docs["2.1.json"]["tutorials"]

    referential = load_referential(mini_copy(mutate))
    assert referential.areas[0].code == "1"
    assert referential.competences_by_id["2.1"].code == "2.1"
    assert referential.tubes_by_id["2.1-forum"].name == "2.1-forum"
    assert referential.skills_by_id["2.1-forum-1"].name == "2.1-forum1"
    assert referential.skills_by_id["2.1-forum-2"].name == "@forum2"
    assert "2.1-forum-1" not in referential.challenges_by_skill


def test_comparisons_in_text_are_not_html(mini_copy):
    def mutate(main, docs):
        docs["1.1.json"]["challenges"][0]["instruction"] = "Si a < b et b > c, que vaut <x> ?"

    referential = load_referential(mini_copy(mutate))
    assert referential.challenges_by_id["ch-moteur-1-a"].instruction.startswith("Si a < b")
