"""pixorga against catsim, the reference Python CAT simulator, on the same experiment (issue #18).

    pip install catsim            # optional: a benchmark dependency, never a runtime one
    python bench/peer_bench.py    # 3 seeds, 1 000 simulees each
    python bench/peer_bench.py --seeds 1 --simulees 200 --chunk 50

The experiment: a 700-item 2PL bank (a ~ U(0.8, 2.0), b ~ N(0, 1.5)), 1 000 simulees
θ ~ N(0, 1), the test stops once the standard error is at most 0.4. Per seed, the same bank
(made a referential with ``pixorga referentials from-bank``'s code) and the same simulees go to

* catsim: ``MaxInfoSelector`` + ``NumericalSearchEstimator`` (maximum likelihood, Dodd's
  heuristic for constant patterns), start at θ = 0 (``FixedPointInitializer``),
  ``MinErrorStopper(0.4)``: standard error 1/√(test information at θ̂);
* pixorga: the built-in Flash through the whole harness (:func:`pixorga_core.simulation.harness
  .simulate`: the engine's code path, answer checking, knowledge elements, mastery scoring), with
  ``max_error=0.4`` (stop at a posterior standard deviation of 0.4) and no length limit; once
  with the other options at their defaults (``top=5``: a draw among the 5 most informative
  challenges), once with ``top=1`` (the most informative, as catsim), once with
  ``recentre_prior=false`` (the prior N(0, 1.5) stays centred on 0: a plain EAP), and once with
  both.

The tools run interleaved: the simulees are cut into chunks, and each chunk goes to each tool in
turn (the order alternating), so that both see the same machine load. Times are wall-clock and
process CPU. Each tool draws its simulees' answers from its own generator (same θ, same bank,
different coin flips).
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from pixorga_core.engine.flash import Flash
from pixorga_core.referentials.bank import bank_documents, write_documents
from pixorga_core.referentials.loader import load_referential
from pixorga_core.simulation.harness import simulate
from pixorga_core.simulation.pupils import Model, Population

ITEMS, SIMULEES, MAX_ERROR = 700, 1000, 0.4


@attrs.define
class Tally:
    """What one tool did over the chunks of one seed."""

    lengths: list[int] = attrs.field(factory=list)
    errors: list[float] = attrs.field(factory=list)  #: estimate − truth
    final_se: list[float] = attrs.field(factory=list)
    wall: float = 0.0
    cpu: float = 0.0

    @property
    def rmse(self) -> float:
        return math.sqrt(statistics.fmean(e * e for e in self.errors))


def make_bank(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(a, b, θ of the simulees) of one seed."""
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.8, 2.0, ITEMS)
    b = rng.normal(0.0, 1.5, ITEMS)
    theta = rng.normal(0.0, 1.0, SIMULEES)
    return a, b, theta


def bank_csv(a: np.ndarray, b: np.ndarray) -> str:
    rows = ["id,a,b", *(f"item{i},{float(a[i])!r},{float(b[i])!r}" for i in range(len(a)))]
    return "\n".join(rows) + "\n"


def run_catsim(a: np.ndarray, b: np.ndarray, thetas: np.ndarray, seed: int, tally: Tally) -> None:
    from catsim.estimation import NumericalSearchEstimator
    from catsim.initialization import FixedPointInitializer
    from catsim.irt import see
    from catsim.item_bank import ItemBank
    from catsim.selection import MaxInfoSelector
    from catsim.simulation import Simulator
    from catsim.stopping import MinErrorStopper

    items = np.column_stack([a, b, np.zeros_like(a), np.ones_like(a)])
    wall, cpu = time.perf_counter(), time.process_time()
    simulator = Simulator(
        ItemBank(items),
        thetas,
        FixedPointInitializer(0.0),
        MaxInfoSelector(),
        NumericalSearchEstimator(),
        MinErrorStopper(MAX_ERROR),
        seed=seed,
    )
    simulator.simulate()
    tally.wall += time.perf_counter() - wall
    tally.cpu += time.process_time() - cpu
    for i, truth in enumerate(thetas):
        given = simulator.administered_items[i]
        estimate = simulator.estimations[i][-1]
        tally.lengths.append(len(given))
        tally.errors.append(estimate - float(truth))
        tally.final_se.append(float(see(estimate, items[given])))


def run_pixorga(
    referential: Any, flash: Flash, thetas: np.ndarray, seed: int, tally: Tally
) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    result = simulate(
        referential,
        "all",
        [flash],
        pupils=len(thetas),
        seed=seed,
        model=Model.TWO_PL,
        population=Population(abilities=[float(t) for t in thetas], tube_sd=0.0),
    )
    tally.wall += time.perf_counter() - wall
    tally.cpu += time.process_time() - cpu
    for run in result.runs:
        tally.lengths.append(run.questions)
        assert run.estimated_ability is not None
        tally.errors.append(run.estimated_ability - run.true_ability)
        assert run.standard_error is not None
        tally.final_se.append(run.standard_error)


