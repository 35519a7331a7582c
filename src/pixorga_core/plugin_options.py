"""Typed plugin options: a plugin's ``[plugins.<name>]`` table and its environment variables.

:meth:`pixorga_core.config.Settings.plugin_options` calls :func:`structure_options`, which reads
the table of the settings file, overrides it with the variables
``PIXORGA_PLUGINS_<NAME>_<KEY>`` (the plugin's name and the option's name in upper case, ``-``
as ``_``) and structures the result into the plugin's attrs class with the core's cattrs
converter. Errors read like those of the core settings: one line per problem, naming the key and
where its value came from (``(from PIXORGA_…)`` or ``(from file.toml)``).

Options that moved out of the core keep their old names: :data:`LEGACY_TABLES` maps an old
top-level table to the plugin now reading it, so ``[smtp]`` and ``PIXORGA_SMTP_<KEY>`` are read
as ``[plugins.email_invite]`` and ``PIXORGA_PLUGINS_EMAIL_INVITE_<KEY>``.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

import attrs
from cattrs.errors import ClassValidationError

from pixorga_core.errors import ConfigurationError
from pixorga_core.serialization import describe_structure_error, make_converter

ENV_PREFIX = "PIXORGA_"
PLUGIN_ENV_PREFIX = "PIXORGA_PLUGINS_"
#: Old top-level table -> the plugin whose options it now holds (read under both names; the
#: new name wins when both are given).
LEGACY_TABLES: Mapping[str, str] = {"smtp": "email_invite"}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_SCALARS = (str, int, float, bool)

_O = TypeVar("_O")
_converter = make_converter()


def _strict_bool(value: Any, _type: Any) -> bool:
    # cattrs' default is bool(value), which makes the string "false" true.
    if isinstance(value, bool):
        return value
    msg = f"{value!r} is not a boolean (true or false)"
    raise TypeError(msg)


_converter.register_structure_hook(bool, _strict_bool)


def _is_text_sequence(hint: Any) -> bool:
    return typing.get_origin(hint) in (tuple, list) and typing.get_args(hint) in (
        (str, ...),
        (str,),
    )


def _text_sequence(value: Any, hint: Any) -> Any:
    # cattrs' default turns the string "1.1" into ("1", ".", "1").
    if isinstance(value, str) or not isinstance(value, list | tuple):
        msg = f"{value!r} is not a list of strings"
        raise TypeError(msg)
    if not all(isinstance(item, str) for item in value):
        msg = f"{value!r} is not a list of strings"
        raise TypeError(msg)
    return typing.get_origin(hint)(value)


_converter.register_structure_hook_func(_is_text_sequence, _text_sequence)


class InvalidOptionError(ValueError):
    """Raise it from a validator of an options class: ``key`` is the option at fault.

    :meth:`~pixorga_core.config.Settings.plugin_options` turns it into a
    :class:`~pixorga_core.errors.ConfigurationError` naming the key and where its value came
    from, e.g. ``smtp.port 70000 is not a TCP port (from PIXORGA_SMTP_PORT)``.
    """

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def env_variable(plugin: str, key: str) -> str:
    """The environment variable of one option: ``PIXORGA_PLUGINS_<PLUGIN>_<KEY>``."""
    return f"{PLUGIN_ENV_PREFIX}{_upper(plugin)}_{_upper(key)}"


def _upper(name: str) -> str:
    return name.upper().replace("-", "_")


def _legacy_tables_of(plugin: str) -> list[str]:
    return [table for table, owner in LEGACY_TABLES.items() if owner == plugin]


def plugin_environ(environ: Mapping[str, str]) -> dict[str, str]:
    """The non-empty variables that may hold plugin options (new and legacy prefixes)."""
    prefixes = (PLUGIN_ENV_PREFIX, *(f"{ENV_PREFIX}{_upper(t)}_" for t in LEGACY_TABLES))
    return {k: v for k, v in environ.items() if k.startswith(prefixes) and v != ""}


def fold_legacy_tables(
    data: dict[str, Any], source: str | None, environ: Mapping[str, str]
) -> dict[str, str]:
    """Move each legacy table of ``data`` into ``plugins.<owner>``; return display names.

    The result maps ``"<plugin>"`` and ``"<plugin>.<key>"`` to the name the user wrote
    (``"smtp"``, ``"smtp.port"``), for error messages. ``environ`` is only used to name a
    variable that a non-table value in the file conflicts with.
    """
    displays: dict[str, str] = {}
    for table, owner in LEGACY_TABLES.items():
        if table not in data:
            continue
        values = data.pop(table)
        if not isinstance(values, dict):
            prefix = f"{ENV_PREFIX}{_upper(table)}_"
            variables = sorted(k for k in environ if k.startswith(prefix))
            if variables:
                msg = f"{variables[0]} conflicts with a non-table {table!r} in the settings file"
            else:
                msg = f"{table} must be a table ([{table}]) in the settings file{_from(source)}"
            raise ConfigurationError(msg)
        plugins = data.setdefault("plugins", {})
        if not isinstance(plugins, dict):
            continue  # cattrs reports the non-table "plugins"
        if owner not in plugins:
            displays[owner] = table  # the whole table was written under its old name
        target = plugins.setdefault(owner, {})
        for key, value in values.items():
            if key in target:
                msg = (
                    f"{table}.{key} and plugins.{owner}.{key} are both set: keep only "
                    f"plugins.{owner}.{key}{_from(source)}"
                )
                raise ConfigurationError(msg)
            target[key] = value
            displays[f"{owner}.{key}"] = f"{table}.{key}"
    return displays


def structure_options(
    name: str,
    cls: type[_O],
    *,
    table: Mapping[str, Any],
    displays: Mapping[str, str],
    source: str | None,
    environ: Mapping[str, str],
) -> _O:
    """Structure ``name``'s options into ``cls``; raise ConfigurationError naming each culprit."""
    if not attrs.has(typing.cast("type[Any]", cls)):
        msg = f"plugin_options({name!r}, {cls!r}): the options class must be an attrs class"
        raise TypeError(msg)
    data: dict[str, Any] = dict(table)
    # Option key -> (the name to show, where its value came from).
    origins: dict[str, tuple[str, str | None]] = {
        "": (displays.get(name, f"plugins.{name}"), source)
    }
    origins.update(
        {key: (displays.get(f"{name}.{key}", f"plugins.{name}.{key}"), source) for key in table}
    )
    hints = typing.get_type_hints(cls)
    for field in attrs.fields(typing.cast("type[Any]", cls)):
        key = field.name
        # (variable, the key's name to show), the new name first: it wins.
        candidates = [(env_variable(name, key), f"plugins.{name}.{key}")]
        candidates += [
            (f"{ENV_PREFIX}{_upper(t)}_{_upper(key)}", f"{t}.{key}")
            for t in _legacy_tables_of(name)
        ]
        found = next(((v, shown) for v, shown in candidates if v in environ), None)
        if found is None:
            continue
        variable, shown = found
        data[key] = _from_environment(variable, environ[variable], hints.get(key, str))
        origins[key] = (shown, variable)
    try:
        return _converter.structure(data, cls)
    except ClassValidationError as exc:  # cattrs reports every problem at once
        msg = "invalid settings:\n  " + "\n  ".join(_describe(exc, name, origins))
        raise ConfigurationError(msg) from None


