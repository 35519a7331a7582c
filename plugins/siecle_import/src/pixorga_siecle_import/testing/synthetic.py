"""Realistic synthetic SIECLE pupil exports (``ElevesSansAdresses.xml``), for tests and benchmarks.

The file follows the shape of real BEE exports (``BEE_ELEVES VERSION="3.0"``, ISO-8859-15,
2-space indentation, optional tags sometimes omitted and sometimes present-but-empty, child order
varying between pupils, ``SCOLARITE_AN_DERNIER`` blocks, ``OPTIONS``, ``STRUCTURES`` with
divisions, groups and ``Inactifs``, ``BOURSES``, optional ``ADRESSES``). Every person in it is
invented: names are random combinations of common French first and last names, identifiers are
fabricated (with valid check letters). Nothing comes from a real export.

The XML is streamed: it is encoded to ISO-8859-15 chunk by chunk and written to a binary file
object, so 100 000 pupils (about 250 MB) never sit in memory. Only a few bytes per pupil are kept
between the ``ELEVES`` block and the later blocks (``OPTIONS``, ``STRUCTURES``...) that refer to the
same pupils.

Everything is deterministic for a given :class:`SyntheticOptions` (``random.Random(seed)``).
"""

from __future__ import annotations

import enum
import math
import random
import zipfile
from array import array
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import BinaryIO, cast

import attrs

from pixorga_core.domain.organizations import uai_check_letter
from pixorga_siecle_import.ine import bea_check_letter, rnie_check_letters

__all__ = [
    "ENCODING",
    "SyntheticOptions",
    "SyntheticSummary",
    "bea_check_letter",
    "member_name",
    "rnie_check_letters",
    "uai_check_letter",
    "write_siecle",
    "write_siecle_zip",
    "zip_name",
]

ENCODING = "iso-8859-15"

_FLUSH_CHARS = 256 * 1024


