"""Settings, from an optional TOML file and ``PIXORGA_*`` environment variables.

Order of precedence: environment variables, then the TOML file named by ``PIXORGA_CONFIG`` (or
given explicitly), then defaults. Unknown keys in the file are refused so that a typo is caught.
Secrets (the secret key, plugins' passwords) never appear in ``repr`` nor in
:meth:`Settings.describe`. Each plugin's options (``[plugins.<name>]``,
``PIXORGA_PLUGINS_<NAME>_<KEY>``) are structured on demand into the plugin's own attrs class by
:meth:`Settings.plugin_options` (see :mod:`pixorga_core.plugin_options`).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar, overload
from urllib.parse import urlsplit

import attrs
from cattrs.gen import make_dict_structure_fn, override
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from pixorga_core import plugin_options as options
from pixorga_core.errors import ConfigurationError
from pixorga_core.serialization import describe_structure_error, make_converter

ENV_PREFIX = "PIXORGA_"
CONFIG_ENV = "PIXORGA_CONFIG"
DEFAULT_DATABASE_URL = "sqlite:///pixorga.sqlite3"
DEFAULT_BASE_URL = "http://127.0.0.1:8080"
DEFAULT_SERVICE_NAME = "Pixorga"
MAX_SERVICE_NAME_LENGTH = 60
MIN_SECRET_KEY_LENGTH = 32

_O = TypeVar("_O")


def _repr_database_url(url: str) -> str:
    try:
        return repr(make_url(url).render_as_string(hide_password=True))
    except ArgumentError:
        return "'<invalid>'"


@attrs.frozen(kw_only=True)
class Settings:
    """Everything pixorga needs to know about where it runs."""

    database_url: str = attrs.field(default=DEFAULT_DATABASE_URL, repr=_repr_database_url)
    secret_key: str | None = attrs.field(default=None, repr=False)
    base_url: str = DEFAULT_BASE_URL
    #: The name schools see (page titles, header, e-mails): a school or academy running pixorga
    #: names its service.
    service_name: str = DEFAULT_SERVICE_NAME
    log_level: str = "INFO"
    #: Where uploaded files wait between preview and confirmation (default: the system's temp
    #: directory). Several app processes must share it.
    upload_dir: str | None = None
    #: ``[plugins.<name>]`` tables; not in ``repr`` as they may hold keys and passwords.
    plugins: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict, repr=False)
    # Where plugin options came from, for error messages; never read from the file.
    _config_file: str | None = attrs.field(default=None, repr=False)
    _plugin_displays: Mapping[str, str] = attrs.field(factory=dict, repr=False)
    _plugin_environ: Mapping[str, str] = attrs.field(factory=dict, repr=False, eq=False)

    @overload
    def plugin_options(self, name: str) -> Mapping[str, Any]: ...

    @overload
    def plugin_options(self, name: str, cls: type[_O]) -> _O: ...

    def plugin_options(self, name: str, cls: type[_O] | None = None) -> Mapping[str, Any] | _O:
        """A plugin's options: its ``[plugins.<name>]`` table, typed when ``cls`` is given.

        Without ``cls``: the table of the settings file as it is (empty when absent). With an
        attrs class ``cls``: the table, overridden by the environment variables
        ``PIXORGA_PLUGINS_<NAME>_<KEY>``, structured into ``cls``; an unknown key, a value of the
        wrong type or one refused by a validator (raise
        :class:`~pixorga_core.plugin_options.InvalidOptionError`) raises
        :class:`~pixorga_core.errors.ConfigurationError` naming the key and where it came from.
        """
        table = self.plugins.get(name, {})
        if cls is None:
            return table
        return options.structure_options(
            name,
            cls,
            table=table,
            displays=self._plugin_displays,
            source=self._config_file,
            environ=self._plugin_environ,
        )

    def require_secret_key(self) -> str:
        if not self.secret_key:
            msg = (
                "PIXORGA_SECRET_KEY is not set: the web app signs its session cookies with it. "
                'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(48))"'
            )
            raise ConfigurationError(msg)
        return self.secret_key

    def describe(self) -> dict[str, str]:
        """A loggable summary: secrets masked, the database password removed."""
        try:
            url = make_url(self.database_url).render_as_string(hide_password=True)
        except ArgumentError:
            url = "<invalid>"
        return {
            "database_url": url,
            "base_url": self.base_url,
            "service_name": self.service_name,
            "secret_key": "<set>" if self.secret_key else "<not set>",
            "log_level": self.log_level,
            # Names only: a plugin's options may hold secrets.
            "plugins": ", ".join(sorted(self.plugins)) or "<none>",
        }


# Environment variable (after PIXORGA_) -> key of the settings; plugins' options are read by
# Settings.plugin_options (PIXORGA_PLUGINS_<NAME>_<KEY>).
_ENV_KEYS: dict[str, str] = {
    "DATABASE_URL": "database_url",
    "SECRET_KEY": "secret_key",
    "BASE_URL": "base_url",
    "SERVICE_NAME": "service_name",
    "LOG_LEVEL": "log_level",
    "UPLOAD_DIR": "upload_dir",
}

_converter = make_converter()
# The provenance fields are filled by load_settings, never from the file.
_converter.register_structure_hook(
    Settings,
    make_dict_structure_fn(
        Settings,
        _converter,
        _config_file=override(omit=True),
        _plugin_displays=override(omit=True),
        _plugin_environ=override(omit=True),
    ),
)


def load_settings(
    config_file: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Read the settings; raise :class:`~pixorga_core.errors.ConfigurationError` on a bad value."""
    env = os.environ if environ is None else environ
    path = config_file if config_file is not None else env.get(CONFIG_ENV) or None
    data: dict[str, Any] = _read_toml(Path(path)) if path else {}
    plugin_environ = options.plugin_environ(env)
    displays = options.fold_legacy_tables(data, str(path) if path else None, plugin_environ)
    # Dotted setting path -> where its value came from, to name it in error messages.
    where: dict[str, str] = {}
    if path:
        for key, table in data.items():
            if isinstance(table, dict):
                where.update({f"{key}.{sub}": str(path) for sub in table})
            where[key] = str(path)

    for suffix, key in _ENV_KEYS.items():
        name = ENV_PREFIX + suffix
        raw = env.get(name)
        if raw is None or raw == "":
            continue
        data[key] = raw
        where[key] = name

    try:
        settings = _converter.structure(data, Settings)
    except Exception as exc:  # cattrs reports every problem at once
        lines = [_with_source(line, where) for line in describe_structure_error(exc)]
        msg = "invalid settings:\n  " + "\n  ".join(lines)
        raise ConfigurationError(msg) from None
    _check(settings, where)
    return attrs.evolve(
        settings,
        config_file=str(path) if path else None,
        plugin_displays=displays,
        plugin_environ=plugin_environ,
    )


