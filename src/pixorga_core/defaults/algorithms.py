"""Registers the core's adaptive algorithms: Smart Random (the default) and Flash.

Flash stops after ``max_challenges`` answers (20 unless the settings file says otherwise)::

    [plugins.flash]
    max_challenges = 30
"""

from __future__ import annotations

from pixorga_core.config import Settings
from pixorga_core.engine.flash import DEFAULT_MAX_CHALLENGES, Flash
from pixorga_core.engine.smart_random import SmartRandom
from pixorga_core.errors import ConfigurationError
from pixorga_core.hooks import hookimpl
from pixorga_core.registries import AlgorithmRegistry


@hookimpl(trylast=True)
def pixorga_register_assessment_algorithms(registry: AlgorithmRegistry, settings: Settings) -> None:
    registry.add(SmartRandom())
    registry.add(flash_from_settings(settings))


def flash_from_settings(settings: Settings) -> Flash:
    raw = settings.plugin_options("flash").get("max_challenges", DEFAULT_MAX_CHALLENGES)
    try:
        return Flash(max_challenges=int(raw))
    except (TypeError, ValueError) as exc:
        msg = f"[plugins.flash] max_challenges must be a whole number ≥ 1, not {raw!r}"
        raise ConfigurationError(msg) from exc
