"""Benchmark of the ``pixorga`` command's start-up (issue #12). Not a test: prints figures.

    python bench/cli_bench.py              # 3 000 pupils, fastest of 5 interleaved runs
    python bench/cli_bench.py --pupils 3000 --runs 7

On one synthetic SIECLE file (bench/make_siecle.py) it times, side by side, in one run:

* ``pixorga import-siecle`` as a user runs it: a subprocess, wall clock, start-up included;
* the same import in process: a child process that imports everything first, then times only
  ``read_file`` + ``plan_import`` + ``commit_import`` (what the command does once started);
* ``pixorga --help`` and a bare ``python -c pass``, to see the start-up on its own.

Every import gets a fresh migrated SQLite database holding the school (a copy of one template).
Runs are interleaved and the fastest of each is kept: on a shared machine the load changes
between runs, and the minimum is the best estimate of the cost itself. CPU time (user + system)
is printed next to the wall clock: on a machine shared with other work it moves less. The goal:
the command at most 2x the in-process import.

The children run as an installed pixorga does, with bytecode caches: ``PYTHONDONTWRITEBYTECODE``
is dropped from their environment and a first, untimed run writes the caches (pip compiles an
installed package; only an editable tree under that variable recompiles every module at every
start). ``--no-bytecode`` keeps the variable, to measure that case.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

UAI = "0759999L"
BENCH_DIR = Path(__file__).resolve().parent


def make_file(path: Path, pupils: int) -> None:
    script = str(BENCH_DIR / "make_siecle.py")
    subprocess.run(
        [sys.executable, script, "--pupils", str(pupils), "--uai", UAI, "--seed", "1", str(path)],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def make_template(db: Path) -> None:
    """A migrated SQLite database with the school, made once and copied for every run."""
    from pixorga_core.services.organizations import NewOrganization, create_organization
    from pixorga_core.storage import migrate
    from pixorga_core.storage.db import make_engine, make_sessionmaker, transaction

    engine = make_engine(f"sqlite:///{db}")
    try:
        migrate.upgrade(engine)
        with transaction(make_sessionmaker(engine)) as session:
            create_organization(
                session, NewOrganization(name="Collège de mesure", uai=UAI, email=None)
            )
    finally:
        engine.dispose()


def child_in_process(path: Path, db: Path) -> dict[str, float]:
    """Everything imported and set up first; then only the import itself is timed."""
    from pixorga_core import Hooks, Settings, create_plugin_manager
    from pixorga_core.access import SystemContext
    from pixorga_core.services import imports
    from pixorga_core.storage.db import make_engine, make_sessionmaker, transaction
    from pixorga_core.storage.repositories import organizations as repo

    settings = Settings(database_url=f"sqlite:///{db}")
    hooks = Hooks(create_plugin_manager(), settings)
    sessions = make_sessionmaker(make_engine(settings.database_url))
    with transaction(sessions) as session:  # the first connection, out of the timing
        (school,) = repo.find_by_uai(session, UAI)
    start, cpu_start = time.perf_counter(), time.process_time()
    with transaction(sessions) as session, path.open("rb") as stream:
        (school,) = repo.find_by_uai(session, UAI)
        batch = imports.read_file(hooks, stream, path.name, school)
        plan = imports.plan_import(session, school, batch, lock=True)
        operator = SystemContext(organization=school, operator="cli bench")
        report = imports.commit_import(
            session, hooks, operator, batch, file_name=path.name, plan=plan
        )
    return {
        "seconds": time.perf_counter() - start,
        "cpu": time.process_time() - cpu_start,
        "created": report.counts.created,
    }


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(wall-clock seconds, CPU seconds, standard output) of one subprocess."""
    start, cpu_start = time.perf_counter(), _children_cpu()
    out = subprocess.run(argv, env=env, check=True, capture_output=True, text=True)
    return time.perf_counter() - start, _children_cpu() - cpu_start, out.stdout


def pixorga_script() -> str:
    beside = Path(sys.executable).with_name("pixorga")
    found = str(beside) if beside.exists() else shutil.which("pixorga")
    if found is None:
        raise SystemExit("no `pixorga` command next to this Python nor on PATH")
    return found


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(child_in_process(Path(sys.argv[2]), Path(sys.argv[3]))))
        return
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--pupils", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=5, help="fastest of N (default 5)")
    parser.add_argument(
        "--no-bytecode", action="store_true", help="keep PYTHONDONTWRITEBYTECODE if it is set"
    )
    args = parser.parse_args()

    pixorga = pixorga_script()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIXORGA_")}
    env["PIXORGA_LOG_LEVEL"] = "WARNING"
    if not args.no_bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    commands: list[tuple[float, float]] = []
    in_process: list[tuple[float, float]] = []
    helps: list[tuple[float, float]] = []
    bare: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ElevesSansAdresses.xml"
        make_file(path, args.pupils)
        template = Path(tmp) / "template.sqlite3"
        make_template(template)
        warm_up = Path(tmp) / "warm-up.sqlite3"
        shutil.copyfile(template, warm_up)
        warm_env = {**env, "PIXORGA_DATABASE_URL": f"sqlite:///{warm_up}"}
        timed([pixorga, "import-siecle", "--uai", UAI, "--dry-run", str(path)], warm_env)
        for run in range(args.runs):
            db = Path(tmp) / f"command-{run}.sqlite3"
            shutil.copyfile(template, db)
            run_env = {**env, "PIXORGA_DATABASE_URL": f"sqlite:///{db}"}
            seconds, cpu, out = timed([pixorga, "import-siecle", "--uai", UAI, str(path)], run_env)
            if not out.startswith("imported:"):
                raise SystemExit(f"the command did not import: {out!r}")
            commands.append((seconds, cpu))

            db = Path(tmp) / f"in-process-{run}.sqlite3"
            shutil.copyfile(template, db)
            *_, out = timed([sys.executable, __file__, "--child", str(path), str(db)], env)
            child = json.loads(out.strip().splitlines()[-1])
            in_process.append((child["seconds"], child["cpu"]))

            helps.append(timed([pixorga, "--help"], run_env)[:2])
            bare.append(timed([sys.executable, "-c", "pass"], env)[:2])

    def fastest(runs: list[tuple[float, float]]) -> tuple[float, float]:
        return min(r[0] for r in runs), min(r[1] for r in runs)

    (command, command_cpu), (work, work_cpu) = fastest(commands), fastest(in_process)
    caches = "without" if "PYTHONDONTWRITEBYTECODE" in env else "with"
    print(
        f"file: {args.pupils} pupils; fastest of {args.runs} interleaved runs (wall, CPU), "
        f"{caches} bytecode caches"
    )
    print(f"pixorga import-siecle (subprocess): {command:7.3f} s  {command_cpu:7.3f} s")
    print(f"the same import, in process:        {work:7.3f} s  {work_cpu:7.3f} s")
    print(
        f"ratio command / in process:         {command / work:7.2f}x {command_cpu / work_cpu:7.2f}x"
        "  (goal <= 2x)"
    )
    for label, runs in (("pixorga --help:", helps), ("python -c pass:", bare)):
        wall, cpu = fastest(runs)
        print(f"{label:<36}{wall:7.3f} s  {cpu:7.3f} s")


if __name__ == "__main__":
    main()
