"""``pixorga simulate``: compare registered algorithms on simulated pupils."""

from __future__ import annotations

import gc
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
    from collections.abc import Sequence
    from typing import Any

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


def parse_algorithm(spec: str) -> tuple[str, dict[str, str]]:
    """``NAME[:option=value,…]`` → (name, options as text).

    :raises InvalidInputError: an option is not ``key=value``, or given twice.
    """
    name, _, rest = spec.partition(":")
    options: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in rest.split(","))):
        key, equals, value = item.partition("=")
        key = key.strip()
        if not equals or not key:
            msg = f"--algorithm {spec!r}: options are key=value, separated by commas"
            raise InvalidInputError(msg, code="BAD_ALGORITHM_OPTION")
        if key in options:
            msg = f"--algorithm {spec!r}: option {key!r} is given twice"
            raise InvalidInputError(msg, code="BAD_ALGORITHM_OPTION")
        options[key] = value.strip()
    return name.strip(), options


def build_algorithms(hooks: Hooks, specs: Sequence[str]) -> tuple[list[Any], list[str]]:
    """The algorithms of ``--algorithm`` specs (default: every registered one) and their labels.

    An algorithm given options must have ``with_options``
    (:class:`~pixorga_core.registries.ConfigurableAlgorithm`); its label is the spec.

    :raises PluginError: no such algorithm. :raises InvalidInputError: options it cannot take.
    """
    from pixorga_core.registries import ConfigurableAlgorithm

    registry = hooks.assessment_algorithms()
    specs = list(dict.fromkeys(specs)) or registry.names()
    algorithms, labels = [], []
    for spec in specs:
        name, options = parse_algorithm(spec)
        algorithm = registry.get(name)
        if options:
            if not isinstance(algorithm, ConfigurableAlgorithm):
                msg = f"--algorithm {spec!r}: algorithm {name!r} takes no options"
                raise InvalidInputError(msg, code="BAD_ALGORITHM_OPTION")
            algorithm = algorithm.with_options(options, origin="--algorithm")
        algorithms.append(algorithm)
        labels.append(spec if options else name)
    return algorithms, labels


def read_abilities_file(path: Path) -> tuple[float, ...]:
    from pixorga_core.simulation.pupils import read_abilities

    try:
        return read_abilities(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InvalidInputError(f"--abilities {path}: {exc}", code="BAD_ABILITIES") from exc


@click.command("simulate")
@click.option(
    "--algorithm",
    "algorithm_names",
    multiple=True,
    help="A registered algorithm, NAME or NAME:option=value,… (e.g. flash:max_error=0.4); "
    "repeat to compare (default: every registered algorithm).",
)
@click.option("--target-profile", "profile_id", required=True, help="Target profile id.")
@click.option("--referential", "referential_id", default=None, help="Referential id.")
@click.option(
    "--referential-dir",
    "referential_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Load the referential from this directory (e.g. made by referentials from-bank).",
)
@click.option("--pupils", type=click.IntRange(1, 1_000_000), default=100, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option(
    "--ability-mean", type=float, default=None, help="Mean of the pupils' θ (default −1)."
)
@click.option(
    "--ability-sd",
    type=click.FloatRange(min=0),
    default=None,
    help="Standard deviation of the pupils' θ (default 1.2).",
)
@click.option(
    "--tube-sd",
    type=click.FloatRange(min=0),
    default=None,
    help="Standard deviation of a pupil's per-tube offset (default 0.5).",
)
@click.option(
    "--abilities",
    "abilities_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="The pupils' θ, one a line (or a CSV column ability); --pupils defaults to their count.",
)
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
    referential_dir: Path | None,
    pupils: int,
    seed: int,
    ability_mean: float | None,
    ability_sd: float | None,
    tube_sd: float | None,
    abilities_path: Path | None,
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
    accuracy against the truth, RMSE and bias of the ability estimate, selection time; then the
    mean final standard error, the exposure of the challenges and the test overlap.
    """
    from pixorga_core.simulation.harness import simulate
    from pixorga_core.simulation.pupils import Model, Population
    from pixorga_core.simulation.report import (
        comparison_table,
        precision_table,
        write_csv,
        write_plot,
    )

    algorithms, labels = build_algorithms(ctx.hooks, algorithm_names)
    defaults = Population()
    abilities = read_abilities_file(abilities_path) if abilities_path is not None else None
    population = Population(
        ability_mean=defaults.ability_mean if ability_mean is None else ability_mean,
        ability_sd=defaults.ability_sd if ability_sd is None else ability_sd,
        tube_sd=defaults.tube_sd if tube_sd is None else tube_sd,
        abilities=abilities,
    )
    source = click.get_current_context().get_parameter_source("pupils")
    if abilities is not None and source is click.core.ParameterSource.DEFAULT:
        pupils = len(abilities)
    if referential_dir is not None:
        from pixorga_core.referentials.loader import load_referential

        referential = load_referential(referential_dir)
    else:
        referential = find_referential(ctx.hooks, profile_id, referential_id)
    # Referentials are long-lived: keep them out of the garbage collector's passes, whose
    # pauses were the worst selection times.
    gc.collect()
    gc.freeze()
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
        referential,
        profile_id,
        algorithms,
        pupils=pupils,
        seed=seed,
        model=Model(model),
        population=population,
        labels=labels,
    )
    click.echo(comparison_table(result))
    click.echo("")
    click.echo(precision_table(result))
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
