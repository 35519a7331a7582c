"""Write a realistic synthetic SIECLE pupil export (invented pupils only) for tests and benchmarks.

    python bench/make_siecle.py --pupils 3000 --uai 0759999L --seed 1 /tmp/ElevesSansAdresses.xml
    python bench/make_siecle.py --pupils 3000 --zip /tmp/        # ExportXML_ElevesSansAdresses.zip
    python bench/make_siecle.py --pupils 100000 --with-addresses /tmp/siecle100k.xml

OUT is the XML file, or with ``--zip`` the zip file (or a directory, in which the zip gets the
name SIECLE gives it). ``-`` writes the XML to standard output. The summary (pupils in the file,
pupils an importer should keep, leavers, pupils without INE, inactive pupils...) is printed as
text, or as JSON with ``--json``, on standard output (standard error when the XML goes there).

The generator is ``pixorga_siecle_import.testing.synthetic`` (plugins/siecle_import).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

import attrs

from pixorga_siecle_import.testing.synthetic import (
    SyntheticOptions,
    SyntheticSummary,
    write_siecle,
    write_siecle_zip,
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "out", metavar="OUT", help="output file (or directory with --zip); - = stdout"
    )
    parser.add_argument("--pupils", type=int, default=3000, help="number of ELEVE (default 3000)")
    parser.add_argument("--uai", default="0759999L", help="UAJ of the school (default 0759999L)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--school-year", type=int, default=2024, help="ANNEE_SCOLAIRE (2024)")
    parser.add_argument(
        "--export-date", type=date.fromisoformat, default=None, help="DATE_EXPORT, YYYY-MM-DD"
    )
    parser.add_argument("--leavers-ratio", type=float, default=0.03)
    parser.add_argument("--without-ine-ratio", type=float, default=0.01)
    parser.add_argument("--inactive-ratio", type=float, default=0.01)
    parser.add_argument("--zip", action="store_true", help="write ExportXML_Eleves…Adresses.zip")
    parser.add_argument("--with-addresses", action="store_true", help="add the ADRESSES block")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    return parser.parse_args(argv)


def summary_dict(summary: SyntheticSummary) -> dict[str, object]:
    data = attrs.asdict(summary)
    data["kept_by_division"] = dict(summary.kept_by_division)
    return data


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        options = SyntheticOptions(
            pupils=args.pupils,
            uai=args.uai,
            seed=args.seed,
            school_year=args.school_year,
            export_date=args.export_date,
            leavers_ratio=args.leavers_ratio,
            without_ine_ratio=args.without_ine_ratio,
            inactive_ratio=args.inactive_ratio,
            with_addresses=args.with_addresses,
        )
    except ValueError as error:
        print(f"make_siecle: {error}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    if args.zip:
        if args.out == "-":
            print("make_siecle: --zip needs a file or directory", file=sys.stderr)
            return 2
        summary = write_siecle_zip(args.out, options)
    elif args.out == "-":
        summary = write_siecle(sys.stdout.buffer, options)
        sys.stdout.buffer.flush()
    else:
        with Path(args.out).open("wb") as out:
            summary = write_siecle(out, options)
    seconds = time.perf_counter() - start
    stream = sys.stderr if args.out == "-" else sys.stdout
    if args.json:
        print(json.dumps(summary_dict(summary), ensure_ascii=False), file=stream)
    else:
        print(
            f"{summary.in_file} pupils in the file for {summary.uai}: {summary.kept} to keep, "
            f"{summary.leavers} leavers, {summary.without_ine} without INE, "
            f"{summary.inactive_only} only in Inactifs; {summary.bea_ines} BEA INEs, "
            f"{summary.unencodable_names} names with '?', {summary.divisions} divisions; "
            f"{summary.bytes_written / 1e6:.1f} MB of XML in {seconds:.1f} s",
            file=stream,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
