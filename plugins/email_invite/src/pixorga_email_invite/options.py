"""The plugin's options: the SMTP server, from ``[plugins.email_invite]``.

Read with ``settings.plugin_options("email_invite", SmtpOptions)``: the table
``[plugins.email_invite]`` of the settings file, overridden by the environment variables
``PIXORGA_PLUGINS_EMAIL_INVITE_<KEY>``. The names these settings had when they belonged to the
core keep working: the ``[smtp]`` table and the ``PIXORGA_SMTP_<KEY>`` variables
(``PIXORGA_SMTP_HOST``…).
"""

from __future__ import annotations

import enum

import attrs

from pixorga_core.config import Settings
from pixorga_core.plugin_options import InvalidOptionError

#: Entry-point name, also the ``[plugins.email_invite]`` table of the settings.
NAME = "email_invite"


class SmtpSecurity(enum.StrEnum):
    NONE = "none"
    STARTTLS = "starttls"
    TLS = "tls"


def _tcp_port(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if not 0 < value < 65536:
        raise InvalidOptionError(attribute.name, f"{value} is not a TCP port")


@attrs.frozen(kw_only=True)
class SmtpOptions:
    """Where and how to send e-mail. ``password`` never appears in ``repr``."""

    #: SMTP server; unset means none is configured and messages wait in the outbox.
    host: str | None = None
    port: int = attrs.field(default=25, validator=_tcp_port)
    security: SmtpSecurity = SmtpSecurity.NONE
    username: str | None = None
    password: str | None = attrs.field(default=None, repr=False)
    sender: str = "Pix Orga <ne-pas-repondre@pixorga.invalid>"
    timeout_seconds: float = 10.0
    #: Extra trusted certificates for STARTTLS/TLS (a private mail relay), a PEM file.
    ca_file: str | None = None

    def describe(self) -> str:
        """A loggable summary, without the login nor the password."""
        return f"{self.host}:{self.port} ({self.security})" if self.host else "<not set>"


def smtp_options(settings: Settings) -> SmtpOptions:
    """The plugin's options from ``settings`` (raises ConfigurationError, naming the culprit)."""
    return settings.plugin_options(NAME, SmtpOptions)
