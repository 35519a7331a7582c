from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pixorga_core.domain.organizations import (
    CHECK_ALPHABET,
    Organization,
    OrganizationType,
    is_valid_uai,
    normalize_uai,
    uai_check_letter,
)

#: Real UAIs found in public sources (formats.md §B.3).
REAL_UAIS = ["0750680G", "0660864F", "0752387M", "0931434D", "0140070A", "0561534N", "0561607T"]


def test_check_alphabet_has_23_letters_without_i_o_q():
    assert len(CHECK_ALPHABET) == 23
    assert not set("IOQ") & set(CHECK_ALPHABET)


@pytest.mark.parametrize("uai", REAL_UAIS)
def test_real_uais_are_valid(uai):
    assert uai_check_letter(uai[:7]) == uai[7]
    assert is_valid_uai(uai)


@pytest.mark.parametrize("uai", REAL_UAIS)
def test_every_other_check_letter_is_refused(uai):
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        if letter != uai[7]:
            assert not is_valid_uai(uai[:7] + letter)


@pytest.mark.parametrize(
    ("first_seven", "letter"),
    [
        ("0000000", "A"),  # 0 % 23 = 0
        ("0000022", "Z"),  # 22 -> last letter
        ("0000023", "A"),  # wraps around
        ("0000008", "J"),  # I is skipped
        ("0000013", "P"),  # O is skipped
        ("0000014", "R"),  # Q is skipped
    ],
)
def test_check_letter_computation(first_seven, letter):
    assert uai_check_letter(first_seven) == letter


@pytest.mark.parametrize(
    "uai",
    [
        "0752387m",  # not normalised
        " 0752387M",
        "752387M",  # too short
        "00752387M",  # too long
        "123ABC",  # Pix fixture style
        "0992387M",  # department 099 does not exist
        "1752387M",
        "075238AM",
        "",
    ],
)
def test_malformed_uais_are_refused(uai):
    assert not is_valid_uai(uai)


@pytest.mark.parametrize("first_three", ["620", "720", "974", "976", "095", "001"])
def test_department_shapes_are_accepted(first_three):
    first_seven = first_three + "0001"
    assert is_valid_uai(first_seven + uai_check_letter(first_seven))


def test_normalize_uai():
    assert normalize_uai(" 0752387m ") == "0752387M"
    assert is_valid_uai(normalize_uai(" 0752387m "))


def organization(**overrides) -> Organization:
    values = {
        "id": 1,
        "name": "Collège",
        "type": OrganizationType.SCO,
        "uai": "0752387M",
        "email": None,
        "is_managing_students": True,
        "identity_provider": None,
        "archived_at": None,
        "created_at": datetime(2026, 9, 1, tzinfo=UTC),
    }
    values.update(overrides)
    return Organization(**values)


def test_organization_properties():
    assert not organization().is_archived
    assert organization(archived_at=datetime(2026, 9, 2, tzinfo=UTC)).is_archived
    assert organization().is_sco_managing_students
    assert not organization(is_managing_students=False).is_sco_managing_students
    assert not organization(type=OrganizationType.PRO).is_sco_managing_students
