"""A local SMTP sink: an SMTP server on 127.0.0.1 that keeps every message it receives.

For the demo (``pixorga mail-sink``) and for tests. It needs ``aiosmtpd``
(``pip install 'pixorga-email-invite[sink]'``), imported only when a sink starts.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import attrs

DEFAULT_PORT = 8025


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


@attrs.frozen
class Received:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    raw: bytes = attrs.field(repr=False)

    @property
    def message(self) -> EmailMessage:
        parsed = message_from_bytes(self.raw, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed

    @property
    def text(self) -> str:
        body = self.message.get_body(preferencelist=("plain",))
        return "" if body is None else str(body.get_content())


@attrs.define
class SmtpSink:
    """Start with :meth:`start`, stop with :meth:`stop`; ``received`` lists the messages."""

    host: str = "127.0.0.1"
    port: int = attrs.field(factory=free_port)
    on_message: Callable[[Received], None] | None = None
    server_kwargs: dict[str, Any] = attrs.field(factory=dict)
    received: list[Received] = attrs.field(factory=list, init=False)
    _controller: Any = attrs.field(default=None, init=False)
    _lock: threading.Lock = attrs.field(factory=threading.Lock, init=False)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        item = Received(
            mail_from=str(envelope.mail_from),
            rcpt_tos=tuple(envelope.rcpt_tos),
            raw=bytes(envelope.content),
        )
        with self._lock:
            self.received.append(item)
        if self.on_message is not None:
            self.on_message(item)
        return "250 Message accepted for delivery"

    @property
    def running(self) -> bool:
        return self._controller is not None

    def start(self) -> SmtpSink:
        from aiosmtpd.controller import Controller

        if self._controller is None:
            self._controller = Controller(
                self, hostname=self.host, port=self.port, **self.server_kwargs
            )
            self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def links(self) -> list[str]:
        """The invitation links found in the plain-text bodies, in order of arrival."""
        found = []
        for item in list(self.received):
            for line in item.text.splitlines():
                if "/rejoindre?" in line:
                    found.append(line.strip())
        return found
