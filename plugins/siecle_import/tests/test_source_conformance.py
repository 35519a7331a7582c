"""Both sources pass the student-source conformance kit of ``pixorga_core.testing``."""

from __future__ import annotations

import io

from pixorga_core.testing import StudentSourceConformance
from pixorga_siecle_import.csv_reader import SiecleCsvSource, template
from pixorga_siecle_import.testing.synthetic import SyntheticOptions, write_siecle
from pixorga_siecle_import.xml_reader import SiecleXmlSource


class TestSiecleXmlConformance(StudentSourceConformance):
    sample_name = "ElevesSansAdresses.xml"

    def make_source(self) -> SiecleXmlSource:
        return SiecleXmlSource()

    def sample(self) -> bytes:
        out = io.BytesIO()
        write_siecle(out, SyntheticOptions(pupils=60, uai="0759999L", seed=2))
        return out.getvalue()


class TestSiecleCsvConformance(StudentSourceConformance):
    sample_name = "eleves.csv"

    def make_source(self) -> SiecleCsvSource:
        return SiecleCsvSource()

    def sample(self) -> bytes:
        lines = [
            "123456789FJ;Zoé;;;Œuvray;;Féminin;14/03/2012;75056;;075;99100;ST;10110001110;5A",
            "000000001KG;Léo;;;Martin;;Masculin;01/02/2011;;Londres;99;99132;AP;10110001110;5B",
        ]
        return template() + "\r\n".join(lines).encode("utf-8") + b"\r\n"