def _probability(_instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{attribute.name} must be between 0 and 1, got {value!r}")


@attrs.frozen
class SyntheticOptions:
    """What to generate.

    ``pupils`` is the number of ``ELEVE`` elements in the file. Each pupil falls in exactly one of
    four categories, drawn with the given ratios: leaver (``DATE_SORTIE`` set, still attached to
    its division), without INE (``ID_NATIONAL`` missing or empty), inactive (only division is
    ``Inactifs``), or kept (everything an importer should keep).
    """

    pupils: int = attrs.field(validator=attrs.validators.ge(1))
    uai: str = "0759999L"
    seed: int = 1
    leavers_ratio: float = attrs.field(default=0.03, validator=_probability)
    without_ine_ratio: float = attrs.field(default=0.01, validator=_probability)
    inactive_ratio: float = attrs.field(default=0.01, validator=_probability)
    bea_ratio: float = attrs.field(default=0.02, validator=_probability)
    """Share of pupils whose ``ID_NATIONAL`` is an old BEA INE (10 digits + 1 letter)."""
    unencodable_ratio: float = attrs.field(default=0.002, validator=_probability)
    """Share of pupils whose name had characters outside ISO-8859-15, exported as ``?``."""
    scholarship_ratio: float = attrs.field(default=0.1, validator=_probability)
    """Share of pupils listed in ``BOURSES``; 0 gives the usual empty ``<BOURSES />``."""
    with_addresses: bool = False
    school_year: int = 2024
    """Start year of the school year (``ANNEE_SCOLAIRE``): 2024 means 2024-2025."""
    export_date: date | None = None
    """``DATE_EXPORT``; default 15 January of the second calendar year of the school year."""
    pupils_per_division: int = attrs.field(default=27, validator=attrs.validators.ge(1))

    def __attrs_post_init__(self) -> None:
        if self.leavers_ratio + self.without_ine_ratio + self.inactive_ratio > 1.0:
            raise ValueError("leavers, without-INE and inactive ratios add up to more than 1")

    @property
    def exported_on(self) -> date:
        return self.export_date or date(self.school_year + 1, 1, 15)


@attrs.frozen
class SyntheticSummary:
    """What a generated file contains.

    ``in_file`` = ``kept + leavers + without_ine + inactive_only`` (the categories are exclusive).
    ``kept`` counts the pupils an importer following Pix's rules keeps: non-empty ``ID_NATIONAL``,
    no (or an empty) ``DATE_SORTIE``, and a ``D`` structure other than ``Inactifs``.
    ``kept_by_division`` maps each division code to its number of kept pupils.
    ``bea_ines`` counts the pupils (any category) whose ``ID_NATIONAL`` is a BEA INE;
    ``unencodable_names`` the pupils with a ``?`` in a name.
    """

    in_file: int
    kept: int
    leavers: int
    without_ine: int
    inactive_only: int
    bea_ines: int
    unencodable_names: int
    kept_by_division: Mapping[str, int] = attrs.field(repr=False)
    divisions: int
    bytes_written: int
    uai: str


def member_name(options: SyntheticOptions) -> str:
    """Name of the XML file (``ElevesSansAdresses.xml`` or ``ElevesAvecAdresses.xml``)."""
    return "ElevesAvecAdresses.xml" if options.with_addresses else "ElevesSansAdresses.xml"


def zip_name(options: SyntheticOptions) -> str:
    """Name of the zip SIECLE hands out (``ExportXML_ElevesSansAdresses.zip``...)."""
    return f"ExportXML_{member_name(options).removesuffix('.xml')}.zip"


# --------------------------------------------------------------------------- invented data

_FIRST_NAMES_F = (
    "Lætitia", "Éloïse", "Chloé", "Zoé", "Maëlle", "Anaïs", "Noémie", "Inès", "Léa", "Manon",
    "Camille", "Emma", "Jade", "Louise", "Alice", "Lina", "Rose", "Ambre", "Juliette", "Clémence",
    "Héloïse", "Agnès", "Bérénice", "Gaëlle", "Océane", "Yasmine", "Fatoumata", "Aïcha", "Sarah",
    "Marie", "Anne-Sophie", "Marie-Ève", "Lou", "Capucine", "Salomé", "Æléa", "Ysé", "Zoë",
)  # fmt: skip
_FIRST_NAMES_M = (
    "Gabriel", "Raphaël", "Léo", "Louis", "Noé", "Jules", "Adam", "Hugo", "Arthur", "Maël",
    "Lucas", "Théo", "Nathan", "Timothée", "Jérôme", "Benoît", "Joël", "Anaël", "Loïc", "Hervé",
    "François", "Mathéo", "Yanis", "Ibrahim", "Moussa", "Mamadou", "Éloi", "Aurélien", "Côme",
    "Jean-Baptiste", "Pierre-Louis", "Noël", "Gaël", "Ruben", "Bastien", "Ewen", "Titouan",
)  # fmt: skip
_LAST_NAMES = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "Bertrand", "Roux", "Vincent",
    "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François",
    "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry",
    "Roussel", "Nicolas", "Perrin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine",
    "Chevalier", "Robin", "Cœur", "Œuvray", "Lœuillet", "Sœur", "Æbischer", "d'Almeida",
    "d'Aubigné", "N'Diaye", "L'Haÿ", "Aÿmé", "Dos Santos", "Le Gall", "Le Goff", "Da Silva",
    "Benoît", "Kergoat", "Traoré", "Diallo", "Benali", "Haddad", "Ferreira", "Pereira", "Müller",
    "Ramírez", "Gonçalves", "Nuñez", "Schœlcher",
)  # fmt: skip
# Names with characters ISO-8859-15 cannot hold: SIECLE exports them with "?" (formats.md §A.1).
_UNENCODABLE_LAST = ("Nguyễn", "Trần", "Łukaszewski", "Yılmaz", "Đặng", "Kowalczyk-Wiśniewska")
_UNENCODABLE_FIRST = ("Thảo", "Łucja", "Şeyma", "Ngọc", "Ağan", "Dũng")

# (department code on 3 chars, INSEE commune code) of a few large communes.
_FRENCH_BIRTHPLACES = (
    ("075", "75056"), ("075", "75115"), ("075", "75118"), ("075", "75120"), ("093", "93066"),
    ("093", "93008"), ("094", "94028"), ("092", "92050"), ("069", "69123"), ("013", "13055"),
    ("031", "31555"), ("059", "59350"), ("033", "33063"), ("067", "67482"), ("044", "44109"),
    ("035", "35238"), ("006", "06088"), ("034", "34172"), ("002A", "2A004"), ("002B", "2B033"),
    ("974", "97411"), ("971", "97101"), ("972", "97209"), ("976", "97611"), ("001", "01053"),
)  # fmt: skip
# (3-digit INSEE country code without the 99 prefix, birth city as SIECLE writes it)
_FOREIGN_BIRTHPLACES = (
    ("132", "LONDRES"), ("109", "BERLIN"), ("134", "MADRID"), ("139", "PORTO"),
    ("350", "CASABLANCA"), ("352", "ALGER"), ("351", "TUNIS"), ("341", "DAKAR"),
    ("243", "HÔ-CHI-MINH-VILLE"), ("127", "MILAN"), ("131", "BRUXELLES"), ("335", "BAMAKO"),
    ("216", "PÉKIN"), ("401", "MONTRÉAL"), ("122", "VARSOVIE"), ("208", "İSTANBUL"),
)  # fmt: skip

