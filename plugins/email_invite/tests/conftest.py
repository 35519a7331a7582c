from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage

import attrs
import pytest
from aiosmtpd.controller import Controller

from pixorga_core.config import Settings
from pixorga_core.facade import Hooks
from pixorga_email_invite import plugin

pytest_plugins = ["pixorga_core.testing"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@attrs.define
class Inbox:
    """What a real SMTP server on 127.0.0.1 received."""

    envelopes: list[tuple[str, list[str], bytes]] = attrs.field(factory=list)

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[EmailMessage]:
        return [message_from_bytes(raw, policy=policy.default) for _, _, raw in self.envelopes]


@attrs.define
class SmtpServer:
    port: int
    inbox: Inbox
    controller: Controller | None = None
    kwargs: dict = attrs.field(factory=dict)

    def start(self) -> None:
        self.controller = Controller(
            self.inbox, hostname="127.0.0.1", port=self.port, **self.kwargs
        )
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer(port=free_port(), inbox=Inbox())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp_settings(settings: Settings, smtp_server: SmtpServer) -> Settings:
    smtp = {
        "host": "127.0.0.1",
        "port": smtp_server.port,
        "sender": "Pix Orga <ne-pas-repondre@pix-orga.test>",
        "timeout_seconds": 5,
    }
    return attrs.evolve(settings, plugins={**settings.plugins, "email_invite": smtp})


@pytest.fixture
def smtp_hooks(pm, smtp_settings: Settings) -> Hooks:
    pm.register(plugin, name="email_invite")
    return Hooks(pm, smtp_settings)
