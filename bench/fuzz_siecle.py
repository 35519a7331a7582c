"""Fuzz the SIECLE readers with damaged exports: only domain errors, never an exception.

    .venv/bin/python bench/fuzz_siecle.py [--examples 10000] [--seed 1]

Applies the mutations of :mod:`pixorga_siecle_import.testing.mutations` (truncations, bit flips,
inserted, overwritten and deleted bytes, one to four at a time) to a bare XML export, deflated
and stored zips of it and a SIECLE-like CSV, and reads each result with the XML reader and the
CSV reader. Prints how many examples ran, how many were refused, read with errors or read
cleanly, and exits 1 on the first exception (hypothesis prints the bytes that raised it). The
suite runs a few hundred of these; this script runs as many as asked.
"""

from __future__ import annotations

import argparse
import collections
import io
import sys
import time

from hypothesis import HealthCheck, Phase, given, seed, settings

from pixorga_core.domain.imports import ImportBatch
from pixorga_core.testing import sample_school
from pixorga_siecle_import.csv_reader import read_siecle_csv
from pixorga_siecle_import.testing.mutations import damaged_exports
from pixorga_siecle_import.xml_reader import read_siecle_xml


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    school = sample_school(uai="0759999L")
    outcomes: collections.Counter[str] = collections.Counter()

    def classify(batch: ImportBatch, reader: str) -> None:
        assert isinstance(batch, ImportBatch)
        if batch.errors and not batch.records:
            outcomes[f"{reader}: refused"] += 1
        elif batch.errors:
            outcomes[f"{reader}: read with errors"] += 1
        else:
            outcomes[f"{reader}: read"] += 1

    @seed(args.seed)
    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(damaged_exports())
    def fuzz(damaged: tuple[str, bytes]) -> None:
        name, data = damaged
        outcomes["examples"] += 1
        classify(read_siecle_xml(io.BytesIO(data), school, name=name), "xml")
        classify(read_siecle_csv(io.BytesIO(data), school, name=name), "csv")

    started = time.perf_counter()
    try:
        fuzz()
    except Exception as exc:  # hypothesis has shrunk it and printed the falsifying example
        print(f"FAILED after {outcomes['examples']} examples: {type(exc).__name__}: {exc}")
        return 1
    elapsed = time.perf_counter() - started
    print(f"{outcomes['examples']} examples in {elapsed:.1f} s, no exception")
    for key in sorted(k for k in outcomes if k != "examples"):
        print(f"  {key}: {outcomes[key]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