# (level code in division names, MEF code, age at the start of the school year)
_LEVELS = (
    ("6", "10010012110", 11),
    ("5", "10110001110", 12),
    ("4", "10210001110", 13),
    ("3", "10310019110", 14),
    ("2NDE", "20010018110", 15),
    ("1G", "20111101110", 16),
    ("TG", "20211101110", 17),
)
_GROUP_TOKENS = ("LAT", "ESP1", "ESP2", "ALL1", "AP1", "AP2", "GRE", "CHO")
_GROUP_COMBOS: tuple[tuple[str, ...], ...] = (
    (),
    ("ESP1",),
    ("ESP2",),
    ("ALL1",),
    ("LAT",),
    ("ESP1", "LAT"),
    ("ALL1", "GRE"),
    ("AP1",),
    ("AP2", "ESP2"),
    ("CHO",),
)
_SUBJECTS = ("030201", "030602", "030401", "030204", "020700", "020800", "061300", "100100")
_OPTION_COMBOS: tuple[tuple[tuple[str, str], ...], ...] = (
    (),
    (("O", "030201"),),
    (("O", "030201"), ("O", "030602")),
    (("O", "030201"), ("O", "030401")),
    (("O", "030201"), ("O", "030602"), ("F", "020700")),
    (("O", "030204"), ("O", "030602")),
    (("O", "030201"), ("O", "030401"), ("F", "020800")),
    (("O", "030201"), ("F", "061300")),
)
_SCHOOL_NAMES = (
    "DES TILLEULS", "DU PARC", "LES GRANDS CHAMPS", "DE LA COLLINE", "DU CENTRE", "DES ÉCLUSES",
    "LES AUBÉPINES", "DU VIEUX PORT", "DES TROIS RIVIÈRES", "LE BOCAGE", "L'ÉTANG", "DES SOURCES",
)  # fmt: skip
_STREETS = (
    "rue des Lilas", "avenue de la République", "rue du Moulin", "boulevard Pasteur",
    "impasse des Œillets", "allée des Érables", "rue de l'Église", "chemin des Vignes",
    "place du Marché", "rue Saint-Éloi", "quai des Brumes", "rue de la Fontaine",
)  # fmt: skip
_STREET_SUFFIXES = ("", "", "", "", " bis", " ter")

# Tag orders for ELEVE children. The first is the one seen in real exports (formats.md §A.1:
# not the spec order), the second is the spec order, the others are fixed shuffles.
_ORDER_REAL = (
    "ID_NATIONAL", "INE_RNIE", "INE_BEA", "ELENOET", "ID_ELEVE_ETAB", "NOM_DE_FAMILLE",
    "NOM_USAGE", "PRENOM", "PRENOM2", "PRENOM3", "DATE_NAISS", "DOUBLEMENT", "CODE_PAYS",
    "ACCEPTE_SMS", "DATE_MODIFICATION", "CODE_REGIME", "DATE_ENTREE", "DATE_SORTIE",
    "CODE_MOTIF_SORTIE", "VILLE_NAISS", "CODE_SEXE", "CODE_PAYS_NAT", "CODE_STATUT", "CODE_MEF",
    "CODE_DEPARTEMENT_NAISS", "CODE_COMMUNE_INSEE_NAISS", "ADHESION_TRANSPORT", "CODE_PROVENANCE",
    "MEL", "TEL_PORTABLE", "ADRESSE_ID", "SCOLARITE_AN_DERNIER",
)  # fmt: skip
_ORDER_SPEC = (
    "ID_NATIONAL", "INE_BEA", "INE_RNIE", "ELENOET", "ID_ELEVE_ETAB", "NOM_DE_FAMILLE",
    "NOM_USAGE", "PRENOM", "PRENOM2", "PRENOM3", "DATE_NAISS", "CODE_SEXE", "CODE_PAYS",
    "CODE_DEPARTEMENT_NAISS", "CODE_COMMUNE_INSEE_NAISS", "VILLE_NAISS", "CODE_PAYS_NAT",
    "CODE_MEF", "CODE_STATUT", "CODE_REGIME", "DOUBLEMENT", "ADHESION_TRANSPORT", "ACCEPTE_SMS",
    "CODE_PROVENANCE", "DATE_ENTREE", "DATE_SORTIE", "CODE_MOTIF_SORTIE", "DATE_MODIFICATION",
    "MEL", "TEL_PORTABLE", "ADRESSE_ID", "SCOLARITE_AN_DERNIER",
)  # fmt: skip


