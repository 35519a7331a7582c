"""The SIECLE XML pupil export (``ElevesSansAdresses.xml`` / ``ElevesAvecAdresses.xml``).

One streaming pass with lxml ``iterparse`` (formats.md §E): entities never resolved, no network,
no DTD loaded, no ``huge_tree``, any DOCTYPE refused; the encoding comes from the prolog (real
files are ISO-8859-15). Each element of interest is cleared once read and its processed siblings
are dropped, so memory holds only the kept pupils. Rules of pix-rules §3.3:

* ``PARAMETRES/UAJ`` must be the school's UAI (trimmed, upper-case), else ``UAI_MISMATCHED``;
* an ``ELEVE`` is kept only with an empty ``DATE_SORTIE`` and a non-empty ``ID_NATIONAL``; the
  others are listed by name in ``ImportBatch.left_out`` (leavers, no INE);
* only its direct children are read (``SCOLARITE_AN_DERNIER`` repeats ``CODE_MEF``...), missing
  and empty tags alike, in any order;
* its division is the last ``STRUCTURE`` of type ``D`` that is not ``Inactifs`` in its
  ``STRUCTURES_ELEVE`` (joined on ``ELEVE_ID``); a pupil without one is left out (``left_out``);
* a name garbled by a wrong encoding (« CÃ©cile », U+FFFD) refuses the file
  (:mod:`~pixorga_siecle_import.garbled`).
"""

from __future__ import annotations

from typing import BinaryIO

import attrs
from lxml import etree

from pixorga_core.domain.imports import ImportBatch, LeftOutPupil, LeftOutReason
from pixorga_core.domain.organizations import Organization, normalize_uai
from pixorga_siecle_import.archive import Limits, open_xml
from pixorga_siecle_import.garbled import garbled_example
from pixorga_siecle_import.ine import normalize_ine
from pixorga_siecle_import.refusals import OTHER_EXPORTS, OTHER_XML, FileRefused, refusal
from pixorga_siecle_import.validation import (
    PUPIL_TAGS,
    IssueCollector,
    PupilValues,
    check_pupil,
    clean,
    to_record,
    who,
)

__all__ = ["SiecleXmlSource", "read_siecle_xml"]

ROOT = "BEE_ELEVES"
INACTIVE_DIVISION = "inactifs"
#: Elements acted on, plus the repeated blocks skipped but cleared so they do not pile up.
_TAGS = ("PARAMETRES", "ELEVE", "STRUCTURES_ELEVE", "OPTION", "BOURSE", "ADRESSE")
#: The children of ELEVE that are read; the others (transport, last year's school…) are skipped.
_PUPIL_TAGS = ("ID_NATIONAL", "ELENOET", "DATE_SORTIE", *PUPIL_TAGS)
_ENCODING_ERRORS = frozenset(
    {
        etree.ErrorTypes.ERR_INVALID_ENCODING,
        etree.ErrorTypes.ERR_INVALID_CHAR,
        etree.ErrorTypes.ERR_UNSUPPORTED_ENCODING,
        etree.ErrorTypes.ERR_UNKNOWN_ENCODING,
    }
)


@attrs.define
class _Pupil:
    values: PupilValues
    line: int | None
    division: str | None = None


