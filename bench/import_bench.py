"""Benchmark of the SIECLE import (issue #4 speed goals). Not a test: prints figures.

    python bench/import_bench.py --pupils 3000
    python bench/import_bench.py --pupils 100000

For a file of N synthetic pupils (bench/make_siecle.py) it measures, in one run on one machine:

* the floor: a raw ``lxml.etree.iterparse`` pass over the file, elements cleared as it goes;
* a full import into a fresh SQLite database (read + validate + preview + commit), in a child
  process so that its peak RSS is its own;
* a re-import of the same file with 5 % of the pupils changed (class changes), same database.

and prints seconds, the ratios to the floor, and peak RSS. Each measure is run ``--runs`` times
(default 3), interleaved, and the fastest is kept: on a shared machine the load changes between
runs, and the minimum is the best estimate of the cost itself.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import attrs
from lxml import etree

UAI = "0759999L"


def floor_pass(path: Path) -> float:
    start = time.perf_counter()
    for _, elem in etree.iterparse(
        str(path), events=("end",), resolve_entities=False, no_network=True, load_dtd=False
    ):
        elem.clear()
    return time.perf_counter() - start


def child_import(path: Path, db: Path, change_ratio: float) -> dict[str, float]:
    from pixorga_core import Hooks, Settings, create_plugin_manager
    from pixorga_core.access import SystemContext
    from pixorga_core.services import imports
    from pixorga_core.services.organizations import (
        NewOrganization,
        create_organization,
    )
    from pixorga_core.storage import migrate
    from pixorga_core.storage.db import make_engine, make_sessionmaker, transaction
    from pixorga_core.storage.repositories import organizations as repo

    settings = Settings(database_url=f"sqlite:///{db}")
    hooks = Hooks(create_plugin_manager(), settings)
    engine = make_engine(settings.database_url)
    migrate.upgrade(engine)
    sessions = make_sessionmaker(engine)
    with transaction(sessions) as session:
        found = repo.find_by_uai(session, UAI)
        school = (
            found[0]
            if found
            else create_organization(
                session, NewOrganization(name="Collège de mesure", uai=UAI, email=None)
            )
        )
    start = time.perf_counter()
    with transaction(sessions) as session, path.open("rb") as stream:
        batch = imports.read_file(hooks, stream, path.name, school)
        parsed = time.perf_counter()
        if change_ratio:
            rng = random.Random(5)
            records = [
                attrs.evolve(r, division=f"{r.division}-bis") if rng.random() < change_ratio else r
                for r in batch.records
            ]
            batch = attrs.evolve(batch, records=tuple(records))
        if batch.errors:
            raise SystemExit(f"the synthetic file was rejected: {batch.errors[:3]}")
        plan = imports.plan_import(session, school, batch, lock=True)  # the preview
        preview = plan.preview
        report = imports.commit_import(
            session,
            hooks,
            SystemContext(organization=school, operator="import bench"),
            batch,
            file_name=path.name,
            now=datetime.now(UTC),
            plan=plan,
        )
    end = time.perf_counter()
    return {
        "seconds": end - start,
        "parse_seconds": parsed - start,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "kept": report.counts.kept,
        "created": report.counts.created,
        "updated": report.counts.updated,
        "class_changes": preview.counts.class_changes,
    }


def run_child(path: Path, db: Path, change_ratio: float) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(path), str(db), str(change_ratio)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        result = child_import(Path(sys.argv[2]), Path(sys.argv[3]), float(sys.argv[4]))
        print(json.dumps(result))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=3000)
    parser.add_argument("--keep", type=Path, help="keep the generated file here")
    parser.add_argument(
        "--runs", type=int, default=3, help="runs of each measure; the fastest is kept (default 3)"
    )
    args = parser.parse_args()

    from pixorga_siecle_import.testing.synthetic import SyntheticOptions, write_siecle

    floors: list[float] = []
    firsts: list[dict[str, float]] = []
    agains: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "ElevesSansAdresses.xml"
        with path.open("wb") as out:
            summary = write_siecle(out, SyntheticOptions(pupils=args.pupils, uai=UAI, seed=1))
        size_mb = path.stat().st_size / 1e6
        # Interleaved runs, fastest kept: the machine's load changes less between neighbours.
        for run in range(args.runs):
            floors.append(floor_pass(path))
            db = Path(tmp) / f"first-{run}.sqlite3"
            firsts.append(run_child(path, db, 0.0))
            again_db = Path(tmp) / f"again-{run}.sqlite3"
            shutil.copyfile(db, again_db)
            agains.append(run_child(path, again_db, 0.05))
    floor = min(floors)
    first = min(firsts, key=lambda r: r["seconds"])
    again = min(agains, key=lambda r: r["seconds"])
    print(f"file: {args.pupils} pupils, {size_mb:.1f} MB ({summary})")
    print(f"fastest of {args.runs} interleaved runs, {os.cpu_count()} CPUs")
    print(f"floor (raw lxml iterparse):     {floor:8.3f} s")
    print(
        f"first import (SQLite):          {first['seconds']:8.3f} s  = "
        f"{first['seconds'] / floor:.2f}x floor (parse {first['parse_seconds']:.3f} s), "
        f"peak RSS {max(r['peak_rss_mb'] for r in firsts):.0f} MB,"
        f" created {first['created']}"
    )
    print(
        f"re-import, 5 % class changes:   {again['seconds']:8.3f} s  = "
        f"{again['seconds'] / first['seconds']:.2f}x first import, peak RSS "
        f"{max(r['peak_rss_mb'] for r in agains):.0f} MB, class changes {again['class_changes']}"
    )


if __name__ == "__main__":
    main()
