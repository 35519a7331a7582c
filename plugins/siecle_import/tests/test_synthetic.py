"""The synthetic SIECLE generator (bench/make_siecle.py) writes files shaped like real exports."""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs
import pytest
from lxml import etree

from pixorga_siecle_import.testing.synthetic import (
    SyntheticOptions,
    SyntheticSummary,
    write_siecle,
    write_siecle_zip,
)

KEY23 = "ABCDEFGHJKLMNPRSTUVWXYZ"


def generate(pupils: int = 400, seed: int = 7, **kwargs: Any) -> tuple[bytes, SyntheticSummary]:
    options = SyntheticOptions(pupils=pupils, uai="0759999L", seed=seed, **kwargs)
    out = io.BytesIO()
    summary = write_siecle(out, options)
    return out.getvalue(), summary


def text(element: etree._Element, tag: str) -> str:
    """Text of a direct child, '' when missing or empty (SIECLE: both mean 'no value')."""
    child = element.find(tag)
    return (child.text or "").strip() if child is not None else ""


@attrs.define
class Parsed:
    uaj: str = ""
    pupils: dict[str, dict[str, str]] = attrs.field(factory=dict)  # ELEVE_ID -> fields
    last_year_tags: int = 0
    divisions: dict[str, list[tuple[str, str]]] = attrs.field(factory=dict)
    options: int = 0
    scholarships: int = 0
    addresses: int = 0


FIELDS = (
    "ID_NATIONAL",
    "INE_RNIE",
    "INE_BEA",
    "NOM_DE_FAMILLE",
    "NOM_USAGE",
    "PRENOM",
    "DATE_NAISS",
    "CODE_SEXE",
    "CODE_PAYS",
    "CODE_COMMUNE_INSEE_NAISS",
    "CODE_DEPARTEMENT_NAISS",
    "VILLE_NAISS",
    "CODE_MEF",
    "DATE_SORTIE",
)


def parse(data: bytes) -> Parsed:
    """Stream the file as an importer would (iterparse, elements cleared)."""
    parsed = Parsed()
    events = etree.iterparse(
        io.BytesIO(data),
        events=("end",),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
    )
    for _, element in events:
        tag = element.tag
        if tag == "UAJ":
            parsed.uaj = element.text or ""
        elif tag == "ELEVE":
            parsed.pupils[element.get("ELEVE_ID")] = {f: text(element, f) for f in FIELDS}
            parsed.last_year_tags += element.find("SCOLARITE_AN_DERNIER") is not None
            element.clear()
        elif tag == "OPTION":
            parsed.options += 1
            element.clear()
        elif tag == "STRUCTURES_ELEVE":
            parsed.divisions[element.get("ELEVE_ID")] = [
                (text(s, "CODE_STRUCTURE"), text(s, "TYPE_STRUCTURE"))
                for s in element.iterfind("STRUCTURE")
            ]
            element.clear()
        elif tag == "BOURSE":
            parsed.scholarships += 1
        elif tag == "ADRESSE":
            parsed.addresses += 1
    return parsed