def one_seed(seed: int, chunk: int, simulees: int) -> dict[str, Tally]:
    a, b, thetas = make_bank(seed)
    thetas = thetas[:simulees]
    with tempfile.TemporaryDirectory() as directory:
        documents = bank_documents(bank_csv(a, b), referential_id="catsim-bank", name="catsim")
        write_documents(documents, Path(directory))
        referential = load_referential(directory)
    gc.collect()
    gc.freeze()
    tools: dict[str, Callable[[np.ndarray, int, Tally], None]] = {
        "catsim MaxInfo+NumericalSearch": lambda t, s, tally: run_catsim(a, b, t, s, tally),
        "pixorga Flash max_error=0.4": lambda t, s, tally: run_pixorga(
            referential, Flash(max_error=MAX_ERROR, max_challenges=ITEMS), t, s, tally
        ),
        "pixorga Flash max_error=0.4,top=1": lambda t, s, tally: run_pixorga(
            referential, Flash(max_error=MAX_ERROR, max_challenges=ITEMS, top=1), t, s, tally
        ),
        "pixorga Flash max_error=0.4,fixed prior": lambda t, s, tally: run_pixorga(
            referential,
            Flash(max_error=MAX_ERROR, max_challenges=ITEMS, recentre_prior=False),
            t,
            s,
            tally,
        ),
        "pixorga Flash max_error=0.4,top=1,fixed": lambda t, s, tally: run_pixorga(
            referential,
            Flash(max_error=MAX_ERROR, max_challenges=ITEMS, recentre_prior=False, top=1),
            t,
            s,
            tally,
        ),
    }
    tallies = {name: Tally() for name in tools}
    names = list(tools)
    for k, start in enumerate(range(0, len(thetas), chunk)):
        part = thetas[start : start + chunk]
        order = names if k % 2 == 0 else names[::-1]
        for name in order:
            tools[name](part, seed * 100_003 + k, tallies[name])
    return tallies


def report(seed: int | str, tallies: dict[str, Tally]) -> None:
    catsim = next(iter(tallies.values()))
    print(f"-- seed {seed} --")
    print(
        f"  {'tool':<36} {'items mean':>10} {'p90':>5} {'RMSE':>6} {'bias':>6} "
        f"{'final SE':>8} {'wall s':>7} {'cpu s':>7} {'items ×':>7} {'cpu ×':>6}"
    )
    for name, t in tallies.items():
        p90 = float(np.percentile(t.lengths, 90))
        print(
            f"  {name:<36} {statistics.fmean(t.lengths):>10.2f} {p90:>5.1f} {t.rmse:>6.3f} "
            f"{statistics.fmean(t.errors):>6.3f} {statistics.fmean(t.final_se):>8.3f} "
            f"{t.wall:>7.2f} {t.cpu:>7.2f} "
            f"{statistics.fmean(t.lengths) / statistics.fmean(catsim.lengths):>7.3f} "
            f"{t.cpu / catsim.cpu:>6.3f}"
        )


def merge(per_seed: Sequence[dict[str, Tally]]) -> dict[str, Tally]:
    merged: dict[str, Tally] = {}
    for tallies in per_seed:
        for name, t in tallies.items():
            m = merged.setdefault(name, Tally())
            m.lengths += t.lengths
            m.errors += t.errors
            m.final_se += t.final_se
            m.wall += t.wall
            m.cpu += t.cpu
    return merged


def goals(merged: dict[str, Tally]) -> None:
    names = list(merged)
    catsim = merged[names[0]]
    items, rmse = statistics.fmean(catsim.lengths), catsim.rmse
    print("-- goals (all seeds) --")
    for name in names[1:]:
        t = merged[name]
        ratio = statistics.fmean(t.lengths) / items
        ok_items = ratio <= 0.92
        ok_rmse = t.rmse <= rmse + 0.01
        ok_time = t.cpu <= 0.5 * catsim.cpu
        print(
            f"  {name}: items {ratio:.3f}× catsim "
            f"(goal ≤ 0.92: {'met' if ok_items else 'MISSED'}), "
            f"RMSE {t.rmse:.3f} vs {rmse:.3f} + 0.01 ({'met' if ok_rmse else 'MISSED'}), "
            f"CPU time {t.cpu / catsim.cpu:.3f}× ({'met' if ok_time else 'MISSED'} ≤ 0.5)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--simulees", type=int, default=SIMULEES)
    parser.add_argument("--chunk", type=int, default=250)
    args = parser.parse_args()
    try:
        import catsim
    except ImportError:
        sys.exit("catsim is not installed: pip install catsim (a benchmark-only dependency)")
    print(
        f"python {sys.version.split()[0]} on {platform.machine()}, {os.cpu_count()} CPUs, "
        f"catsim {getattr(catsim, '__version__', '?')}, numpy {np.__version__}"
    )
    print(
        f"{ITEMS}-item 2PL bank a ~ U(0.8, 2.0), b ~ N(0, 1.5); {args.simulees} simulees "
        f"θ ~ N(0, 1); stop at SE {MAX_ERROR}; chunks of {args.chunk}, interleaved"
    )
    per_seed = []
    for seed in range(1, args.seeds + 1):
        tallies = one_seed(seed, args.chunk, args.simulees)
        report(seed, tallies)
        per_seed.append(tallies)
    merged = merge(per_seed)
    report("all", merged)
    goals(merged)


if __name__ == "__main__":
    main()