def _shuffled(order: tuple[str, ...], seed: int) -> tuple[str, ...]:
    tags = list(order)
    random.Random(seed).shuffle(tags)  # noqa: S311 (made-up test data, not security)
    return tuple(tags)


_ORDERS = (
    _ORDER_REAL,
    _ORDER_REAL,
    _ORDER_REAL,
    _ORDER_SPEC,
    _shuffled(_ORDER_REAL, 1),
    _shuffled(_ORDER_REAL, 2),
    _shuffled(_ORDER_SPEC, 3),
)


class _Kind(enum.IntEnum):
    KEPT = 0
    LEAVER = 1
    WITHOUT_INE = 2
    INACTIVE = 3


# --------------------------------------------------------------------------- helpers


def _esc(text: str) -> str:
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def _as_exported(text: str) -> str:
    """What SIECLE writes for ``text``: characters outside ISO-8859-15 become ``?``."""
    return text.encode(ENCODING, errors="replace").decode(ENCODING)


def _ddmmyyyy(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _division_code(level_index: int, number: int) -> str:
    level = _LEVELS[level_index][0]
    if level_index < 4:  # collège: "6A", "5B", "4 C", "3 D" (both styles exist), then "6027"...
        if number < 26:
            sep = " " if level_index >= 2 else ""
            return f"{level}{sep}{chr(65 + number)}"
        return f"{level}{number + 1:03d}"
    return f"{level}{number + 1}"


def _group_code(level_index: int, token: str) -> str:
    level = _LEVELS[level_index][0]
    if token.startswith("AP"):
        return f"_{level}{token}"
    return f"{level}{token}"


class _Chunks:
    """Collects text and writes it, encoded, in large chunks."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._parts: list[str] = []
        self._size = 0
        self.bytes_written = 0

    def add(self, text: str) -> None:
        self._parts.append(text)
        self._size += len(text)
        if self._size >= _FLUSH_CHARS:
            self.flush()

    def flush(self) -> None:
        if self._parts:
            data = "".join(self._parts).encode(ENCODING)
            self._out.write(data)
            self.bytes_written += len(data)
            self._parts = []
            self._size = 0


@attrs.define
class _Plan:
    """The few facts per pupil needed after the ELEVES block (a few bytes each)."""

    eleve_ids: array[int] = attrs.field(factory=lambda: array("L"))
    kinds: bytearray = attrs.field(factory=bytearray)
    divisions: array[int] = attrs.field(factory=lambda: array("L"))
    groups: bytearray = attrs.field(factory=bytearray)
    options: bytearray = attrs.field(factory=bytearray)
    attribute_elenoet: bytearray = attrs.field(factory=bytearray)


# --------------------------------------------------------------------------- generator


class _Generator:
    def __init__(self, options: SyntheticOptions, chunks: _Chunks) -> None:
        self.o = options
        self.w = chunks
        self.rng = random.Random(options.seed)  # noqa: S311 (made-up test data, not security)
        rng = self.rng
        self.n_divisions = max(1, math.ceil(options.pupils / options.pupils_per_division))
        self.division_codes = [
            _division_code(k % len(_LEVELS), k // len(_LEVELS)) for k in range(self.n_divisions)
        ]
        self.first_eleve_id = rng.randrange(1_000_000, 3_000_000)
        self.first_elenoet = rng.randrange(1, 5000)
        self.rnie_offset = rng.randrange(10**9)
        self.bea_offset = rng.randrange(10**10)
        self.plan = _Plan()
        self.kept_by_division: dict[str, int] = {}
        self.counts = dict.fromkeys(_Kind, 0)
        self.bea_ines = 0
        self.unencodable = 0
        uai = options.uai.strip().upper()
        self.dept = uai[:3] if uai[:3].isdigit() else "075"
        self.uai_middle = uai[1:7] if len(uai) >= 8 else "759999"
        self.other_uais = [self._invent_uai() for _ in range(8)]
        self.exported_on = options.exported_on
        self.year_start = date(options.school_year, 9, 2)

    # identifiers ---------------------------------------------------------------------------

    def _invent_uai(self) -> str:
        seven = f"{self.dept}{self.rng.randrange(10_000):04d}"
        return seven + uai_check_letter(seven)

    def _rnie(self, index: int) -> str:
        body = f"{(self.rnie_offset + index * 7_654_321) % 10**9:09d}"
        return body + rnie_check_letters(body)

    def _bea(self, index: int) -> str:
        body = f"{(self.bea_offset + index * 76_543_211) % 10**10:010d}"
        return body + bea_check_letter(body)

    # whole file ------------------------------------------------------------------------------

    def run(self) -> SyntheticSummary:
        o = self.o
        now = self.exported_on
        clock = f"{self.rng.randrange(7, 19):02d}:{self.rng.randrange(60):02d}:"
        clock += f"{self.rng.randrange(60):02d}"
        add = self.w.add
        add(
            f'<?xml version="1.0" encoding="ISO-8859-15"?>\n<BEE_ELEVES VERSION="3.0">\n'
            f"  <PARAMETRES>\n    <UAJ>{_esc(o.uai)}</UAJ>\n"
            f"    <ANNEE_SCOLAIRE>{o.school_year}</ANNEE_SCOLAIRE>\n"
            f"    <DATE_EXPORT>{_ddmmyyyy(now)}</DATE_EXPORT>\n"
            f"    <HORODATAGE>{_ddmmyyyy(now)} {clock}</HORODATAGE>\n"
            "  </PARAMETRES>\n  <DONNEES>\n    <ELEVES>\n"
        )
        for index in range(o.pupils):
            self._eleve(index)
        add("    </ELEVES>\n")
        self._options_block()
        self._structures_block()
        self._bourses_block()
        if o.with_addresses:
            self._addresses_block()
        add("  </DONNEES>\n</BEE_ELEVES>\n")
        self.w.flush()
        return SyntheticSummary(
            in_file=o.pupils,
            kept=self.counts[_Kind.KEPT],
            leavers=self.counts[_Kind.LEAVER],
            without_ine=self.counts[_Kind.WITHOUT_INE],
            inactive_only=self.counts[_Kind.INACTIVE],
            bea_ines=self.bea_ines,
            unencodable_names=self.unencodable,
            kept_by_division=dict(sorted(self.kept_by_division.items())),
            divisions=self.n_divisions,
            bytes_written=self.w.bytes_written,
            uai=o.uai,
        )

    # one ELEVE -------------------------------------------------------------------------------

    def _kind(self) -> _Kind:
        o = self.o
        u = self.rng.random()
        if u < o.leavers_ratio:
            return _Kind.LEAVER
        u -= o.leavers_ratio
        if u < o.without_ine_ratio:
            return _Kind.WITHOUT_INE
        u -= o.without_ine_ratio
        if u < o.inactive_ratio:
            return _Kind.INACTIVE
        return _Kind.KEPT

    def _names(self, female: bool) -> tuple[str, str | None, str, str | None, str | None]:
        rng = self.rng
        r = rng.random
        firsts = _FIRST_NAMES_F if female else _FIRST_NAMES_M
        if r() < self.o.unencodable_ratio:
            last = _as_exported(rng.choice(_UNENCODABLE_LAST).upper())
            first = _as_exported(rng.choice(_UNENCODABLE_FIRST))
            self.unencodable += 1
        else:
            last = rng.choice(_LAST_NAMES).upper()
            if r() < 0.08:
                last = f"{last}-{rng.choice(_LAST_NAMES).upper()}"
            elif r() < 0.03:
                last = f"{last} {rng.choice(_LAST_NAMES).upper()}"
            first = rng.choice(firsts)
        usage: str | None = None
        u = r()
        if u < 0.05:
            usage = rng.choice(_LAST_NAMES).upper()
        elif u < 0.25:
            usage = ""
        second: str | None = None
        third: str | None = None
        u = r()
        if u < 0.45:
            second = rng.choice(firsts)
            if r() < 0.3:
                third = rng.choice(firsts)
            elif r() < 0.2:
                third = ""
        elif u < 0.6:
            second = ""
        return last, usage, first, second, third

    def _eleve(self, index: int) -> None:
        o = self.o
        rng = self.rng
        r = rng.random
        plan = self.plan
        kind = self._kind()
        self.counts[kind] += 1
        division = rng.randrange(self.n_divisions)
        level_index = division % len(_LEVELS)
        _, mef, age = _LEVELS[level_index]
        eleve_id = self.first_eleve_id + index * 3 + rng.randrange(3)
        elenoet = str(self.first_elenoet + index)
        attribute_elenoet = r() >= 0.01
        plan.eleve_ids.append(eleve_id)
        plan.kinds.append(kind)
        plan.divisions.append(division)
        plan.groups.append(rng.randrange(len(_GROUP_COMBOS)) if r() < 0.35 else 0)
        plan.options.append(rng.randrange(1, len(_OPTION_COMBOS)) if r() < 0.7 else 0)
        plan.attribute_elenoet.append(attribute_elenoet)
        if kind is _Kind.KEPT:
            code = self.division_codes[division]
            self.kept_by_division[code] = self.kept_by_division.get(code, 0) + 1

        f: dict[str, str] = {}
        # identifiers
        if kind is _Kind.WITHOUT_INE:
            if r() < 0.3:
                f["ID_NATIONAL"] = ""
        elif r() < o.bea_ratio:
            bea = self._bea(index)
            f["ID_NATIONAL"] = f["INE_BEA"] = bea
            self.bea_ines += 1
        else:
            rnie = self._rnie(index)
            f["ID_NATIONAL"] = f["INE_RNIE"] = rnie
            if r() < 0.15:
                f["INE_BEA"] = self._bea(index)
        f["ELENOET"] = elenoet
        f["ID_ELEVE_ETAB"] = f"{int(elenoet):05d}{self.uai_middle}"
        # names
        female = r() < 0.5
        last, usage, first, second, third = self._names(female)
        f["NOM_DE_FAMILLE"] = _esc(last)
        if usage is not None:
            f["NOM_USAGE"] = _esc(usage)
        f["PRENOM"] = _esc(first)
        if second is not None:
            f["PRENOM2"] = _esc(second)
        if third is not None:
            f["PRENOM3"] = _esc(third)
        f["CODE_SEXE"] = "2" if female else "1"
        # birth
        birth_year = o.school_year - age - (1 if r() < 0.08 else 0) + (1 if r() < 0.02 else 0)
        born = date(birth_year, 1, 1) + timedelta(days=rng.randrange(365))
        f["DATE_NAISS"] = _ddmmyyyy(born)
        if r() < 0.9:
            dept, commune = rng.choice(_FRENCH_BIRTHPLACES)
            f["CODE_PAYS"] = "100"
            f["CODE_DEPARTEMENT_NAISS"] = dept[-3:]
            f["CODE_COMMUNE_INSEE_NAISS"] = commune
            if r() < 0.8:
                f["VILLE_NAISS"] = ""
            f["CODE_PAYS_NAT"] = "100" if r() < 0.95 else rng.choice(_FOREIGN_BIRTHPLACES)[0]
        else:
            country, city = rng.choice(_FOREIGN_BIRTHPLACES)
            f["CODE_PAYS"] = country
            f["VILLE_NAISS"] = _esc(_as_exported(city))
            if r() < 0.5:
                f["CODE_DEPARTEMENT_NAISS"] = "990"
            f["CODE_PAYS_NAT"] = country if r() < 0.7 else "100"
        # schooling
        f["CODE_MEF"] = mef
        f["CODE_STATUT"] = "ST" if r() < 0.98 else "AP"
        f["CODE_REGIME"] = rng.choice(("24", "24", "29", "20", "21"))
        f["DOUBLEMENT"] = "1" if r() < 0.04 else "0"
        f["ADHESION_TRANSPORT"] = "1" if r() < 0.1 else "0"
        f["ACCEPTE_SMS"] = "1" if r() < 0.3 else "0"
        f["CODE_PROVENANCE"] = rng.choice(("1", "1", "1", "2", "3"))
        entered = self.year_start - timedelta(days=rng.randrange(0, 4) * 365 + rng.randrange(10))
        if r() < 0.1:
            entered = self.year_start + timedelta(days=rng.randrange(1, 120))
        f["DATE_ENTREE"] = _ddmmyyyy(entered)
        f["DATE_MODIFICATION"] = _ddmmyyyy(self.exported_on - timedelta(days=rng.randrange(120)))
        if kind is _Kind.LEAVER:
            span = max(1, (self.exported_on - self.year_start).days)
            left = self.year_start + timedelta(days=rng.randrange(span))
            f["DATE_SORTIE"] = _ddmmyyyy(left)
            f["CODE_MOTIF_SORTIE"] = rng.choice(("01", "02", "03", "05", "10"))
        elif r() < 0.05:
            f["DATE_SORTIE"] = ""
        if o.with_addresses:
            f["ADRESSE_ID"] = str(eleve_id + 30_000_000)
        # contact fields: personal data an importer must not keep; empty or absent here
        if r() < 0.6:
            f["MEL"] = ""
            f["TEL_PORTABLE"] = ""
        if r() < 0.9:
            f["SCOLARITE_AN_DERNIER"] = self._last_year(level_index)

        order = _ORDERS[rng.randrange(len(_ORDERS))]
        attrs_text = f' ELEVE_ID="{eleve_id}"'
        if attribute_elenoet:
            attrs_text += f' ELENOET="{elenoet}"'
        lines = [f"      <ELEVE{attrs_text}>\n"]
        append = lines.append
        for tag in order:
            value = f.get(tag)
            if value is None:
                continue
            if tag == "SCOLARITE_AN_DERNIER":
                append(value)
            else:
                append(f"        <{tag}>{value}</{tag}>\n")
        append("      </ELEVE>\n")
        self.w.add("".join(lines))

    def _last_year(self, level_index: int) -> str:
        """``SCOLARITE_AN_DERNIER``: last year's school, MEF and class (read it as a trap)."""
        rng = self.rng
        number = rng.randrange(1, 120)
        street = _esc(f"{number}{rng.choice(_STREET_SUFFIXES)} {rng.choice(_STREETS)}")
        name = _esc(rng.choice(_SCHOOL_NAMES))
        commune = f"{self.dept[-2:]}{rng.randrange(1, 400):03d}"
        if level_index == 0:  # primary school: no MEF nor structure known to SIECLE
            uai = self.other_uais[rng.randrange(len(self.other_uais))]
            head = (
                f"          <CODE_RNE>{_esc(uai)}</CODE_RNE>\n"
                "          <CODE_NATURE>151</CODE_NATURE>\n"
                "          <SIGLE>E.E.PU</SIGLE>\n"
                "          <DENOM_PRINC>ECOLE ELEMENTAIRE PUBLIQUE</DENOM_PRINC>\n"
            )
        else:
            previous = level_index - 1
            same_school = level_index != 4 and rng.random() < 0.9
            uai = self.o.uai if same_school else rng.choice(self.other_uais)
            structure = _division_code(previous, rng.randrange(max(1, self.n_divisions // 7)))
            sigle, nature, denom = (
                ("LYC", "300", "LYCEE") if previous >= 4 else ("CLG", "340", "COLLEGE")
            )
            head = (
                f"          <CODE_MEF>{_LEVELS[previous][1]}</CODE_MEF>\n"
                f"          <CODE_STRUCTURE>{structure}</CODE_STRUCTURE>\n"
                f"          <CODE_RNE>{_esc(uai)}</CODE_RNE>\n"
                f"          <CODE_NATURE>{nature}</CODE_NATURE>\n"
                f"          <SIGLE>{sigle}</SIGLE>\n"
                f"          <DENOM_PRINC>{denom}</DENOM_PRINC>\n"
            )
        return (
            "        <SCOLARITE_AN_DERNIER>\n"
            f"{head}"
            f"          <DENOM_COMPL>{name}</DENOM_COMPL>\n"
            f"          <LIGNE1_ADRESSE>{street}</LIGNE1_ADRESSE>\n"
            "          <LIGNE2_ADRESSE></LIGNE2_ADRESSE>\n"
            "          <BOITE_POSTALE></BOITE_POSTALE>\n"
            f"          <MEL>ce.{_esc(uai)}@ac-exemple.fr</MEL>\n"
            f"          <TELEPHONE>01{rng.randrange(10**8):08d}</TELEPHONE>\n"
            f"          <CODE_COMMUNE_INSEE>{commune}</CODE_COMMUNE_INSEE>\n"
            f"          <LL_COMMUNE_INSEE>COMMUNE {commune}</LL_COMMUNE_INSEE>\n"
            "        </SCOLARITE_AN_DERNIER>\n"
        )

    # later blocks ----------------------------------------------------------------------------

    def _pupil_attributes(self, index: int) -> str:
        plan = self.plan
        text = f'ELEVE_ID="{plan.eleve_ids[index]}"'
        if plan.attribute_elenoet[index]:
            text += f' ELENOET="{self.first_elenoet + index}"'
        return text

    def _options_block(self) -> None:
        add = self.w.add
        plan = self.plan
        add("    <OPTIONS>\n")
        for index in range(self.o.pupils):
            combo = _OPTION_COMBOS[plan.options[index]]
            if not combo:
                continue
            lines = [f"      <OPTION {self._pupil_attributes(index)}>\n"]
            for number, (modality, subject) in enumerate(combo, start=1):
                lines.append(
                    "        <OPTIONS_ELEVE>\n"
                    f"          <NUM_OPTION>{number}</NUM_OPTION>\n"
                    f"          <CODE_MODALITE_ELECT>{modality}</CODE_MODALITE_ELECT>\n"
                    f"          <CODE_MATIERE>{subject}</CODE_MATIERE>\n"
                    "        </OPTIONS_ELEVE>\n"
                )
            lines.append("      </OPTION>\n")
            add("".join(lines))
        add("    </OPTIONS>\n")

    def _structures_block(self) -> None:
        add = self.w.add
        plan = self.plan
        add("    <STRUCTURES>\n")
        for index in range(self.o.pupils):
            division = plan.divisions[index]
            level_index = division % len(_LEVELS)
            inactive = plan.kinds[index] == _Kind.INACTIVE
            code = "Inactifs" if inactive else self.division_codes[division]
            structures = [(code, "D")]
            if not inactive:
                groups = [
                    (_group_code(level_index, t), "G") for t in _GROUP_COMBOS[plan.groups[index]]
                ]
                # groups come before or after the division, both are seen
                structures = groups + structures if index % 2 else structures + groups
            lines = [f"      <STRUCTURES_ELEVE {self._pupil_attributes(index)}>\n"]
            for structure, kind in structures:
                lines.append(
                    "        <STRUCTURE>\n"
                    f"          <CODE_STRUCTURE>{structure}</CODE_STRUCTURE>\n"
                    f"          <TYPE_STRUCTURE>{kind}</TYPE_STRUCTURE>\n"
                    "        </STRUCTURE>\n"
                )
            lines.append("      </STRUCTURES_ELEVE>\n")
            add("".join(lines))
        add("    </STRUCTURES>\n")

    def _bourses_block(self) -> None:
        ratio = self.o.scholarship_ratio
        if ratio <= 0:
            self.w.add("    <BOURSES />\n")
            return
        rng = random.Random(self.o.seed + 1)  # noqa: S311 (made-up test data, not security)
        add = self.w.add
        add("    <BOURSES>\n")
        for index in range(self.o.pupils):
            if rng.random() >= ratio:
                continue
            add(
                f"      <BOURSE {self._pupil_attributes(index)}>\n"
                f"        <CODE_BOURSE>{rng.choice(('1', '2', '3', '4', '5', '6'))}</CODE_BOURSE>\n"
                "      </BOURSE>\n"
            )
        add("    </BOURSES>\n")

    def _addresses_block(self) -> None:
        rng = random.Random(self.o.seed + 2)  # noqa: S311 (made-up test data, not security)
        add = self.w.add
        postcode_prefix = self.dept[-2:]
        add("    <ADRESSES>\n")
        for index in range(self.o.pupils):
            number = rng.randrange(1, 200)
            street = _esc(f"{number}{rng.choice(_STREET_SUFFIXES)} {rng.choice(_STREETS)}")
            postcode = f"{postcode_prefix}{rng.randrange(0, 1000):03d}"
            add(
                f'      <ADRESSE ADRESSE_ID="{self.plan.eleve_ids[index] + 30_000_000}">\n'
                f"        <LIGNE1_ADRESSE>{street}</LIGNE1_ADRESSE>\n"
                "        <LIGNE2_ADRESSE></LIGNE2_ADRESSE>\n"
                "        <LIGNE3_ADRESSE></LIGNE3_ADRESSE>\n"
                "        <LIGNE4_ADRESSE></LIGNE4_ADRESSE>\n"
                "        <COMMUNE_ETRANGERE></COMMUNE_ETRANGERE>\n"
                f"        <CODE_POSTAL>{postcode}</CODE_POSTAL>\n"
                "        <CODE_PAYS>100</CODE_PAYS>\n"
                f"        <CODE_COMMUNE_INSEE>{postcode}</CODE_COMMUNE_INSEE>\n"
                "        <LL_PAYS>FRANCE</LL_PAYS>\n"
                f"        <CODE_DEPARTEMENT>{self.dept}</CODE_DEPARTEMENT>\n"
                f"        <LIBELLE_POSTAL>VILLE {postcode}</LIBELLE_POSTAL>\n"
                "      </ADRESSE>\n"
            )
        add("    </ADRESSES>\n")


# --------------------------------------------------------------------------- public API


def write_siecle(out: BinaryIO, options: SyntheticOptions) -> SyntheticSummary:
    """Write a synthetic SIECLE XML export to ``out`` (binary, written in ~256 KB chunks)."""
    return _Generator(options, _Chunks(out)).run()


def write_siecle_zip(path: Path | str, options: SyntheticOptions) -> SyntheticSummary:
    """Write the export zipped as SIECLE hands it out: one XML member in a deflated zip.

    ``path`` is the zip file, or an existing directory in which ``zip_name(options)``
    (``ExportXML_ElevesSansAdresses.zip``) is created. The member is ``member_name(options)``.
    """
    target = Path(path)
    if target.is_dir():
        target = target / zip_name(options)
    exported = options.exported_on
    info = zipfile.ZipInfo(
        member_name(options), (exported.year, exported.month, exported.day, 0, 0, 0)
    )
    info.compress_type = zipfile.ZIP_DEFLATED
    with (
        zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open(info, "w", force_zip64=True) as member,
    ):
        return write_siecle(cast(BinaryIO, member), options)
