"""``pixorga simulate``: compare registered algorithms on simulated pupils."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from pixorga_core.commands.context import CliContext, reports_errors
from pixorga_core.errors import InvalidInputError, NotFoundError, TargetProfileNotFoundError
from pixorga_core.hooks import hookimpl

#: ``--model`` values: those of :class:`pixorga_core.simulation.pupils.Model` (a test keeps them
#: equal), written out so that the command line does not import the simulation to start.
MODELS = ("rasch", "2pl")

if TYPE_CHECKING:
    from pixorga_core.domain.referential import Referential
    from pixorga_core.facade import Hooks
    from pixorga_core.registries import AssessmentAlgorithm


def find_referential(hooks: Hooks, profile_id: str, referential_id: str | None) -> Referential:
    """The registered referential named ``referential_id``, or the one holding ``profile_id``.

    The lookups are the registry's (:meth:`~pixorga_core.registries.ReferentialRegistry.get`,
    :meth:`~pixorga_core.registries.ReferentialRegistry.find_target_profile`); the messages
    speak to the operator, in English, and name the option to use.

    :raises PluginError: no referential is registered under ``referential_id``.
    :raises NotFoundError: no (or more than one) referential has the profile.
    """
    registry = hooks.referentials()
    if referential_id is not None:
        return registry.get(referential_id)
    try:
        referential, _ = registry.find_target_profile(profile_id)
    except TargetProfileNotFoundError as exc:
        known = ", ".join(f"{r.id}:{p.id}" for r, p in registry.target_profiles()) or "none"
        what = "several referentials have" if exc.holders else "no registered referential has"
        raise NotFoundError(
            f"{what} the target profile {profile_id!r}; use --referential "
            f"(referential:profile known: {known})",
            code="TARGET_PROFILE_NOT_FOUND",
        ) from exc
    return referential


@click.command("simulate")
@click.option(
    "--algorithm",
    "algorithm_names",
    multiple=True,
    help="A registered algorithm; repeat to compare (default: every registered algorithm).",
)
@click.option("--target-profile", "profile_id", required=True, help="Target profile id.")
@click.option("--referential", "referential_id", default=None, help="Referential id.")
@click.option("--pupils", type=click.IntRange(1, 1_000_000), default=100, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option(
    "--model",
    type=click.Choice(MODELS),
    default=MODELS[0],
    show_default=True,
    help="How simulated pupils answer: rasch (discriminant 1) or 2pl (the challenges' own).",
)
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Write one row per (algorithm, pupil) here; per-skill accuracy and the curve next to it.",
)
@click.option(
    "--plot",
    "plot_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Write a PNG of mastery accuracy against questions asked.",
)
@click.option(
    "--strategy",
    "strategies",
    multiple=True,
    help="Pupils who do not read answer by this rule instead of the IRT model: random, "
    "always-option-N or longest-option; repeat to compare.",
)
@click.option(
    "--no-shuffle",
    is_flag=True,
    help="With --strategy: show proposals in the referential's order, not shuffled as the "
    "player does.",
)
@click.pass_obj
@reports_errors
def simulate_command(
    ctx: CliContext,
    algorithm_names: tuple[str, ...],
    profile_id: str,
    referential_id: str | None,
    pupils: int,
    seed: int,
    model: str,
    csv_path: Path | None,
    plot_path: Path | None,
    strategies: tuple[str, ...] = (),
    no_shuffle: bool = False,
) -> None:
    """Run simulated pupils through the engine with each algorithm and compare them.

    Pupils have a true ability (and a level per tube) and answer according to an IRT model; the
    same pupils take the assessment with every algorithm, through the engine code path of the
    web app. Printed per algorithm: questions asked (mean, 90th percentile), mastery-decision
    accuracy against the truth, RMSE and bias of the ability estimate, selection time.
    """
    from pixorga_core.simulation.harness import simulate
    from pixorga_core.simulation.pupils import Model
    from pixorga_core.simulation.report import comparison_table, write_csv, write_plot

    registry = ctx.hooks.assessment_algorithms()
    names = list(dict.fromkeys(algorithm_names)) or registry.names()
    algorithms = [registry.get(name) for name in names]
    referential = find_referential(ctx.hooks, profile_id, referential_id)
    if profile_id not in referential.target_profiles_by_id:
        raise InvalidInputError(
            f"referential {referential.id!r} has no target profile {profile_id!r}",
            code="TARGET_PROFILE_NOT_FOUND",
        )
    if strategies:
        _simulate_guessing(
            referential, profile_id, algorithms, strategies, pupils, seed, no_shuffle
        )
        return
    result = simulate(
        referential, profile_id, algorithms, pupils=pupils, seed=seed, model=Model(model)
    )
    click.echo(comparison_table(result))
    if csv_path is not None:
        for path in write_csv(result, csv_path):
            click.echo(f"wrote {path}")
    if plot_path is not None:
        click.echo(f"wrote {write_plot(result, plot_path)}")


def _simulate_guessing(
    referential: Referential,
    profile_id: str,
    algorithms: list[AssessmentAlgorithm],
    names: tuple[str, ...],
    pupils: int,
    seed: int,
    no_shuffle: bool,
) -> None:
    from pixorga_core.simulation.guessing import GuessingStrategy, guessing_table
    from pixorga_core.simulation.harness import simulate

    try:
        strategies = [GuessingStrategy.parse(n, shuffle=not no_shuffle) for n in names]
    except ValueError as exc:
        raise InvalidInputError(str(exc), code="UNKNOWN_STRATEGY") from exc
    results = [
        (s, simulate(referential, profile_id, algorithms, pupils=pupils, seed=seed, strategy=s))
        for s in strategies
    ]
    click.echo(guessing_table(results))


@hookimpl
def pixorga_register_commands(cli: click.Group) -> None:
    cli.add_command(simulate_command)
