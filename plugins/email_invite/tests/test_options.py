"""The plugin's options: ``[plugins.email_invite]``, ``PIXORGA_PLUGINS_EMAIL_INVITE_*``, and the
names they had in the core (``[smtp]``, ``PIXORGA_SMTP_*``), which keep working.

These tests were the SMTP tests of the core's ``tests/test_config.py`` before the SMTP settings
moved here; their assertions are unchanged.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pixorga_core.config import load_settings
from pixorga_core.errors import ConfigurationError
from pixorga_email_invite.options import SmtpOptions, SmtpSecurity, smtp_options

SMTP_PASSWORD = "smtp-pa55word"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pixorga.toml"
    path.write_text(text, encoding="utf-8")
    return path


def options(config_file: Path | None = None, environ: dict[str, str] | None = None) -> SmtpOptions:
    return smtp_options(load_settings(config_file, environ=environ or {}))


def config_error(**kwargs) -> str:
    with pytest.raises(ConfigurationError) as info:
        options(**kwargs)
    return info.value.message


def test_defaults_without_file_nor_environment():
    smtp = options()
    assert smtp.host is None
    assert smtp.port == 25
    assert smtp.security is SmtpSecurity.NONE
    assert smtp.ca_file is None


def test_legacy_smtp_table_is_read(tmp_path):
    path = write(
        tmp_path,
        """
[smtp]
host = "127.0.0.1"
port = 2525
security = "starttls"
timeout_seconds = 3
""",
    )
    smtp = options(path)
    assert smtp.host == "127.0.0.1"
    assert smtp.port == 2525
    assert smtp.security is SmtpSecurity.STARTTLS
    assert smtp.timeout_seconds == 3.0


def test_plugin_table_is_read_with_the_ca_file(tmp_path):
    path = write(
        tmp_path,
        """
