from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from pixorga_core.config import (
    DEFAULT_BASE_URL,
    DEFAULT_DATABASE_URL,
    Settings,
    load_settings,
)
from pixorga_core.errors import ConfigurationError

SECRET = "s3cr3t-" + "k" * 40
DB_PASSWORD = "db-pa55word"
SMTP_PASSWORD = "smtp-pa55word"
# The SMTP settings moved to the email_invite plugin (plugins/email_invite/tests/test_options.py);
# what stays here is the core's part: the legacy [smtp] table read as [plugins.email_invite].


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pixorga.toml"
    path.write_text(text, encoding="utf-8")
    return path


def config_error(**kwargs) -> str:
    with pytest.raises(ConfigurationError) as info:
        load_settings(**kwargs)
    return info.value.message


# -- defaults and precedence -----------------------------------------------------------------------


def test_defaults_without_file_nor_environment():
    settings = load_settings(environ={})
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.base_url == DEFAULT_BASE_URL
    assert settings.secret_key is None
    assert settings.log_level == "INFO"
    assert settings.plugins == {}


def test_toml_file_is_read(tmp_path):
    path = write(
        tmp_path,
        """
database_url = "sqlite:///elsewhere.sqlite3"
log_level = "DEBUG"

[smtp]
host = "127.0.0.1"
port = 2525

[plugins.siecle_import]
max_file_mb = 20
""",
    )
    settings = load_settings(path, environ={})
    assert settings.database_url == "sqlite:///elsewhere.sqlite3"
    assert settings.log_level == "DEBUG"
    # The legacy [smtp] table is the email_invite plugin's table now.
    assert settings.plugin_options("email_invite") == {"host": "127.0.0.1", "port": 2525}
    assert settings.plugin_options("siecle_import") == {"max_file_mb": 20}
    assert settings.plugin_options("gar_sso") == {}


def test_environment_overrides_toml(tmp_path):
    path = write(
        tmp_path,
        """
database_url = "sqlite:///from-file.sqlite3"
base_url = "http://127.0.0.1:9000"
""",
    )
    settings = load_settings(path, environ={"PIXORGA_DATABASE_URL": "sqlite:///from-env.sqlite3"})
    assert settings.database_url == "sqlite:///from-env.sqlite3"
    # Values only in the file are kept.
    assert settings.base_url == "http://127.0.0.1:9000"


def test_pixorga_config_names_the_file(tmp_path):
    path = write(tmp_path, 'log_level = "WARNING"\n')
    settings = load_settings(environ={"PIXORGA_CONFIG": str(path)})
    assert settings.log_level == "WARNING"


def test_explicit_file_wins_over_pixorga_config(tmp_path):
    explicit = write(tmp_path, 'log_level = "ERROR"\n')
    other = tmp_path / "other.toml"
    other.write_text('log_level = "DEBUG"\n', encoding="utf-8")
    settings = load_settings(explicit, environ={"PIXORGA_CONFIG": str(other)})
    assert settings.log_level == "ERROR"


def test_empty_environment_variable_is_ignored(tmp_path):
    path = write(tmp_path, 'base_url = "https://orga.example.test"\n')
    settings = load_settings(path, environ={"PIXORGA_BASE_URL": ""})
    assert settings.base_url == "https://orga.example.test"


# -- refused settings ------------------------------------------------------------------------------


def test_unknown_top_level_key_is_refused(tmp_path):
    path = write(tmp_path, 'databse_url = "sqlite://"\n')
    message = config_error(config_file=path, environ={})
    assert "databse_url" in message


def test_missing_file_is_named(tmp_path):
    missing = tmp_path / "nope.toml"
    message = config_error(config_file=missing, environ={})
    assert str(missing) in message


def test_invalid_toml_is_named(tmp_path):
    path = write(tmp_path, "database_url = \n")
    message = config_error(config_file=path, environ={})
    assert str(path) in message
    assert "TOML" in message


@pytest.mark.parametrize("url", ["ftp://127.0.0.1", "127.0.0.1:8080", "http://", "orga"])
def test_bad_base_url_is_named(url):
    message = config_error(environ={"PIXORGA_BASE_URL": url})
    assert "base_url" in message
    assert url in message


def test_short_secret_key_is_refused_without_echoing_it():
    short = "trop-court-" + "x" * 10
    message = config_error(environ={"PIXORGA_SECRET_KEY": short})
    assert "secret_key" in message
    assert "32" in message
    assert short not in message


def test_secret_key_of_minimum_length_is_accepted():
    assert load_settings(environ={"PIXORGA_SECRET_KEY": "k" * 32}).secret_key == "k" * 32


@pytest.mark.parametrize(
    "url", ["mysql://u@127.0.0.1/pix", "oracle://127.0.0.1/pix", "mssql+pyodbc://127.0.0.1/x"]
)
def test_unsupported_database_scheme_is_named(url):
    message = config_error(environ={"PIXORGA_DATABASE_URL": url})
    assert "database_url" in message
    assert url.split(":")[0] in message