def _with_source(line: str, where: Mapping[str, str]) -> str:
    """Add "(from PIXORGA_X)" or "(from file.toml)" to a cattrs error line ending in ``@ $.a.b``."""
    _, _, dotted = line.rpartition("@ $.")
    source = where.get(dotted.strip()) if dotted else None
    return f"{line} (from {source})" if source else line


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        msg = f"settings file {path} does not exist (named by {CONFIG_ENV} or --config)"
        raise ConfigurationError(msg) from None
    except tomllib.TOMLDecodeError as exc:
        msg = f"settings file {path} is not valid TOML: {exc}"
        raise ConfigurationError(msg) from None


def _check(settings: Settings, where: Mapping[str, str] | None = None) -> None:
    where = where or {}

    def src(key: str) -> str:
        return f" (from {where[key]})" if key in where else ""

    try:
        url = make_url(settings.database_url)
    except ArgumentError:
        msg = f"database_url is not a database URL{src('database_url')}"
        raise ConfigurationError(msg) from None
    if url.get_backend_name() not in {"sqlite", "postgresql"}:
        msg = (
            "database_url: only sqlite and postgresql are supported, "
            f"not {url.drivername!r}{src('database_url')}"
        )
        raise ConfigurationError(msg)
    parts = urlsplit(settings.base_url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        msg = f"base_url {settings.base_url!r} must be an absolute http(s) URL{src('base_url')}"
        raise ConfigurationError(msg)
    name = settings.service_name
    if not name.strip() or len(name) > MAX_SERVICE_NAME_LENGTH or not name.isprintable():
        msg = (
            f"service_name {name[:80]!r} must be 1 to {MAX_SERVICE_NAME_LENGTH} printable "
            f"characters{src('service_name')}"
        )
        raise ConfigurationError(msg)
    if settings.secret_key is not None and len(settings.secret_key) < MIN_SECRET_KEY_LENGTH:
        msg = (
            f"secret_key must be at least {MIN_SECRET_KEY_LENGTH} characters long"
            f"{src('secret_key')}"
        )
        raise ConfigurationError(msg)
    if settings.log_level.upper() not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        msg = (
            f"log_level {settings.log_level!r} is not one of DEBUG, INFO, WARNING, ERROR, "
            f"CRITICAL{src('log_level')}"
        )
        raise ConfigurationError(msg)