def rnie_ok(ine: str) -> bool:
    key = 97 - int(ine[:9]) % 97
    return ine[9:] == "ABCDEFGHJK"[key // 10] + "ABCDEFGHJK"[key % 10]


def bea_ok(ine: str) -> bool:
    return ine[10] == KEY23[int(ine[:10]) % 23]


@pytest.fixture(scope="module")
def sample() -> tuple[bytes, SyntheticSummary, Parsed]:
    data, summary = generate(pupils=2000, seed=3)
    return data, summary, parse(data)


def test_prolog_root_and_parametres(sample: tuple[bytes, SyntheticSummary, Parsed]) -> None:
    data, _, parsed = sample
    assert data.startswith(
        b'<?xml version="1.0" encoding="ISO-8859-15"?>\n<BEE_ELEVES VERSION="3.0">'
    )
    root = etree.fromstring(data[:2000].split(b"<DONNEES>")[0] + b"</BEE_ELEVES>")
    params = root.find("PARAMETRES")
    assert params is not None
    assert parsed.uaj == text(params, "UAJ") == "0759999L"
    assert text(params, "ANNEE_SCOLAIRE") == "2024"
    datetime.strptime(text(params, "DATE_EXPORT"), "%d/%m/%Y")
    datetime.strptime(text(params, "HORODATAGE"), "%d/%m/%Y %H:%M:%S")


def test_iso_8859_15_ligatures_and_question_marks(
    sample: tuple[bytes, SyntheticSummary, Parsed],
) -> None:
    data, summary, parsed = sample
    names = [p["NOM_DE_FAMILLE"] + " " + p["PRENOM"] for p in parsed.pupils.values()]
    joined = "\n".join(names)
    # Œ is 0xBC in ISO-8859-15 (¼ in Latin-1): it must come back from the parser as Œ.
    assert "Œ" in joined
    assert "Œ".encode("iso-8859-15") in data
    assert "Œ".encode() not in data  # not UTF-8
    assert "Ÿ" in joined
    assert "Æ" in joined or "æ" in joined
    assert "'" in joined
    assert any("-" in p["NOM_DE_FAMILLE"] for p in parsed.pupils.values())
    assert summary.unencodable_names == sum("?" in name for name in names) > 0
    data.decode("iso-8859-15")  # every byte is a valid ISO-8859-15 character


def test_summary_counts_match_the_xml(sample: tuple[bytes, SyntheticSummary, Parsed]) -> None:
    _, summary, parsed = sample
    pupils = parsed.pupils
    assert summary.in_file == len(pupils) == 2000
    leavers = {i for i, p in pupils.items() if p["DATE_SORTIE"]}
    without_ine = {i for i, p in pupils.items() if not p["ID_NATIONAL"]}
    inactive = {
        i
        for i, s in parsed.divisions.items()
        if not [code for code, kind in s if kind == "D" and code != "Inactifs"]
    }
    assert set(parsed.divisions) == set(pupils)
    assert summary.leavers == len(leavers) > 0
    assert summary.without_ine == len(without_ine) > 0
    assert summary.inactive_only == len(inactive) > 0
    assert not (leavers & without_ine)
    assert not (leavers & inactive)
    assert not (without_ine & inactive)
    kept = set(pupils) - leavers - without_ine - inactive
    assert summary.kept == len(kept)
    assert summary.kept + summary.leavers + summary.without_ine + summary.inactive_only == 2000
    by_division = Counter(
        [code for code, kind in parsed.divisions[i] if kind == "D"][-1] for i in kept
    )
    assert dict(summary.kept_by_division) == dict(by_division)
    bea = [p["ID_NATIONAL"] for p in pupils.values() if p["ID_NATIONAL"][9:10].isdigit()]
    assert summary.bea_ines == len(bea)
    assert summary.bytes_written == len(sample[0])


def test_shape_of_pupils_and_blocks(sample: tuple[bytes, SyntheticSummary, Parsed]) -> None:
    data, _, parsed = sample
    pupils = parsed.pupils.values()
    assert all(p["NOM_DE_FAMILLE"] and p["PRENOM"] for p in pupils)
    assert all(p["CODE_SEXE"] in {"1", "2"} for p in pupils)
    for p in pupils:
        datetime.strptime(p["DATE_NAISS"], "%d/%m/%Y")
        if p["CODE_PAYS"] == "100":
            assert len(p["CODE_COMMUNE_INSEE_NAISS"]) == 5
        else:
            assert not p["CODE_COMMUNE_INSEE_NAISS"]
            assert p["VILLE_NAISS"]
    communes = {p["CODE_COMMUNE_INSEE_NAISS"][:2] for p in pupils}
    assert {"2A", "2B"} <= communes
    assert any(p["NOM_USAGE"] for p in pupils)
    # optional tags: absent for some pupils, present-but-empty for others
    assert b"<NOM_USAGE></NOM_USAGE>" in data
    assert b"<ID_NATIONAL></ID_NATIONAL>" in data
    assert b"<BOURSES>" in data
    assert parsed.options > 0
    assert parsed.scholarships > 0
    assert parsed.addresses == 0
    assert 0 < parsed.last_year_tags < 2000
    kinds = Counter(kind for s in parsed.divisions.values() for _, kind in s)
    assert kinds["G"] > 0
    assert kinds["D"] == 2000
    assert all(len(code) <= 8 for s in parsed.divisions.values() for code, _ in s)


def test_child_order_varies_between_pupils(sample: tuple[bytes, SyntheticSummary, Parsed]) -> None:
    data, _, _ = sample
    root = etree.fromstring(data)
    orders = {tuple(child.tag for child in e)[:6] for e in root.iterfind("DONNEES/ELEVES/ELEVE")}
    assert len(orders) > 3


def test_ines_have_valid_check_letters_and_are_unique(
    sample: tuple[bytes, SyntheticSummary, Parsed],
) -> None:
    _, _, parsed = sample
    ines = [p["ID_NATIONAL"] for p in parsed.pupils.values() if p["ID_NATIONAL"]]
    assert len(ines) == len(set(ines))
    rnie = [i for i in ines if i[:9].isdigit() and i[9:].isalpha()]
    bea = [i for i in ines if i[:10].isdigit() and i[10:].isalpha()]
    assert len(rnie) + len(bea) == len(ines)
    assert rnie
    assert bea
    assert all(rnie_ok(ine) for ine in rnie)
    assert all(bea_ok(ine) for ine in bea)
    for p in parsed.pupils.values():
        if p["INE_RNIE"]:
            assert p["INE_RNIE"] == p["ID_NATIONAL"]
        if p["INE_BEA"]:
            assert bea_ok(p["INE_BEA"])


def test_check_letters_on_the_documented_examples() -> None:
    assert rnie_ok("123456789FJ")
    assert rnie_ok("000000001KG")
    assert rnie_ok("000000097KH")
    assert bea_ok("1234567890V")


def test_deterministic_for_a_seed() -> None:
    first, summary = generate(pupils=300, seed=11)
    again, same = generate(pupils=300, seed=11)
    other, _ = generate(pupils=300, seed=12)
    assert first == again
    assert summary == same
    assert first != other


def test_options_validation() -> None:
    with pytest.raises(ValueError, match="more than 1"):
        SyntheticOptions(pupils=10, leavers_ratio=0.6, without_ine_ratio=0.5)
    with pytest.raises(ValueError):
        SyntheticOptions(pupils=0)


def test_with_addresses_and_empty_scholarships() -> None:
    data, summary = generate(pupils=50, with_addresses=True, scholarship_ratio=0.0)
    parsed = parse(data)
    assert parsed.addresses == 50
    assert b"<BOURSES />" in data
    assert summary.in_file == 50


def test_zip_has_exactly_the_siecle_member(tmp_path: Path) -> None:
    options = SyntheticOptions(pupils=100, seed=2)
    summary = write_siecle_zip(tmp_path, options)
    path = tmp_path / "ExportXML_ElevesSansAdresses.zip"
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["ElevesSansAdresses.xml"]
        data = archive.read("ElevesSansAdresses.xml")
    assert len(data) == summary.bytes_written
    assert len(parse(data).pupils) == 100
    out = io.BytesIO()
    write_siecle(out, options)
    assert out.getvalue() == data


def test_streams_to_a_file(tmp_path: Path) -> None:
    path = tmp_path / "ElevesSansAdresses.xml"
    with path.open("wb") as out:
        summary = write_siecle(out, SyntheticOptions(pupils=2000, seed=5))
    count = 0
    for _, element in etree.iterparse(str(path), events=("end",), tag="ELEVE"):
        count += 1
        element.clear()
    assert count == summary.in_file == 2000
    assert path.stat().st_size == summary.bytes_written
