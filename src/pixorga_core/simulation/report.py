"""Presenting a simulation: the comparison table, CSV files and the accuracy-vs-questions plot."""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from pathlib import Path

from pixorga_core.errors import ConfigurationError
from pixorga_core.simulation.harness import SimulationResult

#: Per-skill accuracies are printed when the profile has at most this many skills.
MAX_PRINTED_SKILLS = 40


def _fmt(value: float | None, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:.{digits}f}"


def comparison_table(result: SimulationResult) -> str:
    """The side-by-side comparison of the algorithms, as aligned text."""
    pupils = result.summaries[0].pupils if result.summaries else 0
    lines = [
        f"{pupils} simulated pupils, target profile {result.target_profile_id} "
        f"({len(result.skills)} skills, referential {result.referential_id}), "
        f"model {result.model.value}, seed {result.seed}",
        "",
    ]
    header: tuple[str, ...] = (
        "algorithm",
        "questions mean",
        "p90",
        "mastery accuracy",
        "estimate RMSE",
        "bias",
        "selection ms mean",
        "p95",
    )
    rows: list[tuple[str, ...]] = [header]
    rows += [
        (
            s.algorithm,
            _fmt(s.questions_mean, 1),
            _fmt(s.questions_p90, 1),
            f"{_fmt(100 * s.accuracy_mean, 1)} %",
            _fmt(s.estimate_rmse),
            _fmt(s.estimate_bias),
            _fmt(s.selection_ms_mean, 3),
            _fmt(s.selection_ms_p95, 3),
        )
        for s in result.summaries
    ]
    lines.extend(_aligned(rows))
    if len(result.skills) <= MAX_PRINTED_SKILLS and result.summaries:
        lines.extend(["", "mastery-decision accuracy per skill (share of pupils):"])
        skill_rows: list[tuple[str, ...]] = [
            ("skill", "level", *(s.algorithm for s in result.summaries))
        ]
        skill_rows.extend(
            (
                skill.id,
                str(skill.difficulty),
                *(f"{100 * s.accuracy_by_skill[skill.id]:.0f} %" for s in result.summaries),
            )
            for skill in result.skills
        )
        lines.extend(_aligned(skill_rows))
    return "\n".join(lines)


def precision_table(result: SimulationResult) -> str:
    """Per algorithm: mean final standard error, exposure, test overlap, worst selection time."""
    header: tuple[str, ...] = (
        "algorithm",
        "final SE mean",
        "exposure max",
        "unused challenges",
        "test overlap",
        "selection ms max",
    )
    rows: list[tuple[str, ...]] = [header]
    rows += [
        (
            s.algorithm,
            _fmt(s.standard_error_mean, 3),
            f"{_fmt(100 * s.exposure_max, 1)} %",
            f"{_fmt(100 * s.unused_share, 1)} %",
            f"{_fmt(100 * s.overlap, 1)} %",
            _fmt(s.selection_ms_max, 3),
        )
        for s in result.summaries
    ]
    lines = [f"pupils: {result.population.describe()}"]
    lines.extend(_aligned(rows))
    return "\n".join(lines)


