"""The student-source conformance kit catches faulty sources (a kit that cannot fail is useless)."""

from __future__ import annotations

from typing import BinaryIO

import pytest

from pixorga_core.domain.imports import ImportBatch, ImportIssue
from pixorga_core.domain.organizations import Organization
from pixorga_core.testing import LineStudentSource, StudentSourceConformance

SAMPLE = "INE;Prénom;Nom;Classe\n000000001AA;Léa;Moreau;6A\n".encode()


class TestLineSourcePasses(StudentSourceConformance):
    def make_source(self) -> LineStudentSource:
        return LineStudentSource()

    def sample(self) -> bytes:
        return SAMPLE


class _Crashing(LineStudentSource):
    def read(self, stream: BinaryIO, organization: Organization, filename: str) -> ImportBatch:
        lines = stream.read().decode("utf-8").splitlines()  # raises on binary input
        return super().read(
            __import__("io").BytesIO("\n".join(lines).encode()), organization, filename
        )


class _LowerCaseCodes(LineStudentSource):
    def read(self, stream: BinaryIO, organization: Organization, filename: str) -> ImportBatch:
        issue = ImportIssue(code="bad-code", message="Quelque chose ne va pas.")
        return ImportBatch(source=self.name, errors=(issue,))


class _Kit(StudentSourceConformance):
    def __init__(self, source: LineStudentSource) -> None:
        self._source = source

    def make_source(self) -> LineStudentSource:
        return self._source

    def sample(self) -> bytes:
        return SAMPLE


def test_a_source_that_raises_on_binary_input_fails_the_kit() -> None:
    with pytest.raises(UnicodeDecodeError):
        _Kit(_Crashing()).test_never_raises_on_bad_bytes()


def test_issue_codes_must_be_upper_case() -> None:
    with pytest.raises(AssertionError, match="not UPPER_CASE"):
        _Kit(_LowerCaseCodes()).test_reads_its_sample_without_errors()


def test_a_sample_the_source_refuses_fails_the_kit() -> None:
    kit = _Kit(LineStudentSource())
    kit.sample = lambda: b"INE;Prenom;Nom;Classe\nERREUR\n"  # type: ignore[method-assign]
    with pytest.raises(AssertionError):
        kit.test_reads_its_sample_without_errors()


def _docs_example(name: str):
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "docs" / "examples" / "registrations" / name
    spec = importlib.util.spec_from_file_location(f"docs_example_{path.stem}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestDocsExampleSourcePasses(StudentSourceConformance):
    """The source docs/student-sources.rst shows passes the kit it recommends."""

    sample_name = "eleves.csv"

    def make_source(self):
        return _docs_example("names_csv.py").NamesCsvSource()

    def sample(self) -> bytes:
        header = "INE;Nom;Prénom;Date de naissance;Classe\n"
        return (header + "123456789FJ;Moreau;Léa;14/03/2012;6A\n").encode()