def evolve_options(name: str, options: _O, overrides: Mapping[str, Any], *, origin: str) -> _O:
    """``options`` (an attrs instance) with ``overrides`` applied, checked like the settings.

    For options given elsewhere than the settings file: a campaign's, the command line's
    (``pixorga simulate --algorithm flash:max_error=0.4``). A text value is turned into the
    option's type as an environment variable's is; ``origin`` says where the values came from in
    the messages.

    :raises ConfigurationError: an unknown option, a value of the wrong type or one refused by a
        validator, each named (``flash.max_error must be a positive number, not -1.0 (from
        --algorithm)``).
    """
    cls = type(options)
    hints = typing.get_type_hints(cls)
    fields = attrs.fields(typing.cast("type[Any]", cls))
    names = {field.name for field in fields}
    unknown = sorted(set(overrides) - names)
    if unknown:
        msg = (
            f"{name}: unknown option{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} "
            f"(known: {', '.join(sorted(names))}){_from(origin)}"
        )
        raise ConfigurationError(msg)
    data = {field.name: getattr(options, field.name) for field in fields}
    for key, value in overrides.items():
        data[key] = (
            _from_text(f"{name}.{key}", value, hints.get(key, str), origin)
            if isinstance(value, str)
            else value
        )
    origins = {"": (name, origin), **{key: (f"{name}.{key}", origin) for key in names}}
    try:
        return _converter.structure(data, cls)
    except ClassValidationError as exc:
        msg = "invalid options:\n  " + "\n  ".join(_describe(exc, name, origins))
        raise ConfigurationError(msg) from None


