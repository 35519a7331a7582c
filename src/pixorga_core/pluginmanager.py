"""Building a plugin manager: specs, blocked names, entry points, internal defaults, validation.

There is no module-level manager: every caller (the CLI, the web app, each test) builds its own
with :func:`create_plugin_manager`.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Iterable, Mapping
from importlib.metadata import entry_points
from types import ModuleType
from typing import Any

import pluggy

from pixorga_core import hooks
from pixorga_core.errors import PluginError

logger = logging.getLogger(__name__)

#: Entry-point group external plugins declare.
ENTRYPOINT_GROUP = "pixorga"
#: Comma-separated plugin names (entry-point names or default names) not to load.
DISABLED_PLUGINS_ENV = "PIXORGA_DISABLED_PLUGINS"
#: Set to 1 to log every hook call and its result (debug level, logger ``pixorga.hooks``).
TRACE_ENV = "PIXORGA_TRACE_HOOKS"

#: Hooks whose results are secrets: tracing logs that they returned, never what.
SECRET_RESULT_HOOKS = frozenset({"pixorga_generate_temporary_password"})

#: Internal default plugins: (registration name, module). Registered after external plugins;
#: their decision hooks are ``trylast`` so any plugin overrides them.
#: The core's sub-commands are one plugin per group (``pixorga.commands.*``), as tox's
#: ``session/cmd/*``: a deployment blocks a group like any plugin.
DEFAULT_PLUGINS: tuple[tuple[str, str], ...] = (
    ("pixorga.matching", "pixorga_core.defaults.matching"),
    ("pixorga.messages", "pixorga_core.defaults.messages"),
    ("pixorga.algorithms", "pixorga_core.defaults.algorithms"),
    ("pixorga.referentials", "pixorga_core.defaults.referentials"),
    ("pixorga.commands.db", "pixorga_core.commands.db"),
    ("pixorga.commands.demo", "pixorga_core.commands.demo"),
    ("pixorga.commands.organizations", "pixorga_core.commands.organizations"),
    ("pixorga.commands.outbox", "pixorga_core.commands.outbox"),
    ("pixorga.commands.users", "pixorga_core.commands.users"),
    ("pixorga.commands.learners", "pixorga_core.commands.learners"),
    ("pixorga.commands.campaigns", "pixorga_core.commands.campaigns"),
    ("pixorga.commands.plugins", "pixorga_core.commands.plugins"),
    ("pixorga.commands.simulation", "pixorga_core.commands.simulation"),
    ("pixorga.commands.referentials", "pixorga_core.commands.referentials"),
    ("pixorga.commands.calibration", "pixorga_core.commands.calibration"),
)


def create_plugin_manager(
    *,
    load_entrypoints: bool = True,
    plugins: Iterable[object] = (),
    disabled: Iterable[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> pluggy.PluginManager:
    """Create a plugin manager with pixorga's hook specs and plugins.

    Order of work: add the specs; block the names in ``disabled`` (default: the
    ``PIXORGA_DISABLED_PLUGINS`` environment variable); load the ``pixorga`` entry points (unless
    ``load_entrypoints`` is False, as in tests); register ``plugins`` (objects or modules, for
    tests and embedding); register the internal defaults; check that every implementation matches
    a spec.

    :raises PluginError: a plugin failed to import, or implements a hook that does not exist or
        with arguments the spec does not have. The message names the plugin.
    """
    env = os.environ if environ is None else environ
    pm = pluggy.PluginManager(hooks.PROJECT_NAME)
    pm.add_hookspecs(hooks)

    blocked = (
        set(disabled)
        if disabled is not None
        else {n.strip() for n in env.get(DISABLED_PLUGINS_ENV, "").split(",") if n.strip()}
    )
    for name in sorted(blocked):
        pm.set_blocked(name)

    if load_entrypoints:
        _load_entrypoints(pm)
    for plugin in plugins:
        _register(pm, plugin, _plugin_name(plugin))
    for name, module_name in DEFAULT_PLUGINS:
        if pm.is_blocked(name) or pm.has_plugin(name):
            continue
        _register(pm, importlib.import_module(module_name), name)

    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        name = pm.get_name(exc.plugin) or repr(exc.plugin)
        msg = f"plugin {name!r} is not valid: {exc}"
        raise PluginError(msg, plugin=name) from exc

    if env.get(TRACE_ENV, "") not in {"", "0"}:
        _enable_tracing(pm)
    return pm


def plugin_distributions(pm: pluggy.PluginManager) -> list[tuple[str, str | None]]:
    """(plugin name, "distribution version") of every registered plugin (``pixorga plugins``)."""
    dists = {
        pm.get_name(p): f"{d.metadata['name']} {d.version}" for p, d in pm.list_plugin_distinfo()
    }
    registered = [(name, plugin) for name, plugin in pm.list_name_plugin() if plugin is not None]
    return [(name, dists.get(name)) for name, _ in sorted(registered, key=lambda x: x[0])]


def _load_entrypoints(pm: pluggy.PluginManager) -> None:
    # Import each plugin first so that a failure names the plugin and its distribution; pluggy's
    # own loader then registers them and records their distributions.
    for ep in entry_points(group=ENTRYPOINT_GROUP):
        if pm.is_blocked(ep.name) or pm.get_plugin(ep.name) is not None:
            continue
        try:
            ep.load()
        except Exception as exc:
            dist = f" (distribution {ep.dist.name} {ep.dist.version})" if ep.dist else ""
            msg = f"plugin {ep.name!r}{dist} failed to load: {type(exc).__name__}: {exc}"
            raise PluginError(msg, plugin=ep.name) from exc
    try:
        pm.load_setuptools_entrypoints(ENTRYPOINT_GROUP)
    except (ValueError, pluggy.PluginValidationError) as exc:
        msg = f"a plugin of the {ENTRYPOINT_GROUP!r} entry-point group is not valid: {exc}"
        raise PluginError(msg) from exc


def _register(pm: pluggy.PluginManager, plugin: object, name: str | None) -> None:
    try:
        pm.register(plugin, name=name)
    except (ValueError, pluggy.PluginValidationError) as exc:
        msg = f"plugin {name or plugin!r} could not be registered: {exc}"
        raise PluginError(msg, plugin=name) from exc


def _plugin_name(plugin: object) -> str | None:
    if isinstance(plugin, ModuleType):
        return plugin.__name__
    return None


def _enable_tracing(pm: pluggy.PluginManager) -> None:
    trace_logger = logging.getLogger("pixorga.hooks")

    def before(hook_name: str, hook_impls: Any, kwargs: Mapping[str, Any]) -> None:
        trace_logger.debug("call %s(%s)", hook_name, ", ".join(sorted(kwargs)))

    def after(outcome: Any, hook_name: str, hook_impls: Any, kwargs: Mapping[str, Any]) -> None:
        if outcome.exception is not None:
            trace_logger.debug("%s raised %r", hook_name, outcome.exception)
        elif hook_name in SECRET_RESULT_HOOKS:
            trace_logger.debug("%s -> <secret, not logged>", hook_name)
        else:
            trace_logger.debug("%s -> %r", hook_name, outcome.get_result())

    pm.add_hookcall_monitoring(before, after)
