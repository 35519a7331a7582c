from __future__ import annotations

import smtplib
import threading
import time
from email.message import EmailMessage

from click.testing import CliRunner

from pixorga_email_invite.commands import mail_sink_command
from pixorga_email_invite.sink import free_port


def send_when_listening(port: int) -> None:
    message = EmailMessage()
    message["From"] = "pix@orga.test"
    message["To"] = "ce@ac-paris.fr"
    message["Subject"] = "Activation de l'espace Pix Orga — Lycée Pix"
    message.set_content("Accepter l'invitation :\nhttp://127.0.0.1:8080/rejoindre?invitation=1\n")
    for _ in range(100):  # wait until the command's server accepts connections
        try:
            with smtplib.SMTP("127.0.0.1", port, timeout=2) as client:
                client.send_message(message)
                return
        except OSError:
            time.sleep(0.05)


def test_mail_sink_prints_what_it_receives():
    port = free_port()
    sender = threading.Thread(target=send_when_listening, args=(port,))
    sender.start()
    result = CliRunner().invoke(
        mail_sink_command, ["--port", str(port), "--exit-after", "1"], catch_exceptions=False
    )
    sender.join()
    assert result.exit_code == 0
    assert f"PIXORGA_SMTP_HOST=127.0.0.1 PIXORGA_SMTP_PORT={port}" in result.output
    assert "Objet : Activation de l'espace Pix Orga — Lycée Pix" in result.output
    assert "http://127.0.0.1:8080/rejoindre?invitation=1" in result.output
