"""``Settings.plugin_options(name, cls)``: a plugin's table and variables, typed."""

from __future__ import annotations

import enum
from pathlib import Path

import attrs
import pytest

from pixorga_core.config import Settings, load_settings
from pixorga_core.errors import ConfigurationError
from pixorga_core.plugin_options import InvalidOptionError, env_variable


class Mode(enum.StrEnum):
    FAST = "fast"
    SAFE = "safe"


def _positive(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value <= 0:
        raise InvalidOptionError(attribute.name, f"{value} is not positive")


@attrs.frozen(kw_only=True)
class WalkOptions:
    max_challenges: int = attrs.field(default=20, validator=_positive)
    ratio: float = 0.5
    verbose: bool = False
    mode: Mode = Mode.SAFE
    label: str | None = None
    competences: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class MailOptions:
    host: str | None = None
    port: int = 25


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pixorga.toml"
    path.write_text(text, encoding="utf-8")
    return path


def error(settings: Settings, name: str, cls: type) -> str:
    with pytest.raises(ConfigurationError) as info:
        settings.plugin_options(name, cls)
    return info.value.message


def test_absent_table_gives_the_defaults():
    assert load_settings(environ={}).plugin_options("random_walk", WalkOptions) == WalkOptions()


def test_table_is_structured(tmp_path):
    path = write(
        tmp_path,
        '[plugins.random_walk]\nmax_challenges = 5\nmode = "fast"\ncompetences = ["1.1", "2.3"]\n',
    )
    settings = load_settings(path, environ={})
    options = settings.plugin_options("random_walk", WalkOptions)
    assert options == WalkOptions(max_challenges=5, mode=Mode.FAST, competences=("1.1", "2.3"))
    # Without a class, the table as it is (as before).
    assert settings.plugin_options("random_walk")["max_challenges"] == 5


def test_environment_variables_override_the_table(tmp_path):
    path = write(tmp_path, "[plugins.random_walk]\nmax_challenges = 5\nratio = 0.1\n")
    environ = {
        "PIXORGA_PLUGINS_RANDOM_WALK_MAX_CHALLENGES": "7",
        "PIXORGA_PLUGINS_RANDOM_WALK_VERBOSE": "true",
        "PIXORGA_PLUGINS_RANDOM_WALK_MODE": "fast",
        "PIXORGA_PLUGINS_RANDOM_WALK_LABEL": "Marche",
        "PIXORGA_PLUGINS_RANDOM_WALK_RATIO": "",  # empty: unset
        "PIXORGA_PLUGINS_RANDOM_WALK_TYPO": "ignored, as unknown PIXORGA_* variables are",
    }
    options = load_settings(path, environ=environ).plugin_options("random_walk", WalkOptions)
    assert options == WalkOptions(
        max_challenges=7, ratio=0.1, verbose=True, mode=Mode.FAST, label="Marche"
    )


def test_variable_names():
    assert env_variable("random_walk", "max_challenges") == (
        "PIXORGA_PLUGINS_RANDOM_WALK_MAX_CHALLENGES"
    )
    assert env_variable("max-info", "length") == "PIXORGA_PLUGINS_MAX_INFO_LENGTH"


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        (
            "MAX_CHALLENGES",
            "vingt",
            "PIXORGA_PLUGINS_RANDOM_WALK_MAX_CHALLENGES='vingt' is not a number",
        ),
        ("RATIO", "x", "PIXORGA_PLUGINS_RANDOM_WALK_RATIO='x' is not a number"),
        ("VERBOSE", "peut-être", "is not a boolean (true or false)"),
        (
            "MODE",
            "slow",
            "@ $.plugins.random_walk.mode (from PIXORGA_PLUGINS_RANDOM_WALK_MODE)",
        ),
        ("COMPETENCES", "1.1", "can only be set in the settings file"),
        (
            "MAX_CHALLENGES",
            "0",
            "plugins.random_walk.max_challenges 0 is not positive "
            "(from PIXORGA_PLUGINS_RANDOM_WALK_MAX_CHALLENGES)",
        ),
    ],
)
def test_bad_variables_are_named(variable, value, expected):
    settings = load_settings(environ={f"PIXORGA_PLUGINS_RANDOM_WALK_{variable}": value})
    assert expected in error(settings, "random_walk", WalkOptions)


