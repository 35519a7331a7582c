"""The French demo referential shipped with the core loads, validates and follows the rules."""

from __future__ import annotations

import re

import pytest

from pixorga_core.defaults.referentials import demo_directory
from pixorga_core.referentials import load_referential
from pixorga_core.referentials.quality import quality_problems

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


def test_the_linter_finds_nothing(demo):
    # Issue #17: `pixorga referentials check` passes with no warning on the demo referential
    # (keys spread and not the longest, example answers agreed with, Markdown of the subset).
    from pixorga_core.engine.answers import is_right
    from pixorga_core.referentials.lint import lint

    assert lint(demo, is_right) == []


def test_every_open_question_has_a_number_format_when_its_answer_is_a_number(demo):
    missing = [
        c.id
        for c in demo.challenges
        if c.type.value == "QROC" and str(c.solution[0]).isdigit() and c.number is None
    ]
    assert missing == []


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


def _texts(demo):
    """Every text a pupil reads in the demo referential, with where it comes from."""
    for challenge in demo.challenges:
        yield challenge.id, challenge.instruction
        for proposal in challenge.proposals:
            yield challenge.id, proposal
        if challenge.document is not None:
            yield challenge.id, f"{challenge.document.title}\n{challenge.document.content}"
    for tutorial in demo.tutorials:
        yield tutorial.id, f"{tutorial.title}\n{tutorial.content}"


# Addresses in the content must not reach a real site: only the reserved .example domains
# (RFC 2606), which also keeps pupils from being sent anywhere by a question, and the State's
# own suffix, which pupils are taught to recognise.
_HOST = re.compile(r"(?<![\w-])((?:[a-z0-9-]+\.)+([a-z]{2,}))\b(?![@\w-])", re.IGNORECASE)
_FILE_EXTENSIONS = {
    "jpg",
    "jpeg",
    "png",
    "svg",
    "gif",
    "pdf",
    "odt",
    "ods",
    "odp",
    "docx",
    "xlsx",
    "pptx",
    "txt",
    "csv",
    "mp3",
    "mp4",
    "ogg",
    "wav",
    "webm",
    "html",
    "htm",
    "zip",
    "exe",
    "py",
    "json",
    "xml",
    "md",
    "bak",
    "tmp",
    "doc",
    "xls",
    "ppt",
    "jar",
    "sh",
    "bat",
    "iso",
    "mkv",
    "avi",
    "flac",
}


def _is_safe_host(host: str, suffix: str) -> bool:
    return (
        suffix in _FILE_EXTENSIONS
        or suffix == "example"
        or host == "gouv.fr"
        or host.endswith(".gouv.fr")
    )


def test_addresses_only_use_reserved_example_domains(demo):
    offenders = [
        f"{where}: {match.group(1)}"
        for where, text in _texts(demo)
        for match in _HOST.finditer(text)
        if not _is_safe_host(match.group(1).lower(), match.group(2).lower())
    ]
    assert offenders == []


_BRANDS = re.compile(
    r"\b(google|facebook|instagram|tiktok|snapchat|whatsapp|youtube|twitter|microsoft|windows|"
    r"apple|iphone|android|amazon|wikipedia|chrome|firefox|word|excel|powerpoint|discord)\b",
    re.IGNORECASE,
)


def test_names_no_brand(demo):
    # A school-neutral referential: generic names ("un moteur de recherche"), never products.
    offenders = [
        f"{where}: {m.group(0)}" for where, text in _texts(demo) for m in _BRANDS.finditer(text)
    ]
    assert offenders == []


def test_single_choice_answers_are_not_always_first(demo):
    positions = [c.solution for c in demo.challenges if c.type.value == "QCU"]
    assert positions.count(1) < 0.6 * len(positions)


def _right_responses(challenge):
    kind = challenge.type.value
    if kind in ("QCU", "QCM"):
        return [challenge.solution]
    if kind == "QROC":
        return list(challenge.solution)
    return [{field.key: field.solution[0] for field in challenge.fields}]


def test_every_solution_is_accepted_and_a_wrong_choice_refused(demo):
    from pixorga_core.domain.assessments import AnswerStatus
    from pixorga_core.engine.answers import check_answer

    wrong = []
    for challenge in demo.challenges:
        for response in _right_responses(challenge):
            if check_answer(challenge, response).status is not AnswerStatus.OK:
                wrong.append(f"{challenge.id}: {response!r} refused")
        if challenge.type.value == "QCU":
            others = [i for i in range(1, len(challenge.proposals) + 1) if i != challenge.solution]
            if any(check_answer(challenge, i).status is AnswerStatus.OK for i in others):
                wrong.append(f"{challenge.id}: a wrong proposal accepted")
        if check_answer(challenge, None).status is not AnswerStatus.SKIPPED:
            wrong.append(f"{challenge.id}: skipping not recorded as skipped")
    assert wrong == []
