"""Small SIECLE exports built pupil by pupil, for tests of import paths (invented pupils only).

``siecle_xml([pupil(1), pupil(2, ID_NATIONAL="123456788FK", DATE_NAISS="31/02/2009")])`` gives
the bytes of a two-pupil ``ElevesSansAdresses.xml``; see
:mod:`pixorga_siecle_import.testing.synthetic` for large realistic files.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

__all__ = ["BASE", "UAI", "Pupil", "pupil", "siecle_xml"]

UAI = "0759999L"

#: A kept pupil as SIECLE writes it: INE with a valid RNIE key, born in Paris.
BASE: dict[str, str] = {
    "ID_NATIONAL": "123456789FJ",
    "NOM_DE_FAMILLE": "ŒUVRAY",
    "PRENOM": "Zoé",
    "DATE_NAISS": "14/03/2012",
    "CODE_SEXE": "2",
    "CODE_PAYS": "100",
    "CODE_DEPARTEMENT_NAISS": "075",
    "CODE_COMMUNE_INSEE_NAISS": "75056",
    "CODE_MEF": "10110001110",
    "CODE_STATUT": "ST",
}


@attrs.frozen
class Pupil:
    """One ELEVE and its STRUCTURES_ELEVE. ``None`` values are written as empty tags."""

    eleve_id: str
    fields: Mapping[str, str | None]
    structures: tuple[tuple[str, str], ...] = (("5A", "D"),)
    extra_xml: str = ""


def pupil(
    eleve_id: int,
    *,
    structures: Iterable[tuple[str, str]] = (("5A", "D"),),
    extra_xml: str = "",
    omit: Iterable[str] = (),
    **fields: str | None,
) -> Pupil:
    """A pupil like :data:`BASE` with some fields replaced (``None`` = empty tag).

    Tags named in ``omit`` are left out entirely (SIECLE omits NULL values).

    Give each pupil its own ``ID_NATIONAL`` unless testing duplicates. ``structures`` are
    ``(CODE_STRUCTURE, TYPE_STRUCTURE)`` pairs.
    """
    values = {tag: value for tag, value in {**BASE, **fields}.items() if tag not in set(omit)}
    return Pupil(str(eleve_id), values, tuple(structures), extra_xml)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def siecle_xml(
    pupils: Iterable[Pupil],
    *,
    uai: str | None = UAI,
    encoding: str = "ISO-8859-15",
    root: str = "BEE_ELEVES",
    prolog: str | None = None,
) -> bytes:
    """A complete export, encoded as its prolog says."""
    pupils = list(pupils)
    parts = [
        prolog if prolog is not None else f'<?xml version="1.0" encoding="{encoding}"?>\n',
        f'<{root} VERSION="3.0">\n  <PARAMETRES>\n',
        f"    <UAJ>{_esc(uai)}</UAJ>\n" if uai is not None else "",
        "    <ANNEE_SCOLAIRE>2024</ANNEE_SCOLAIRE>\n  </PARAMETRES>\n  <DONNEES>\n    <ELEVES>\n",
    ]
    for p in pupils:
        parts.append(f'      <ELEVE ELEVE_ID="{p.eleve_id}" ELENOET="{p.eleve_id}">\n')
        for tag, value in p.fields.items():
            parts.append(f"        <{tag}>{_esc(value or '')}</{tag}>\n")
        parts.append(p.extra_xml)
        parts.append("      </ELEVE>\n")
    parts.append("    </ELEVES>\n    <OPTIONS>\n")
    for p in pupils:
        parts.append(
            f'      <OPTION ELEVE_ID="{p.eleve_id}"><OPTIONS_ELEVE><NUM_OPTION>1</NUM_OPTION>'
            "<CODE_MATIERE>030201</CODE_MATIERE></OPTIONS_ELEVE></OPTION>\n"
        )
    parts.append("    </OPTIONS>\n    <STRUCTURES>\n")
    for p in pupils:
        parts.append(f'      <STRUCTURES_ELEVE ELEVE_ID="{p.eleve_id}">\n')
        for code, kind in p.structures:
            parts.append(
                f"        <STRUCTURE><CODE_STRUCTURE>{_esc(code)}</CODE_STRUCTURE>"
                f"<TYPE_STRUCTURE>{kind}</TYPE_STRUCTURE></STRUCTURE>\n"
            )
        parts.append("      </STRUCTURES_ELEVE>\n")
    parts.append("    </STRUCTURES>\n    <BOURSES />\n  </DONNEES>\n</" + root + ">\n")
    return "".join(parts).encode(encoding)