def test_file_errors_name_the_key_and_the_file(tmp_path):
    path = write(
        tmp_path, '[plugins.random_walk]\nmax_chalenges = 5\nratio = "half"\nverbose = "yes"\n'
    )
    message = error(load_settings(path, environ={}), "random_walk", WalkOptions)
    assert message.startswith("invalid settings:\n  ")
    assert f"@ $.plugins.random_walk.ratio (from {path})" in message
    assert f"extra fields found (max_chalenges) @ $.plugins.random_walk (from {path})" in message
    # All the problems at once.
    assert "verbose" in message


def test_a_validator_error_from_the_file_names_the_file(tmp_path):
    path = write(tmp_path, "[plugins.random_walk]\nmax_challenges = -1\n")
    message = error(load_settings(path, environ={}), "random_walk", WalkOptions)
    assert f"plugins.random_walk.max_challenges -1 is not positive (from {path})" in message


def test_settings_built_in_code_do_not_read_the_environment(monkeypatch):
    monkeypatch.setenv("PIXORGA_PLUGINS_RANDOM_WALK_MAX_CHALLENGES", "3")
    settings = Settings(plugins={"random_walk": {"ratio": 0.2}})
    assert settings.plugin_options("random_walk", WalkOptions) == WalkOptions(ratio=0.2)


def test_the_options_class_must_be_an_attrs_class():
    with pytest.raises(TypeError, match="attrs class"):
        Settings().plugin_options("random_walk", dict)


def test_provenance_fields_cannot_be_set_from_the_file(tmp_path):
    path = write(tmp_path, '_config_file = "elsewhere.toml"\nconfig_file = "x"\n')
    with pytest.raises(ConfigurationError, match="extra fields found"):
        load_settings(path, environ={})


# -- the legacy [smtp] table, read as [plugins.email_invite] ---------------------------------------


def test_legacy_table_and_variables_are_the_plugin_s(tmp_path):
    path = write(tmp_path, '[smtp]\nhost = "127.0.0.1"\n')
    settings = load_settings(path, environ={"PIXORGA_SMTP_PORT": "2525"})
    assert settings.plugin_options("email_invite", MailOptions) == MailOptions(
        host="127.0.0.1", port=2525
    )


def test_legacy_errors_use_the_legacy_names(tmp_path):
    path = write(tmp_path, '[smtp]\nport = "vingt-cinq"\nprot = 25\n')
    message = error(load_settings(path, environ={}), "email_invite", MailOptions)
    assert f"@ $.smtp.port (from {path})" in message
    assert f"extra fields found (prot) @ $.smtp (from {path})" in message
    settings = load_settings(environ={"PIXORGA_SMTP_PORT": "x"})
    assert "PIXORGA_SMTP_PORT='x' is not a number" in error(settings, "email_invite", MailOptions)


def test_a_key_in_both_tables_is_refused(tmp_path):
    path = write(tmp_path, "[smtp]\nport = 25\n\n[plugins.email_invite]\nport = 587\n")
    with pytest.raises(ConfigurationError, match=r"smtp\.port and plugins\.email_invite\.port"):
        load_settings(path, environ={})


def test_a_non_table_smtp_is_refused(tmp_path):
    path = write(tmp_path, 'smtp = "127.0.0.1"\n')
    with pytest.raises(ConfigurationError, match=r"smtp must be a table"):
        load_settings(path, environ={})


def test_with_both_tables_an_unknown_key_is_named_in_the_new_one(tmp_path):
    path = write(tmp_path, '[smtp]\nhost = "h"\n\n[plugins.email_invite]\nhots = "h"\n')
    message = error(load_settings(path, environ={}), "email_invite", MailOptions)
    assert f"extra fields found (hots) @ $.plugins.email_invite (from {path})" in message
