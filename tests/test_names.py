from __future__ import annotations

import pytest

from pixorga_core.domain.referential import Tolerance
from pixorga_core.emails import is_valid_email, normalize_email
from pixorga_core.engine.answers import normalize
from pixorga_core.names import LIGATURES, base_letters, fold, normalize_name, person_name_errors


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("Jean-Éric", "jeaneric"),
        ("  Marie  Claire ", "marieclaire"),
        ("D'Artagnan", "dartagnan"),
        ("Zoë", "zoe"),
        ("Çelik", "celik"),
        ("Cocœ", "coc"),  # ligatures are dropped, as in the reference system
        ("Louis XIV", "louisxiv"),
        ("Anne-Marie 2", "annemarie2"),
        ("Ωμέγα", ""),
    ],
)
def test_normalize_name(raw, normalised):
    assert normalize_name(raw) == normalised


# The union of what the three normalisers (usernames and matching, search and sort, answers) met
# before they became one: each row gives base_letters, normalize_name, fold.
@pytest.mark.parametrize(
    ("raw", "letters", "name", "folded"),
    [
        ("Œuvray", "oeuvray", "uvray", "oeuvray"),
        ("Cœur", "coeur", "cur", "coeur"),
        ("ÆBISCHER", "aebischer", "bischer", "aebischer"),
        ("Lætitia", "laetitia", "ltitia", "laetitia"),
        ("Strauß", "strauss", "strau", "strauss"),
        ("STRAUẞ", "strauss", "strau", "strauss"),
        ("Ĳssel", "ijssel", "ssel", "ijssel"),  # fold used to lose the capital ĳ
        ("ĳssel", "ijssel", "ssel", "ijssel"),
        ("N'Diaye", "n'diaye", "ndiaye", "n diaye"),
        ("d’Almeida", "d’almeida", "dalmeida", "d almeida"),
        ("Jean-Éric", "jean-eric", "jeaneric", "jean eric"),
        ("Saint--Exupéry", "saint--exupery", "saintexupery", "saint exupery"),
        ("Zoë Chloé Inès", "zoe chloe ines", "zoechloeines", "zoe chloe ines"),
        ("  Marie \t Claire ", "  marie \t claire ", "marieclaire", "marie claire"),
        ("Çelik Gonçalves", "celik goncalves", "celikgoncalves", "celik goncalves"),
        ("Nuñez Ramírez", "nunez ramirez", "nunezramirez", "nunez ramirez"),
        ("ÎLE-DE-FRANCE", "ile-de-france", "iledefrance", "ile de france"),
        ("\ufb01ona", "fiona", "fiona", "fiona"),  # a typographic ligature is its letters
        ("Ωμέγα", "ωμεγα", "", ""),
    ],
)
def test_one_normaliser_for_names(raw, letters, name, folded):
    assert base_letters(raw) == letters
    assert normalize_name(raw) == name
    assert fold(raw) == folded


def test_ligatures_are_dropped_or_expanded_from_one_table():
    assert set(LIGATURES) == {"Œ", "œ", "Æ", "æ", "ẞ", "ß", "Ĳ", "ĳ"}
    for ligature, letters in LIGATURES.items():
        assert base_letters(ligature) == letters.casefold()
        assert base_letters(ligature, expand_ligatures=False) == ""


def test_answers_fold_letters_like_names():
    t1, t2 = frozenset({Tolerance.T1}), frozenset({Tolerance.T1, Tolerance.T2})
    for raw in ("Œuvre d'ÆSOPE", "Strauß-Straße", "Ĳssel Éloïse"):
        # Issue #17: t1 removes every space, t2 punctuation (it used to make spaces of them).
        assert normalize(raw, t1) == "".join(base_letters(raw).split())
        assert normalize(raw, t2) == "".join(fold(raw).split())


def test_normalize_email():
    assert normalize_email("  Camille.Durand@Ecole.TEST ") == "camille.durand@ecole.test"


@pytest.mark.parametrize(
    "email", ["ce.0752387m@ac-paris.fr", "a+b@ecole.test", "prenom.nom@sous.domaine.ecole.fr"]
)
def test_valid_emails(email):
    assert is_valid_email(email)


@pytest.mark.parametrize(
    "email",
    [
        "",
        "pas-une-adresse",
        "@ecole.test",
        "camille@",
        "camille@ecole",
        "camille durand@ecole.test",
        "camille@ecole.test\nBcc: x@y.test",
        "camille..durand@ecole.test",
        "camille@-ecole.test",
        "a" * 250 + "@ecole.test",
    ],
)
def test_invalid_emails(email):
    assert not is_valid_email(email)


# -- names a person types: nothing invisible (issue #13, point 6) ------------------------------

DISGUISES = [
    "\u202e",  # RIGHT-TO-LEFT OVERRIDE: "Dupont\u202etnop" reads as another name
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200b",  # zero-width space: "Du\u200bpont" looks like "Dupont"
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\x85",
]


@pytest.mark.parametrize("hidden", DISGUISES, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_a_name_with_an_invisible_character_is_refused(hidden: str, field: str) -> None:
    names = {"first_name": "Jeanne", "last_name": "Dupont"}
    names[field] = f"Du{hidden}pont"
    errors = person_name_errors(**names)
    assert set(errors) == {field}
    assert "caractère invisible" in errors[field]


@pytest.mark.parametrize(
    "name",
    ["Zoé", "N'Diaye-Éloi", "Œuvray", "Ngô Bảo Châu", "Дмитрий", "محمد", "李 小龍", "O’Neil"],
)
def test_names_of_every_script_stay_accepted(name: str) -> None:
    assert person_name_errors(name, name) == {}
