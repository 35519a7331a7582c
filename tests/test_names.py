from __future__ import annotations

import pytest

from pixorga_core.emails import is_valid_email, normalize_email
from pixorga_core.names import normalize_name


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