@attrs.define
class _Reading:
    """The state of one pass over a file."""

    organization: Organization
    name: str
    collector: IssueCollector = attrs.field(factory=IssueCollector)
    pupils: dict[str, _Pupil] = attrs.field(factory=dict)
    #: INE -> (first name, last name) of the first pupil seen with it.
    seen_ines: dict[str, tuple[str | None, str | None]] = attrs.field(factory=dict)
    in_file: int = 0
    left_out_pupils: list[LeftOutPupil] = attrs.field(factory=list)
    kept_candidates: int = 0
    checked_header: bool = False

    def header(self, elem: etree._Element) -> None:
        tree = elem.getroottree()
        if tree.docinfo.doctype:
            raise FileRefused(refusal("DOCTYPE", name=self.name))
        root = tree.getroot().tag
        if root != ROOT:
            what = OTHER_EXPORTS.get(str(root), OTHER_XML)
            raise FileRefused(refusal("NOT_SIECLE", name=self.name, what=what, field=str(root)))
        uaj = clean(elem.findtext("UAJ"))
        expected = normalize_uai(self.organization.uai or "")
        if uaj is None:
            raise FileRefused(refusal("UAI_MISSING", name=self.name))
        if normalize_uai(uaj) != expected:
            raise FileRefused(
                refusal(
                    "UAI_MISMATCHED",
                    found=normalize_uai(uaj),
                    expected=expected or "votre établissement",
                    school=self.organization.name,
                )
            )
        self.checked_header = True

    def eleve(self, elem: etree._Element) -> None:
        if not self.checked_header:
            raise FileRefused(refusal("UAI_MISSING", name=self.name))
        self.in_file += 1
        fields: dict[str, str] = {}
        for child in elem.iterchildren(*_PUPIL_TAGS):  # filtered in C: the others cost nothing
            text = child.text
            if text is not None and (text := text.strip()):
                fields[child.tag] = text
        names = (fields.get("PRENOM"), fields.get("NOM_DE_FAMILLE") or fields.get("NOM"))
        line = elem.sourceline
        for value in fields.values():
            example = garbled_example(value)
            if example is not None:
                raise FileRefused(
                    refusal("ENCODING_GARBLED", name=self.name, example=example, line=line)
                )
        raw_ine = fields.get("ID_NATIONAL")
        if "DATE_SORTIE" in fields:
            self.left_out(LeftOutReason.LEFT_SCHOOL, names, raw_ine)
            return
        if raw_ine is None:  # missing and empty tags alike
            self.left_out(LeftOutReason.NO_INE, names, None)
            return
        self.kept_candidates += 1
        ine = normalize_ine(raw_ine)
        collector = self.collector
        first_seen = self.seen_ines.get(ine)
        if first_seen is not None:
            earlier = who(clean(first_seen[0]), clean(first_seen[1]), None)
            pupil = who(clean(names[0]), clean(names[1]), None)
            collector.error(
                "INE_UNIQUE",
                f"L'INE {ine} figure deux fois dans le fichier ({earlier} et {pupil}) : "
                "corrigez les fiches dans SIECLE.",
                ine,
                field="ID_NATIONAL",
                line=line,
            )
            return
        self.seen_ines[ine] = names
        values = check_pupil(fields, ine, collector, line=line)
        if values is None:
            return
        eleve_id = elem.get("ELEVE_ID") or elem.get("ELENOET") or fields.get("ELENOET")
        if not eleve_id or eleve_id in self.pupils:
            collector.error(
                "INVALID_FILE",
                f"La fiche de {who(clean(names[0]), clean(names[1]), ine)} n'a pas "
                "d'identifiant SIECLE unique : sa classe ne peut pas être retrouvée.",
                ine,
                field="ELEVE_ID",
                line=line,
            )
            return
        self.pupils[eleve_id] = _Pupil(values=values, line=line)

    def left_out(
        self, reason: LeftOutReason, names: tuple[str | None, str | None], ine: str | None
    ) -> None:
        self.left_out_pupils.append(
            LeftOutPupil(
                reason=reason,
                first_name=clean(names[0]),
                last_name=clean(names[1]),
                national_student_id=normalize_ine(ine) if ine else None,
            )
        )

    def structures(self, elem: etree._Element) -> None:
        pupil = self.pupils.get(elem.get("ELEVE_ID") or elem.get("ELENOET") or "")
        if pupil is None:
            return
        for structure in elem.iterchildren("STRUCTURE"):
            kind = clean(structure.findtext("TYPE_STRUCTURE"))
            code = clean(structure.findtext("CODE_STRUCTURE"))
            if kind == "D" and code and code.casefold() != INACTIVE_DIVISION:
                pupil.division = code

    def batch(self, source: str) -> ImportBatch:
        collector = self.collector
        if self.in_file == 0:
            raise FileRefused(refusal("NO_PUPIL", name=self.name))
        if self.kept_candidates == 0:
            raise FileRefused(refusal("NO_PUPIL_KEPT", name=self.name))
        records = []
        for pupil in self.pupils.values():
            if pupil.division is None:
                values = pupil.values
                self.left_out_pupils.append(
                    LeftOutPupil(
                        reason=LeftOutReason.NO_DIVISION,
                        first_name=values.first_name,
                        last_name=values.last_name,
                        national_student_id=values.national_student_id,
                    )
                )
            else:
                records.append(to_record(pupil.values, pupil.division))
        if self.pupils and not records and not collector.errors:
            raise FileRefused(refusal("NO_DIVISION", name=self.name))
        return ImportBatch(
            source=source,
            records=tuple(records),
            errors=tuple(collector.errors),
            warnings=tuple(collector.warnings),
            in_file=self.in_file,
            left_out=tuple(self.left_out_pupils),
        )


def _parse(reading: _Reading, stream: object) -> None:
    context = etree.iterparse(
        stream,
        events=("end",),
        tag=_TAGS,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    for _event, elem in context:
        tag = elem.tag
        if tag == "ELEVE":
            reading.eleve(elem)
        elif tag == "STRUCTURES_ELEVE":
            reading.structures(elem)
        elif tag == "PARAMETRES":
            reading.header(elem)
        elem.clear(keep_tail=False)
        parent = elem.getparent()
        if parent is not None:
            while elem.getprevious() is not None:
                del parent[0]


def read_siecle_xml(
    stream: BinaryIO,
    organization: Organization,
    *,
    name: str = "ElevesSansAdresses.xml",
    source: str = "siecle-xml",
    limits: Limits | None = None,
) -> ImportBatch:
    """Read and validate every pupil of a SIECLE export (bare or zipped).

    Never raises for a bad file: whole-file problems come back as a batch with one error.
    """
    limits = limits or Limits()
    try:
        with open_xml(stream, name, limits) as (xml, member):
            reading = _Reading(organization=organization, name=member)
            try:
                _parse(reading, xml)
            except etree.XMLSyntaxError as exc:
                reason = "ENCODING_WRONG" if exc.code in _ENCODING_ERRORS else "MALFORMED"
                if exc.code == etree.ErrorTypes.ERR_UNSUPPORTED_ENCODING:
                    reason = "ENCODING_UNKNOWN"
                raise FileRefused(
                    refusal(reason, name=member, line=exc.lineno or 1, encoding="?")
                ) from None
            return reading.batch(source)
    except FileRefused as refused:
        return ImportBatch(source=source, errors=(refused.issue,))


@attrs.frozen
class SiecleXmlSource:
    """The :class:`~pixorga_core.registries.StudentSource` of SIECLE XML exports (or their zip)."""

    name: str = "siecle-xml"
    label: str = "SIECLE (ElevesSansAdresses.xml ou l'archive .zip)"
    limits: Limits = attrs.field(factory=Limits)

    def accepts(self, head: bytes, filename: str) -> bool:
        if head.startswith(b"PK\x03\x04"):
            return True
        text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
        return text.startswith(b"<") and (b"<BEE_ELEVES" in head or b"<?xml" in text[:6])

    def read(self, stream: BinaryIO, organization: Organization, filename: str) -> ImportBatch:
        return read_siecle_xml(
            stream, organization, name=filename, source=self.name, limits=self.limits
        )
