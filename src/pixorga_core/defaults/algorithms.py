"""Registers the core's adaptive algorithms: Smart Random (the default) and Flash.

Flash stops after ``max_challenges`` answers (20 unless the settings file says otherwise);
after ``warm_up`` answers it may first cover each of ``forced_competences`` once::

    [plugins.flash]
    max_challenges = 30
    warm_up = 3
    forced_competences = ["1.1", "2.1"]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pixorga_core.config import Settings
from pixorga_core.errors import ConfigurationError
from pixorga_core.hooks import hookimpl
from pixorga_core.registries import AlgorithmRegistry

if TYPE_CHECKING:
    from pixorga_core.engine.flash import Flash

# The engine is imported when the algorithms are registered, not with the plugin: a command
# that never assesses anyone (``pixorga --help``, ``pixorga import-siecle``) does not load it.


@hookimpl(trylast=True)
def pixorga_register_assessment_algorithms(registry: AlgorithmRegistry, settings: Settings) -> None:
    from pixorga_core.engine.smart_random import SmartRandom

    registry.add(SmartRandom())
    registry.add(flash_from_settings(settings))


def flash_from_settings(settings: Settings) -> Flash:
    from pixorga_core.engine.flash import DEFAULT_MAX_CHALLENGES, Flash

    options = settings.plugin_options("flash")
    raw = options.get("max_challenges", DEFAULT_MAX_CHALLENGES)
    try:
        max_challenges = int(raw)
        warm_up = int(options.get("warm_up", 0))
        forced = options.get("forced_competences", [])
        if not isinstance(forced, list) or not all(isinstance(c, str) for c in forced):
            msg = "forced_competences must be a list of competence ids"
            raise TypeError(msg)
        return Flash(max_challenges=max_challenges, warm_up=warm_up, forced_competences=forced)
    except (TypeError, ValueError) as exc:
        msg = (
            "[plugins.flash]: max_challenges must be a whole number ≥ 1, warm_up a whole number "
            f"≥ 0 and forced_competences a list of competence ids ({exc})"
        )
        raise ConfigurationError(msg) from exc