def _from_text(label: str, raw: str, hint: Any, origin: str) -> Any:
    if _is_text_sequence(hint):
        return [item for item in raw.split("+") if item]
    if _scalar_type(hint) is None:
        msg = f"{label}: this option cannot be given as text{_from(origin)}"
        raise ConfigurationError(msg)
    optional = typing.get_origin(hint) in (typing.Union, types.UnionType)
    if optional and raw.strip().lower() in {"", "none"}:
        return None
    return _from_environment(label, raw, hint)


def _from(source: str | None) -> str:
    return f" (from {source})" if source else ""


def _from_environment(variable: str, raw: str, hint: Any) -> Any:
    """Turn the text of a variable into what the option's type expects."""
    kind = _scalar_type(hint)
    if kind is None:
        msg = f"{variable}: this option can only be set in the settings file"
        raise ConfigurationError(msg)
    if kind is bool:
        if raw.strip().lower() in _TRUE | _FALSE:
            return raw.strip().lower() in _TRUE
        msg = f"{variable}={raw!r} is not a boolean (true or false)"
        raise ConfigurationError(msg)
    if kind in (int, float):
        try:
            return int(raw) if kind is int else float(raw)
        except ValueError:
            msg = f"{variable}={raw!r} is not a number"
            raise ConfigurationError(msg) from None
    return raw


def _scalar_type(hint: Any) -> type | None:
    """``str``, ``int``, ``float``, ``bool`` or an enum (``X | None`` counts as ``X``)."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        hint = args[0] if len(args) == 1 else None
    if typing.get_origin(hint) is typing.Literal:
        return str
    if isinstance(hint, type) and (issubclass(hint, enum.Enum) or hint in _SCALARS):
        return str if issubclass(hint, enum.Enum) else hint
    return None


def _describe(
    exc: ClassValidationError, name: str, origins: Mapping[str, tuple[str, str | None]]
) -> list[str]:
    invalid = [e for e in exc.exceptions if isinstance(e, InvalidOptionError)]
    others = [e for e in exc.exceptions if not isinstance(e, InvalidOptionError)]
    lines = [_invalid_line(e, origins) for e in invalid]
    if others:
        rest = ClassValidationError(exc.message, others, exc.cl)
        prefix = f"$.plugins.{name}"
        for line in describe_structure_error(rest, path=prefix):
            message, _, path = line.rpartition(" @ ")
            if not path.startswith(prefix):
                lines.append(line)
                continue
            key = path.removeprefix(prefix).removeprefix(".").split(".", 1)[0].split("[", 1)[0]
            display, source = origins.get(key, origins[""])
            rest_of_path = path.removeprefix(prefix).removeprefix(f".{key}" if key else "")
            lines.append(f"{message} @ $.{display}{rest_of_path}{_from(source)}")
    return lines


def _invalid_line(exc: InvalidOptionError, origins: Mapping[str, tuple[str, str | None]]) -> str:
    display, source = origins.get(exc.key, (exc.key, None))
    return f"{display} {exc}{_from(source)}"
