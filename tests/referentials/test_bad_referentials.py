"""Every kind of broken referential is refused with a problem naming file, JSON path and id."""

from __future__ import annotations

from pathlib import Path

import pytest

from pixorga_core.errors import ReferentialError
from pixorga_core.referentials import ReferentialProblem, load_referential

C11 = "competences/1.1.json"
MAIN = "referential.json"


def ch(docs, challenge_id):
    for doc in docs.values():
        for challenge in doc["challenges"]:
            if challenge["id"] == challenge_id:
                return challenge
    raise KeyError(challenge_id)


def tube(docs, tube_id):
    for doc in docs.values():
        for t in doc["tubes"]:
            if t["id"] == tube_id:
                return t
    raise KeyError(tube_id)


def profile(main, profile_id):
    return next(p for p in main["target_profiles"] if p["id"] == profile_id)


# (mutation, file, JSON path, element id, words of the message)
CASES = {
    "duplicate skill id": (
        lambda m, d: tube(d, "1.1-source")["skills"][0].update(id="1.1-moteur-1"),
        C11,
        "$.tubes[1].skills[0].id",
        "1.1-moteur-1",
        "duplicate id '1.1-moteur-1': already used by the skill at competences/1.1.json: "
        "$.tubes[0].skills[0]",
    ),
    "duplicate id across kinds": (
        lambda m, d: ch(d, "ch-moteur-1-a").update(id="1.1-moteur"),
        C11,
        "$.challenges[0].id",
        "1.1-moteur",
        "already used by the tube",
    ),
    "challenge of a missing skill": (
        lambda m, d: ch(d, "ch-source-2-a").update(skill="1.1-source-4"),
        C11,
        "$.challenges[9].skill",
        "ch-source-2-a",
        "unknown skill '1.1-source-4'",
    ),
    "challenge of another competence's skill": (
        lambda m, d: ch(d, "ch-source-2-a").update(skill="2.1-forum-2"),
        C11,
        "$.challenges[9].skill",
        "ch-source-2-a",
        "belongs to competence '2.1', not to '1.1'",
    ),
    "challenge without a solution": (
        lambda m, d: ch(d, "ch-moteur-3-a").pop("solution"),
        C11,
        "$.challenges[2]",
        "ch-moteur-3-a",
        "'solution' is a required property",
    ),
    "QROC without a solution": (
        lambda m, d: ch(d, "ch-source-3-b").pop("solution"),
        C11,
        "$.challenges[12]",
        "ch-source-3-b",
        "'solution' is a required property",
    ),
    "QROCM field without a solution": (
        lambda m, d: ch(d, "ch-veille-4-b")["fields"][1].pop("solution"),
        C11,
        "$.challenges[16].fields[1]",
        "frequence",
        "'solution' is a required property",
    ),
    "QCU solution naming no proposal": (
        lambda m, d: ch(d, "ch-source-1-a").update(solution=3),
        C11,
        "$.challenges[8].solution",
        "ch-source-1-a",
        "solution 3 names no proposal (there are 2)",
    ),
    "QCM solution naming no proposal": (
        lambda m, d: ch(d, "ch-moteur-4-b").update(solution=[2, 5]),
        C11,
        "$.challenges[7].solution[1]",
        "ch-moteur-4-b",
        "solution 5 names no proposal (there are 4)",
    ),
    "QCM with a single right answer": (
        lambda m, d: ch(d, "ch-moteur-4-b").update(solution=[2]),
        C11,
        "$.challenges[7].solution",
        "ch-moteur-4-b",
        "1 items, expected minItems 2",
    ),
    "proposal index zero": (
        lambda m, d: ch(d, "ch-moteur-1-a").update(solution=0),
        C11,
        "$.challenges[0].solution",
        "ch-moteur-1-a",
        "0 is less than the minimum of 1",
    ),
    "fields in a QCU": (
        lambda m, d: ch(d, "ch-moteur-1-a").update(fields=[]),
        C11,
        "$.challenges[0].fields",
        "ch-moteur-1-a",
        "key 'fields' is not allowed in a QCU challenge",
    ),
    "misspelt key": (
        lambda m, d: ch(d, "ch-moteur-1-a").update(soluton=2),
        C11,
        "$.challenges[0]",
        "ch-moteur-1-a",
        "unknown key 'soluton' (free extension keys start with 'x-' or '_')",
    ),
    "duplicate QROCM field key": (
        lambda m, d: ch(d, "ch-veille-4-b")["fields"][1].update(key="site"),
        C11,
        "$.challenges[16].fields[1].key",
        "ch-veille-4-b",
        "field key 'site' appears twice",
    ),
    "two skills at one level in a tube": (
        lambda m, d: tube(d, "1.1-veille")["skills"][1].update(level=2),
        C11,
        "$.tubes[2].skills[1].level",
        "1.1-veille-3",
        "level 2 appears twice in tube '1.1-veille' (skills '1.1-veille-2' and '1.1-veille-3')",
    ),
    "level out of range": (
        lambda m, d: tube(d, "1.1-veille")["skills"][2].update(level=9),
        C11,
        "$.tubes[2].skills[2].level",
        "1.1-veille-4",
        "9 is greater than the maximum of 8",
    ),
    "script in an illustration": (
        lambda m, d: ch(d, "ch-source-3-b")["illustration"].update(
            svg='<svg><script>alert("x")</script></svg>'
        ),
        C11,
        "$.challenges[12].illustration.svg",
        "ch-source-3-b",
        "only static inline SVG is allowed",
    ),
    "event handler in an illustration": (
        lambda m, d: ch(d, "ch-source-3-b")["illustration"].update(
            svg='<svg onload="steal()"></svg>'
        ),
        C11,
        "$.challenges[12].illustration.svg",
        "ch-source-3-b",
        "event handler",
    ),
    "illustration without alternative text": (
        lambda m, d: ch(d, "ch-source-3-b")["illustration"].pop("alt"),
        C11,
        "$.challenges[12].illustration",
        "ch-source-3-b",
        "'alt' is a required property",
    ),
    "raw HTML in an instruction": (
        lambda m, d: ch(d, "ch-moteur-1-a").update(instruction="Lisez <b>bien</b> la question."),
        C11,
        "$.challenges[0].instruction",
        "ch-moteur-1-a",
        "raw HTML '<b>': use Markdown",
    ),
    "raw HTML in a document": (
        lambda m, d: ch(d, "ch-source-1-a")["document"].update(
            content='<div class="x">Texte</div>'
        ),
        C11,
        "$.challenges[8].document.content",
        "ch-source-1-a",
        "raw HTML '<div class=\"x\">'",
    ),
    "raw HTML in a tutorial": (
        lambda m, d: d["2.1.json"]["tutorials"][0].update(content="Un objet clair.<br/>Merci."),
        "competences/2.1.json",
        "$.tutorials[0].content",
        "tuto-courriel",
        "raw HTML '<br/>'",
    ),
    "tutorial on an unknown tube": (
        lambda m, d: d["1.1.json"]["tutorials"][0].update(tube="1.1-inconnu"),
        C11,
        "$.tutorials[0].tube",
        "tuto-moteur",
        "unknown tube '1.1-inconnu'",
    ),
    "tutorial on a skill of another tube": (
        lambda m, d: d["1.1.json"]["tutorials"][1].update(skills=["1.1-moteur-1"]),
        C11,
        "$.tutorials[1].skills[0]",
        "tuto-source",
        "skill '1.1-moteur-1' belongs to tube '1.1-moteur', not to the tutorial's tube",
    ),
    "competence file naming another competence": (
        lambda m, d: d["2.1.json"].update(competence="2.2"),
        "competences/2.1.json",
        "$.competence",
        "2.2",
        "named by competence '2.1' in referential.json but says it is competence '2.2'",
    ),
    "competence in an unknown area": (
        lambda m, d: m["competences"][1].update(area="9"),
        MAIN,
        "$.competences[1].area",
        "2.1",
        "unknown area '9'",
    ),
    "two competences sharing a file": (
        lambda m, d: m["competences"][1].update(file="competences/1.1.json"),
        MAIN,
        "$.competences[1].file",
        "2.1",
        "already the file of competence '1.1'",
    ),
    "target profile naming a missing skill": (
        lambda m, d: profile(m, "choisis")["skills"].append("1.1-moteur-9"),
        MAIN,
        "$.target_profiles[2].skills[2]",
        "choisis",
        "unknown skill '1.1-moteur-9'",
    ),
    "target profile naming a missing tube": (
        lambda m, d: profile(m, "decouverte")["tubes"].append("3.1-texte"),
        MAIN,
        "$.target_profiles[1].tubes[2]",
        "decouverte",
        "unknown tube '3.1-texte'",
    ),
    "target profile naming a missing competence": (
        lambda m, d: profile(m, "competence-1-1").update(competences=["1.2"]),
        MAIN,
        "$.target_profiles[0].competences[0]",
        "competence-1-1",
        "unknown competence '1.2'",
    ),
    "target profile naming a missing profile": (
        lambda m, d: profile(m, "tout").update(profiles=["aucun"]),
        MAIN,
        "$.target_profiles[3].profiles[0]",
        "tout",
        "unknown target profile 'aucun'",
    ),
    "target profile selecting nothing": (
        lambda m, d: m["target_profiles"].append(
            {"id": "vide", "name": "Vide", "tubes": ["1.1-veille"], "max_level": 1}
        ),
        MAIN,
        "$.target_profiles[4]",
        "vide",
        "this target profile selects no skill at level 1 or below",
    ),
    "target profile with no selection at all": (
        lambda m, d: m["target_profiles"].append({"id": "rien", "name": "Rien"}),
        MAIN,
        "$.target_profiles[4]",
        "rien",
        "needs at least one of: competences, tubes, skills, profiles",
    ),
    "target profiles in a cycle": (
        lambda m, d: profile(m, "competence-1-1").update(profiles=["tout"]),
        MAIN,
        "$.target_profiles[0].profiles",
        "competence-1-1",
        "cycle: competence-1-1 -> tout -> competence-1-1",
    ),
    "target profile including itself": (
        lambda m, d: profile(m, "choisis").update(profiles=["choisis"]),
        MAIN,
        "$.target_profiles[2].profiles",
        "choisis",
        "cycle: choisis -> choisis",
    ),
    "id with capitals": (
        lambda m, d: tube(d, "2.1-forum").update(id="2.1-Forum"),
        "competences/2.1.json",
        "$.tubes[1].id",
        "2.1-Forum",
        "does not match",
    ),
    "wrong format version": (
        lambda m, d: m.update(format="pixorga-referential/2"),
        MAIN,
        "$.format",
        "mini",
        "format must be 'pixorga-referential/1' (found 'pixorga-referential/2')",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_referential_is_refused_naming_the_culprit(mini_copy, case):
    mutate, file, path, element, words = CASES[case]
    directory = mini_copy(mutate)

    with pytest.raises(ReferentialError) as info:
        load_referential(directory)

    problems = info.value.problems
    assert all(isinstance(p, ReferentialProblem) for p in problems)
    matching = [p for p in problems if words in p.message]
    assert matching, "\n".join(map(str, problems))
    problem = matching[0]
    assert (problem.file, problem.path, problem.element) == (file, path, element)
    assert str(problem) in info.value.message
    assert str(directory) in info.value.message
    assert info.value.code == "INVALID_REFERENTIAL"


def test_every_problem_is_reported_at_once(mini_copy):
    def mutate(main, docs):
        ch(docs, "ch-moteur-1-a").update(solution=9)
        ch(docs, "ch-forum-1").update(skill="2.1-forum-9")
        profile(main, "choisis")["skills"].append("nope")

    with pytest.raises(ReferentialError) as info:
        load_referential(mini_copy(mutate))
    assert [(p.file, p.element) for p in info.value.problems] == [
        ("competences/1.1.json", "ch-moteur-1-a"),
        ("competences/2.1.json", "ch-forum-1"),
        ("referential.json", "choisis"),
    ]
    assert "3 problems" in info.value.message


def test_missing_competence_file(mini_copy):
    directory = mini_copy(lambda m, d: None)
    (directory / "competences" / "2.1.json").unlink()
    with pytest.raises(ReferentialError) as info:
        load_referential(directory)
    (problem,) = info.value.problems
    assert problem.file == "competences/2.1.json"
    assert problem.message == ("file not found (named at referential.json: $.competences[1].file)")


def test_file_that_is_not_json(mini_copy):
    directory = mini_copy(lambda m, d: None)
    (directory / "competences" / "1.1.json").write_text('{"competence": "1.1",\n  oops}', "utf-8")
    with pytest.raises(ReferentialError) as info:
        load_referential(directory)
    (problem,) = info.value.problems
    assert problem.file == "competences/1.1.json"
    assert "not valid JSON" in problem.message
    assert "line 2" in problem.message


def test_file_that_is_not_utf8(mini_copy):
    directory = mini_copy(lambda m, d: None)
    (directory / "referential.json").write_bytes('{"name": "Référentiel"}'.encode("latin-1"))
    with pytest.raises(ReferentialError, match=r"referential\.json: \$: not UTF-8 text"):
        load_referential(directory)


def test_directory_without_referential_json(tmp_path):
    with pytest.raises(ReferentialError) as info:
        load_referential(tmp_path)
    assert [str(p) for p in info.value.problems] == ["referential.json: $: file not found"]


@pytest.mark.parametrize("name", ["cycle", "missing-skill"])
def test_static_broken_fixtures_are_refused(name):
    directory = Path(__file__).resolve().parent / "broken" / name
    with pytest.raises(ReferentialError) as info:
        load_referential(directory)
    expected = {"cycle": "cycle: a -> b -> c -> a", "missing-skill": "unknown skill 't-3'"}[name]
    assert expected in info.value.message


def test_long_problem_lists_are_cut_in_the_message_but_kept(mini_copy):
    def mutate(main, docs):
        for challenge in docs["2.1.json"]["challenges"]:
            challenge["solution"] = 7
        for n in range(40):
            main["target_profiles"].append({"id": f"p{n}", "name": "P", "skills": ["x"]})

    with pytest.raises(ReferentialError) as info:
        load_referential(mini_copy(mutate))
    assert len(info.value.problems) == 48
    assert "… and 8 more" in info.value.message