[plugins.email_invite]
host = "smtp.example.org"
port = 587
security = "starttls"
ca_file = "/etc/pixorga/relay-ca.pem"
""",
    )
    smtp = options(path)
    assert (smtp.host, smtp.port, smtp.security) == ("smtp.example.org", 587, SmtpSecurity.STARTTLS)
    assert smtp.ca_file == "/etc/pixorga/relay-ca.pem"


def test_legacy_table_and_plugin_table_together(tmp_path):
    path = write(
        tmp_path, '[smtp]\nhost = "127.0.0.1"\n\n[plugins.email_invite]\nca_file = "ca.pem"\n'
    )
    smtp = options(path)
    assert smtp.host == "127.0.0.1"
    assert smtp.ca_file == "ca.pem"


def test_a_key_in_both_tables_is_refused(tmp_path):
    path = write(tmp_path, "[smtp]\nport = 25\n\n[plugins.email_invite]\nport = 587\n")
    message = config_error(config_file=path)
    assert "smtp.port" in message
    assert "plugins.email_invite.port" in message


def test_environment_overrides_toml(tmp_path):
    path = write(tmp_path, '[smtp]\nhost = "127.0.0.1"\nport = 2525\n')
    smtp = options(
        path,
        environ={
            "PIXORGA_SMTP_PORT": "587",
            "PIXORGA_SMTP_SECURITY": "tls",
            "PIXORGA_SMTP_TIMEOUT_SECONDS": "2.5",
        },
    )
    assert smtp.port == 587
    assert smtp.security is SmtpSecurity.TLS
    assert smtp.timeout_seconds == 2.5
    # Values only in the file are kept.
    assert smtp.host == "127.0.0.1"


def test_new_variables_work_and_win_over_the_legacy_ones():
    smtp = options(
        environ={
            "PIXORGA_PLUGINS_EMAIL_INVITE_HOST": "new.example.org",
            "PIXORGA_SMTP_HOST": "old.example.org",
            "PIXORGA_PLUGINS_EMAIL_INVITE_CA_FILE": "ca.pem",
        }
    )
    assert smtp.host == "new.example.org"
    assert smtp.ca_file == "ca.pem"


def test_empty_variable_is_ignored(tmp_path):
    path = write(tmp_path, '[smtp]\nhost = "127.0.0.1"\n')
    assert options(path, environ={"PIXORGA_SMTP_HOST": ""}).host == "127.0.0.1"


def test_unknown_nested_key_is_refused(tmp_path):
    path = write(tmp_path, "[smtp]\nprot = 25\n")
    message = config_error(config_file=path)
    assert "prot" in message
    assert "smtp" in message


def test_unknown_key_of_the_plugin_table_names_the_file(tmp_path):
    path = write(tmp_path, "[plugins.email_invite]\nhots = 25\n")
    message = config_error(config_file=path)
    assert f"extra fields found (hots) @ $.plugins.email_invite (from {path})" in message


def test_non_numeric_port_in_environment_names_the_variable():
    message = config_error(environ={"PIXORGA_SMTP_PORT": "vingt-cinq"})
    assert "PIXORGA_SMTP_PORT" in message


@pytest.mark.parametrize("port", [0, 65536, 70000, -1])
def test_out_of_range_port_names_smtp_port(port):
    message = config_error(environ={"PIXORGA_SMTP_PORT": str(port)})
    assert "smtp.port" in message
    assert str(port) in message


def test_out_of_range_port_under_its_new_name():
    message = config_error(environ={"PIXORGA_PLUGINS_EMAIL_INVITE_PORT": "0"})
    assert "plugins.email_invite.port 0 is not a TCP port" in message
    assert "(from PIXORGA_PLUGINS_EMAIL_INVITE_PORT)" in message


def test_wrong_port_type_in_toml_names_smtp_port(tmp_path):
    path = write(tmp_path, '[smtp]\nport = "vingt-cinq"\n')
    message = config_error(config_file=path)
    assert "smtp.port" in message


def test_bad_smtp_security_is_named():
    message = config_error(environ={"PIXORGA_SMTP_SECURITY": "ssl3"})
    assert "smtp.security" in message


def test_errors_name_where_the_bad_value_came_from(tmp_path):
    with pytest.raises(ConfigurationError, match=r"smtp\.security.*\(from PIXORGA_SMTP_SECURITY\)"):
        options(environ={"PIXORGA_SMTP_SECURITY": "bogus"})
    config = tmp_path / "pixorga.toml"
    config.write_text("[smtp]\nport = 70000\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match=rf"not a TCP port \(from {config}\)"):
        options(config)


# -- secrets ---------------------------------------------------------------------------------------


@pytest.fixture
def secret_options() -> SmtpOptions:
    return options(
        environ={
            "PIXORGA_SMTP_HOST": "127.0.0.1",
            "PIXORGA_SMTP_USERNAME": "mailer",
            "PIXORGA_SMTP_PASSWORD": SMTP_PASSWORD,
        }
    )


def test_secrets_are_loaded(secret_options):
    assert secret_options.password == SMTP_PASSWORD


def test_secrets_absent_from_repr(secret_options):
    text = repr(secret_options)
    assert SMTP_PASSWORD not in text
    # The rest is still there, so the repr is useful.
    assert "127.0.0.1" in text
    assert "mailer" in text


def test_secrets_absent_from_settings_repr_and_describe():
    settings = load_settings(environ={"PIXORGA_SMTP_PASSWORD": SMTP_PASSWORD})
    assert SMTP_PASSWORD not in repr(settings)
    assert SMTP_PASSWORD not in repr(settings.describe())


def test_secrets_absent_from_describe(secret_options):
    described = secret_options.describe()
    assert SMTP_PASSWORD not in described
    assert described.startswith("127.0.0.1:25")


def test_describe_without_secrets():
    assert SmtpOptions().describe() == "<not set>"


def test_a_bad_port_in_the_options_is_refused_when_built():
    with pytest.raises(ValueError, match="not a TCP port"):
        SmtpOptions(port=0)


def test_a_bad_port_stops_pixorga_at_start_up(monkeypatch, capsys):
    """Checked when ``pixorga`` starts (pixorga_check_settings), not at the first e-mail."""
    from pixorga_core import cli

    monkeypatch.setenv("PIXORGA_SMTP_PORT", "vingt-cinq")
    monkeypatch.delenv("PIXORGA_DISABLED_PLUGINS", raising=False)
    with pytest.raises(SystemExit) as info:
        cli.main(["plugins"])
    assert info.value.code == 2
    assert "PIXORGA_SMTP_PORT" in capsys.readouterr().err


def test_the_check_passes_with_good_options(pm):
    from pixorga_core.facade import Hooks
    from pixorga_email_invite import plugin

    pm.register(plugin, name="email_invite")
    Hooks(pm, load_settings(None, environ={"PIXORGA_SMTP_PORT": "2525"})).check_settings()
    with pytest.raises(ConfigurationError):
        Hooks(pm, load_settings(None, environ={"PIXORGA_SMTP_PORT": "0"})).check_settings()
