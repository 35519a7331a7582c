"""The conformance kit of a student source: :class:`StudentSourceConformance`."""

from __future__ import annotations

import io
import re

from pixorga_core.domain.imports import ImportBatch
from pixorga_core.domain.organizations import Organization
from pixorga_core.registries import StudentSource, StudentSourceRegistry
from pixorga_core.testing.doubles import sample_school

__all__ = ["StudentSourceConformance"]

_ISSUE_CODE = re.compile(r"^[A-Z][A-Z0-9_]*$")


class StudentSourceConformance:
    """Behaviour checks any :class:`~pixorga_core.registries.StudentSource` should pass; subclass.

    ::

        from pixorga_core.testing import StudentSourceConformance

        class TestMySource(StudentSourceConformance):
            def make_source(self):
                return MySource()

            def sample(self) -> bytes:
                return Path(__file__).with_name("sample.csv").read_bytes()

    ``sample`` is a valid file of at least one pupil for :meth:`organization` (a school with UAI
    ``0759999L``; override it if your files name another). The checks: a valid name and a French
    label; the source accepts its sample and reads it without errors into records with an INE,
    names and the source's name; reading is deterministic; and ``read`` never raises, whatever
    the bytes (empty, binary, truncated, corrupted): problems come back as issues with an
    upper-case code and a message.
    """

    sample_name: str = "eleves"

    def make_source(self) -> StudentSource:
        raise NotImplementedError("return the source under test")

    def sample(self) -> bytes:
        raise NotImplementedError("return a valid file of the source's format")

    def organization(self) -> Organization:
        return sample_school()

    def _read(self, data: bytes) -> ImportBatch:
        batch = self.make_source().read(io.BytesIO(data), self.organization(), self.sample_name)
        assert isinstance(batch, ImportBatch), f"read returned {type(batch).__name__}"
        for issue in (*batch.errors, *batch.warnings):
            assert _ISSUE_CODE.match(issue.code), f"issue code {issue.code!r} is not UPPER_CASE"
            assert issue.message.strip(), f"issue {issue.code} has no message"
        return batch

    def test_name_and_label(self) -> None:
        source = self.make_source()
        StudentSourceRegistry().add(source)  # checks the name
        assert isinstance(source.label, str)
        assert source.label.strip()

    def test_accepts_its_sample(self) -> None:
        data = self.sample()
        assert self.make_source().accepts(data[:4096], self.sample_name)

    def test_reads_its_sample_without_errors(self) -> None:
        batch = self._read(self.sample())
        assert batch.errors == (), batch.errors
        assert batch.source == self.make_source().name
        assert batch.records, "the sample gave no pupil"
        assert batch.in_file >= len(batch.records)
        for record in batch.records:
            assert record.national_student_id.strip()
            assert record.first_name.strip()
            assert record.last_name.strip()
        ines = [r.national_student_id for r in batch.records]
        assert len(set(ines)) == len(ines), "a valid batch lists each INE once"

    def test_reading_is_deterministic(self) -> None:
        assert self._read(self.sample()) == self._read(self.sample())

    def test_never_raises_on_bad_bytes(self) -> None:
        data = self.sample()
        middle = len(data) // 2
        corrupted = data[:middle] + bytes(b ^ 0xFF for b in data[middle : middle + 64])
        for bad in (
            b"",
            b"\x00" * 512,
            b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
            data[:middle],
            corrupted + data[middle + 64 :],
            data + data,
        ):
            batch = self._read(bad)
            if bad in (b"", b"\x00" * 512):
                assert batch.errors or not batch.records, f"{bad[:20]!r}… gave pupils"
