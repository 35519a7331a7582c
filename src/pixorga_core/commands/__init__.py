"""The core's ``pixorga`` sub-commands, one internal plugin per group (as tox's ``session/cmd``).

Each module implements :func:`~pixorga_core.hooks.pixorga_register_commands` and is listed in
:data:`pixorga_core.pluginmanager.DEFAULT_PLUGINS`, so a deployment can block a group like any
plugin (``PIXORGA_DISABLED_PLUGINS=pixorga.commands.demo``). :mod:`~pixorga_core.commands.context`
holds what they share: the :class:`~pixorga_core.commands.context.CliContext` every command
receives and :func:`~pixorga_core.commands.context.reports_errors`.

A module imports at the top only ``click`` and light core modules; whatever a command needs to
run (services, storage, Alembic, the simulation harness, matplotlib) is imported inside the
command's function, so that ``pixorga --help`` and every other command start fast.
"""

from __future__ import annotations
