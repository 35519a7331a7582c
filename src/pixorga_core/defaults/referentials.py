"""Registers the core's French demo referential (``pixorga_core/referentials/demo``)."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

from pixorga_core.config import Settings
from pixorga_core.errors import ConfigurationError
from pixorga_core.hooks import hookimpl
from pixorga_core.registries import ReferentialRegistry


def demo_directory() -> Traversable:
    """Where the demo referential ships, as package data."""
    return files("pixorga_core.referentials").joinpath("demo")


@hookimpl(trylast=True)
def pixorga_register_referentials(registry: ReferentialRegistry, settings: Settings) -> None:
    from pixorga_core.referentials.loader import load_referential  # jsonschema: only when asked

    directory = demo_directory()
    if not directory.joinpath("referential.json").is_file():
        raise ConfigurationError(
            f"the demo referential is missing from {directory}: the pixorga-core installation is "
            "incomplete (reinstall it)"
        )
    registry.add(load_referential(directory))
