"""Registers the core's adaptive algorithms: Smart Random (the default) and Flash.

Each reads its options from its table of the settings, named as the algorithm:
``[plugins.smart-random]`` (every key of
:class:`~pixorga_core.engine.smart_random.SmartRandomOptions`) and ``[plugins.flash]`` (every
key of :class:`~pixorga_core.engine.flash.FlashOptions`), or from the variables
``PIXORGA_PLUGINS_SMART_RANDOM_<KEY>`` and ``PIXORGA_PLUGINS_FLASH_<KEY>``; the defaults are the
reference system's::

    [plugins.smart-random]
    stop_confidence = 0.7  # end once every remaining skill is decided at 70 %

    [plugins.flash]
    max_challenges = 30
    max_error = 0.4        # stop once the error rate is at most 0.4 …
    min_challenges = 5     # … but not before 5 answers
    warm_up = 3
    forced_competences = ["1.1", "2.1"]

A campaign's own options (``algorithm_options``) are applied over these by
:meth:`~pixorga_core.registries.AlgorithmRegistry.configured`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pixorga_core.config import Settings
from pixorga_core.hooks import hookimpl
from pixorga_core.registries import AlgorithmRegistry

if TYPE_CHECKING:
    from pixorga_core.engine.flash import Flash
    from pixorga_core.engine.smart_random import SmartRandom

# The engine is imported when the algorithms are registered, not with the plugin: a command
# that never assesses anyone (``pixorga --help``, ``pixorga import-siecle``) does not load it.


@hookimpl(trylast=True)
def pixorga_register_assessment_algorithms(registry: AlgorithmRegistry, settings: Settings) -> None:
    registry.add(smart_random_from_settings(settings))
    registry.add(flash_from_settings(settings))


def smart_random_from_settings(settings: Settings) -> SmartRandom:
    """Smart Random with the options of ``[plugins.smart-random]`` (see
    :class:`.SmartRandomOptions`).

    :raises ConfigurationError: an unknown option or an invalid value, named with where it came
        from.
    """
    from pixorga_core.engine.smart_random import SmartRandom, SmartRandomOptions

    return SmartRandom.from_options(settings.plugin_options("smart-random", SmartRandomOptions))


def flash_from_settings(settings: Settings) -> Flash:
    """Flash with the options of ``[plugins.flash]`` (see :class:`.FlashOptions`).

    :raises ConfigurationError: an unknown option or an invalid value, named with where it came
        from (the settings file or a ``PIXORGA_PLUGINS_FLASH_<KEY>`` variable).
    """
    from pixorga_core.engine.flash import Flash, FlashOptions

    return Flash.from_options(settings.plugin_options("flash", FlashOptions))