def test_unparsable_database_url_is_named():
    message = config_error(environ={"PIXORGA_DATABASE_URL": "pas une url"})
    assert "database_url" in message


@pytest.mark.parametrize(
    "url", ["sqlite://", "sqlite:///pixorga.sqlite3", "postgresql+psycopg://u@127.0.0.1/pix"]
)
def test_supported_database_urls_are_accepted(url):
    assert load_settings(environ={"PIXORGA_DATABASE_URL": url}).database_url == url


def test_bad_log_level_is_named():
    message = config_error(environ={"PIXORGA_LOG_LEVEL": "CHATTY"})
    assert "log_level" in message
    assert "CHATTY" in message


def test_environment_table_conflict_is_reported(tmp_path):
    path = write(tmp_path, 'smtp = "127.0.0.1"\n')
    message = config_error(config_file=path, environ={"PIXORGA_SMTP_HOST": "127.0.0.1"})
    assert "PIXORGA_SMTP_HOST" in message


# -- secrets ---------------------------------------------------------------------------------------


@pytest.fixture
def secret_settings() -> Settings:
    return load_settings(
        environ={
            "PIXORGA_DATABASE_URL": f"postgresql+psycopg://pixorga:{DB_PASSWORD}@127.0.0.1/pix",
            "PIXORGA_SECRET_KEY": SECRET,
            "PIXORGA_SMTP_HOST": "127.0.0.1",
            "PIXORGA_SMTP_USERNAME": "mailer",
            "PIXORGA_SMTP_PASSWORD": SMTP_PASSWORD,
        }
    )


def test_secrets_are_loaded(secret_settings):
    assert secret_settings.secret_key == SECRET
    assert DB_PASSWORD in secret_settings.database_url


def test_secrets_absent_from_repr(secret_settings):
    text = repr(secret_settings)
    assert SECRET not in text
    assert SMTP_PASSWORD not in text
    assert DB_PASSWORD not in text
    # The rest is still there, so the repr is useful.
    assert "127.0.0.1" in text


def test_secrets_absent_from_describe(secret_settings):
    described = secret_settings.describe()
    text = repr(described)
    assert SECRET not in text
    assert SMTP_PASSWORD not in text
    assert DB_PASSWORD not in text
    assert described["secret_key"] == "<set>"
    assert described["database_url"].startswith("postgresql+psycopg://pixorga:")


def test_describe_without_secrets():
    described = Settings().describe()
    assert described["secret_key"] == "<not set>"
    assert described["plugins"] == "<none>"


def test_describe_names_plugin_tables_but_never_their_values():
    settings = Settings(plugins={"gar_sso": {"sp_key_password": "hunter2-secret"}, "flash": {}})
    described = settings.describe()
    assert described["plugins"] == "flash, gar_sso"
    assert "hunter2-secret" not in repr(described)


def test_require_secret_key():
    with pytest.raises(ConfigurationError) as info:
        Settings().require_secret_key()
    assert "PIXORGA_SECRET_KEY" in info.value.message
    assert Settings(secret_key=SECRET).require_secret_key() == SECRET


def test_settings_are_frozen():
    settings = Settings()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        settings.database_url = "sqlite://"  # type: ignore[misc]


def test_errors_name_where_the_bad_value_came_from(tmp_path):
    from pixorga_core.config import load_settings as load
    from pixorga_core.errors import ConfigurationError as Error

    with pytest.raises(Error, match=r"log_level.*\(from PIXORGA_LOG_LEVEL\)"):
        load(environ={"PIXORGA_LOG_LEVEL": "bogus"})
    config = tmp_path / "pixorga.toml"
    config.write_text('base_url = "ftp://x"\n', encoding="utf-8")
    with pytest.raises(Error, match=rf"absolute http\(s\) URL \(from {config}\)"):
        load(config, environ={})


def test_plugin_options_stay_out_of_repr():
    from pixorga_core.config import Settings as S

    settings = S(plugins={"gar_sso": {"sp_key_password": "hunter2-secret"}})
    assert "hunter2-secret" not in repr(settings)
    assert settings.plugin_options("gar_sso")["sp_key_password"] == "hunter2-secret"


# -- the service's name (issue #16.19) -------------------------------------------------------------


def test_the_service_name_defaults_to_pixorga_and_comes_from_file_or_environment(tmp_path):
    assert load_settings(environ={}).service_name == "Pixorga"
    path = write(tmp_path, 'service_name = "ENT Lycées 44"\n')
    assert load_settings(path, environ={}).service_name == "ENT Lycées 44"
    env = {"PIXORGA_SERVICE_NAME": "Pix Orga Nantes"}
    assert load_settings(path, environ=env).service_name == "Pix Orga Nantes"
    assert load_settings(environ={}).describe()["service_name"] == "Pixorga"


@pytest.mark.parametrize("name", ["  ", "x" * 61, "Pix\nOrga"])
def test_a_blank_long_or_multi_line_service_name_is_refused(name):
    message = config_error(environ={"PIXORGA_SERVICE_NAME": name})
    assert "service_name" in message
    assert "PIXORGA_SERVICE_NAME" in message