def _aligned(rows: Sequence[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = []
    for row in rows:
        rest = [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        cells = [row[0].ljust(widths[0]), *rest]
        out.append("  ".join(cells).rstrip())
    return out


def companion_path(path: Path, kind: str) -> Path:
    """Where :func:`write_csv` puts the ``kind`` table ("skills", "curve") next to ``path``."""
    return path.with_name(f"{path.stem}-{kind}{path.suffix or '.csv'}")


def write_csv(result: SimulationResult, path: Path) -> list[Path]:
    """One row per (algorithm, pupil) in ``path``; next to it, ``-skills`` (accuracy per skill),
    ``-curve`` (mean accuracy after each number of questions, the data of the plot) and
    ``-steps`` (one row per pupil and answer: the challenge, right or not, the estimate and its
    standard error after it; step 0 is before the first answer)."""
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(
            [
                "algorithm",
                "pupil",
                "true_ability",
                "estimated_ability",
                "questions",
                "mastery_accuracy",
                "pix",
                "selection_ms_mean",
                "selection_ms_max",
            ]
        )
        for run in result.runs:
            timings = [t * 1000 for t in run.selection_seconds]
            writer.writerow(
                [
                    run.algorithm,
                    run.pupil,
                    f"{run.true_ability:.4f}",
                    "" if run.estimated_ability is None else f"{run.estimated_ability:.4f}",
                    run.questions,
                    f"{run.accuracy:.4f}",
                    f"{run.pix:.2f}",
                    f"{sum(timings) / len(timings):.4f}" if timings else "",
                    f"{max(timings):.4f}" if timings else "",
                ]
            )
    skills_path = companion_path(path, "skills")
    with skills_path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["skill", "tube", "level", *(s.algorithm for s in result.summaries)])
        for skill in result.skills:
            writer.writerow(
                [
                    skill.id,
                    skill.tube_id,
                    skill.difficulty,
                    *(f"{s.accuracy_by_skill[skill.id]:.4f}" for s in result.summaries),
                ]
            )
    curve_path = companion_path(path, "curve")
    longest = max((len(s.accuracy_curve) for s in result.summaries), default=0)
    with curve_path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["questions", *(s.algorithm for s in result.summaries)])
        for k in range(longest):
            writer.writerow(
                [
                    k,
                    *(
                        f"{s.accuracy_curve[min(k, len(s.accuracy_curve) - 1)]:.4f}"
                        for s in result.summaries
                    ),
                ]
            )
    steps_path = companion_path(path, "steps")
    with steps_path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(
            ["algorithm", "pupil", "step", "challenge", "right", "estimate", "standard_error"]
        )
        for run in result.runs:
            for step in range(len(run.estimates)):
                given = step > 0 and step - 1 < len(run.challenge_ids)
                writer.writerow(
                    [
                        run.algorithm,
                        run.pupil,
                        step,
                        run.challenge_ids[step - 1] if given else "",
                        int(run.rights[step - 1]) if given else "",
                        _cell(run.estimates[step]),
                        _cell(run.standard_errors[step]),
                    ]
                )
    return [path, skills_path, curve_path, steps_path]


def _cell(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def write_plot(result: SimulationResult, path: Path) -> Path:
    """A PNG of mean mastery accuracy against the number of questions asked, per algorithm.

    :raises ConfigurationError: matplotlib is not installed (``pixorga-core[simulation]``).
    """
    try:
        import matplotlib  # optional dependency, imported only to plot

        matplotlib.use("Agg")
        from matplotlib import pyplot
    except ImportError as exc:
        msg = "plotting needs matplotlib: pip install 'pixorga-core[simulation]'"
        raise ConfigurationError(msg) from exc
    figure, axes = pyplot.subplots(figsize=(8, 5), dpi=100)
    for summary in result.summaries:
        xs = list(range(len(summary.accuracy_curve)))
        ys = [100 * v for v in summary.accuracy_curve]
        (line,) = axes.plot(xs, ys, label=summary.algorithm)
        mean_q = summary.questions_mean
        if not math.isnan(mean_q) and xs:
            k = min(round(mean_q), len(ys) - 1)
            axes.plot([k], [ys[k]], "o", color=line.get_color())
    axes.set_xlabel("questions asked")
    axes.set_ylabel("mastery-decision accuracy (%)")
    axes.set_title(
        f"{result.target_profile_id} ({len(result.skills)} skills), "
        f"{result.summaries[0].pupils if result.summaries else 0} pupils, "
        f"model {result.model.value}"
    )
    axes.set_ylim(0, 100)
    axes.grid(visible=True, alpha=0.3)
    axes.legend(title="algorithm (dot: mean length)")
    figure.tight_layout()
    figure.savefig(path, format="png")
    pyplot.close(figure)
    return path
