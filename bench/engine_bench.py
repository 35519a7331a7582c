"""Benchmark of the adaptive engine (issue #6 speed goals). Not a test: prints figures.

    python bench/engine_bench.py                 # everything
    python bench/engine_bench.py --part selection --selection-pupils 20

Three parts:

* ``selection``: time of one next-challenge selection on a 700-skill synthetic target profile
  (16 competences, tubes of 6 skills, 2 challenges per skill), measured on every call of
  simulated assessments through the engine, for Smart Random and Flash (goal: p95 < 5 ms);
* ``scaling``: simulating 250, 500 and 1 000 pupils on competence 1.1 with Smart Random, the
  whole harness (engine, scoring), to show the time is linear in pupils;
* ``memory``: the resident memory over 5 000 assessments with one instance of each algorithm,
  as in a server process (goal: no growth with the number of pupils);
* ``baseline``: the harness figures of Smart Random and Flash on competence 1.1: questions per
  assessment and mastery accuracy, the baseline later work must beat.

Competence 1.1 comes from ``--referential-dir`` if given, else from the demo referential when it
is installed, else from the test referential tests/referentials/mini (always the target profile
whose skills are exactly those of competence 1.1); the output says which.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

from pixorga_core.defaults.referentials import demo_directory
from pixorga_core.domain.referential import Referential
from pixorga_core.engine import service
from pixorga_core.engine.flash import Flash
from pixorga_core.engine.smart_random import SmartRandom
from pixorga_core.referentials import load_referential
from pixorga_core.registries import AssessmentAlgorithm
from pixorga_core.simulation.harness import percentile, simulate
from pixorga_core.simulation.pupils import Model
from pixorga_core.simulation.report import comparison_table
from pixorga_core.simulation.synthetic import synthetic_referential

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "referentials" / "mini"


def competence_1_1(directory: Path | None = None) -> tuple[Referential, str, str]:
    """(referential, id of a profile covering exactly competence 1.1, where it comes from)."""
    if directory is not None:
        referential = load_referential(directory)
        source = f"referential in {directory}"
    elif demo_directory().joinpath("referential.json").is_file():
        referential = load_referential(demo_directory())
        source = "demo referential"
    else:
        referential = load_referential(MINI)
        source = "test referential tests/referentials/mini (demo content not installed)"
    wanted = {s.id for s in referential.skills_by_competence["1.1"]}
    for profile in referential.target_profiles:
        if set(profile.skill_ids) == wanted:
            return referential, profile.id, source
    msg = f"no target profile covers exactly competence 1.1 in {referential.id}"
    raise SystemExit(msg)


def selection_times(
    referential: Referential,
    profile_id: str,
    algorithm: AssessmentAlgorithm,
    pupils: int,
    first: int = 0,
    cpu: list[float] | None = None,
) -> tuple[list[float], list[int]]:
    """Seconds per next_challenge call (through the engine), and assessment lengths; pupils
    ``first`` … ``first + pupils − 1``. ``cpu`` receives the thread CPU seconds of each call
    (the machine's load does not count in them)."""
    times: list[float] = []
    lengths: list[int] = []
    answers = random.Random(7 + first)
    for n in range(first, first + pupils):
        rng = random.Random(n)
        ability = answers.gauss(4, 1.5)  # a level
        state = service.start_assessment(referential, profile_id, algorithm=algorithm.name)
        while True:
            start, start_cpu = time.perf_counter(), time.thread_time()
            challenge = service.next_challenge(algorithm, state, rng)
            times.append(time.perf_counter() - start)
            if cpu is not None:
                cpu.append(time.thread_time() - start_cpu)
            if challenge is None:
                break
            right = answers.random() < 1 / (1 + 2.718281828 ** (challenge.skill_level - ability))
            state = service.apply_answer(state, challenge.id, 1 if right else 2)
        lengths.append(len(state.answers))
    return times, lengths


class GcPauses:
    """The garbage collector's passes during a measurement, and the longest (gc.callbacks)."""

    def __init__(self) -> None:
        self.count, self.longest, self._start = 0, 0.0, 0.0

    def __call__(self, phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.count += 1
            self.longest = max(self.longest, time.perf_counter() - self._start)

    def __enter__(self) -> GcPauses:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *_exc: object) -> None:
        gc.callbacks.remove(self)


def part_selection(pupils: int) -> None:
    referential = synthetic_referential(skills=700, seed=1)
    gc.collect()
    gc.freeze()  # as serve and simulate do after loading the referentials
    print("== next-challenge selection, 700-skill synthetic target profile ==")
    print(
        f"({len(referential.skills)} skills, {len(referential.tubes)} tubes, "
        f"{len(referential.challenges)} challenges; {pupils} simulated pupils per algorithm)"
    )
    for algorithm in (SmartRandom(), Flash(), Flash(max_challenges=100), Flash(max_error=0.4)):
        cpu: list[float] = []
        with GcPauses() as pauses:
            times, lengths = selection_times(referential, "all", algorithm, pupils, cpu=cpu)
        ms = [t * 1000 for t in times]
        cpu_ms = [t * 1000 for t in cpu]
        label = algorithm.name
        if isinstance(algorithm, Flash):
            label += f" (max {algorithm.max_challenges}"
            label += f", SE {algorithm.max_error})" if algorithm.max_error else ")"
        print(
            f"  {label:<20} calls {len(ms):>6}  length mean {statistics.fmean(lengths):6.1f}  "
            f"ms p50 {percentile(ms, 50):6.3f}  p95 {percentile(ms, 95):6.3f}  "
            f"max {max(ms):6.3f}  -> goal p95 < 5 ms: "
            f"{'met' if percentile(ms, 95) < 5 else 'MISSED'}, worst < 10 ms: "
            f"{'met' if max(ms) < 10 else 'MISSED'}"
        )
        print(
            f"  {'':<20} CPU time: ms p50 {percentile(cpu_ms, 50):6.3f}  "
            f"p95 {percentile(cpu_ms, 95):6.3f}  max {max(cpu_ms):6.3f}  -> goals "
            f"{'met' if percentile(cpu_ms, 95) < 5 else 'MISSED'} (p95), "
            f"{'met' if max(cpu_ms) < 10 else 'MISSED'} (worst)"
        )
        worst = max(range(len(ms)), key=ms.__getitem__)
        print(
            f"  {'':<20} worst call: #{worst} ({ms[worst]:.3f} ms, of which CPU "
            f"{cpu_ms[worst]:.3f} ms: the rest is time the machine gave other processes); first "
            f"call {ms[0]:.3f} ms; gc passes {pauses.count}, longest {pauses.longest * 1000:.3f} ms"
        )


def _rss_kb() -> int:
    """Resident set size now, from /proc (Linux), in KiB; 0 elsewhere."""
    try:
        with open("/proc/self/statm", encoding="ascii") as stream:
            return int(stream.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except OSError:
        return 0


def part_memory(assessments: int) -> None:
    """RSS over ``assessments`` assessments with one Flash and one Smart Random instance, as in a
    server process: it must not grow with the number of pupils."""
    referential = synthetic_referential(skills=700, seed=1)
    gc.collect()
    gc.freeze()
    print(f"== memory over {assessments} assessments (700-skill profile, one instance each) ==")
    # Smart Random asks about every skill: on competence 1 (44 skills) rather than all 700.
    for algorithm, profile_id in ((Flash(), "all"), (SmartRandom(), "competence-1")):
        samples = []
        step = max(1, assessments // 10)
        for done in range(0, assessments, step):
            selection_times(referential, profile_id, algorithm, step, first=done)
            samples.append((done + step, _rss_kb()))
        first, last = samples[0][1], samples[-1][1]
        print(
            f"  {algorithm.name + ' ' + profile_id:<25} RSS after {samples[0][0]}: "
            f"{first / 1024:7.1f} MiB, after "
            f"{samples[-1][0]}: {last / 1024:7.1f} MiB (growth {(last - first) / 1024:+.1f} MiB)"
        )
        trail = ", ".join(f"{n}: {kb / 1024:.1f}" for n, kb in samples)
        print(f"  {'':<25} RSS (MiB) after n assessments: {trail}")
        if isinstance(algorithm, Flash):
            cache = algorithm._posteriors  # bench: look inside
            print(
                f"  {'':<25} Flash posterior cache: {len(cache)} entries, "
                f"{cache.bytes / 1e6:.1f} MB"
            )


def part_scaling(counts: list[int], directory: Path | None) -> None:
    referential, profile_id, source = competence_1_1(directory)
    print(f"== Smart Random, competence 1.1 ({source}, profile {profile_id}) ==")
    per_pupil = []
    for count in counts:
        start = time.perf_counter()
        simulate(referential, profile_id, [SmartRandom()], pupils=count, seed=1)
        seconds = time.perf_counter() - start
        per_pupil.append(seconds / count)
        print(f"  {count:>5} pupils: {seconds:7.2f} s  ({1000 * seconds / count:.3f} ms per pupil)")
    spread = max(per_pupil) / min(per_pupil)
    print(f"  time per pupil varies by a factor {spread:.2f} from {counts[0]} to {counts[-1]}")


def part_baseline(pupils: int, directory: Path | None) -> None:
    referential, profile_id, source = competence_1_1(directory)
    print(f"== baseline, competence 1.1 ({source}) ==")
    for model in (Model.RASCH, Model.TWO_PL):
        result = simulate(
            referential, profile_id, [SmartRandom(), Flash()], pupils=pupils, seed=1, model=model
        )
        print(comparison_table(result).split("\n\nmastery-decision")[0])
        print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parts = ["selection", "scaling", "baseline", "memory", "all"]
    parser.add_argument("--part", choices=parts, default="all")
    parser.add_argument("--selection-pupils", type=int, default=30)
    parser.add_argument("--scaling", default="250,500,1000")
    parser.add_argument("--baseline-pupils", type=int, default=1000)
    parser.add_argument("--memory-assessments", type=int, default=5000)
    parser.add_argument(
        "--referential-dir",
        type=Path,
        default=None,
        help="take competence 1.1 from this referential directory (default: the demo)",
    )
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]} on {platform.machine()}, {os.cpu_count()} CPUs")
    if args.part in {"selection", "all"}:
        part_selection(args.selection_pupils)
    if args.part in {"scaling", "all"}:
        part_scaling([int(n) for n in args.scaling.split(",")], args.referential_dir)
    if args.part in {"baseline", "all"}:
        part_baseline(args.baseline_pupils, args.referential_dir)
    if args.part in {"memory", "all"}:
        part_memory(args.memory_assessments)


if __name__ == "__main__":
    main()
