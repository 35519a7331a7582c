from __future__ import annotations

import re

from click.testing import CliRunner

from pixorga_core.cli import build_cli


def invoke(settings, hooks, *args):
    return CliRunner().invoke(build_cli(settings, hooks), list(args), catch_exceptions=False)


def test_organizations_create_sends_the_activation_invitation(settings, hooks, mailbox, engine):
    result = invoke(
        settings,
        hooks,
        "organizations",
        "create",
        "--uai",
        "0752387M",
        "--name",
        "Lycée Pix",
        "--email",
        "ce.0752387M@ac-paris.fr",
    )
    assert result.exit_code == 0, result.output
    assert "activation invitation queued for ce.0752387m@ac-paris.fr" in result.output
    [mail] = mailbox.delivered
    assert mail.recipient == "ce.0752387m@ac-paris.fr"
    assert mailbox.links()[0].startswith("http://127.0.0.1:8080/rejoindre?invitation=")


def test_outbox_list_and_send(settings, hooks, mailbox, engine):
    mailbox.down = True
    invoke(
        settings,
        hooks,
        "organizations",
        "create",
        "--uai",
        "0752387M",
        "--name",
        "Lycée Pix",
        "--email",
        "ce@ac-paris.fr",
    )
    listed = invoke(settings, hooks, "outbox", "list")
    assert "pending" in listed.output
    # Paris time, and it says so (#16.7): CET in winter, CEST in summer.
    assert re.search(r" \d{4}-\d\d-\d\d \d\d:\d\d CES?T ", listed.output), listed.output
    assert "ce@ac-paris.fr" in listed.output
    assert "channel down" in listed.output
    # Still down: the message is not due yet (back-off), nothing sent, exit 0.
    sent = invoke(settings, hooks, "outbox", "send")
    assert sent.output.strip() == "sent=0 retry_later=0 failed=0 skipped=0"
    assert invoke(settings, hooks, "outbox", "list", "--status", "sent").output.strip() == (
        "no message"
    )


def test_organizations_import_csv(settings, hooks, mailbox, engine, tmp_path):
    path = tmp_path / "ecoles.csv"
    text = "UAI;Nom;E-mail\n0752387M;Lycée Pix;ce@ac-paris.fr\n0752387N;Clé fausse;x@ac-paris.fr\n"
    path.write_bytes(text.encode("cp1252"))
    result = invoke(settings, hooks, "organizations", "import-csv", str(path))
    assert result.exit_code == 1
    assert "ligne 2: ok 0752387M Lycée Pix" in result.output
    assert "ligne 3: ERREUR 0752387N" in result.output
    assert "1 établissement(s) créés, 1 erreur(s)" in result.output
    assert [m.recipient for m in mailbox.delivered] == ["ce@ac-paris.fr"]


def test_demo_smtp_sink_needs_a_mail_sink_command(settings, hooks, engine):
    result = CliRunner().invoke(build_cli(settings, hooks), ["demo", "--smtp-sink"])
    assert result.exit_code == 1
    assert "--smtp-sink needs the email_invite plugin" in result.output


def test_demo_smtp_sink_runs_the_registered_mail_sink(settings, pm, hooks, engine):
    import click

    from pixorga_core.hooks import hookimpl

    calls = []

    @click.command("mail-sink")
    @click.option("--host")
    @click.option("--port", type=int)
    @click.option("--exit-after", type=int)
    def fake_sink(host, port, exit_after):
        calls.append((host, port, exit_after))

    class SinkPlugin:
        @hookimpl
        def pixorga_register_commands(self, cli):
            cli.add_command(fake_sink)

    pm.register(SinkPlugin())
    result = invoke(settings, hooks, "demo", "--smtp-sink", "--smtp-port", "2525")
    assert result.exit_code == 0, result.output
    assert "Demo school" in result.output
    assert calls == [("127.0.0.1", 2525, 0)]
