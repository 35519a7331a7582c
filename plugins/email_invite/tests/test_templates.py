from __future__ import annotations

import pytest

from pixorga_core.domain.messages import MessageKind, MessageRequest
from pixorga_email_invite import templates

LINK = "http://127.0.0.1:8080/rejoindre?invitation=7&code=ABCDEFGHJK"


def flat(text: str) -> str:
    """The text with its line wrapping undone."""
    return " ".join(text.split())


def render(kind, **context):
    return templates.render(MessageRequest(kind=kind, recipient="x@ecole.test", context=context))


def test_invitation_wording_text_and_html():
    message = render(
        MessageKind.ORGANIZATION_INVITATION,
        organization_name="Collège Victor-Hugo",
        invitation_link=LINK,
    )
    assert message.subject == "Invitation à rejoindre Pixorga — Collège Victor-Hugo"
    for body in (flat(message.text), message.html):
        assert "Vous êtes invité(e) à rejoindre Pixorga" in body
        assert "Accepter l'invitation" in body or "Accepter l&#x27;invitation" in body
        assert "Ce lien est à usage unique." in body
        assert "Ceci est un e-mail automatique, merci de ne pas y répondre." in body
    assert LINK in message.text
    assert f'href="{LINK.replace("&", "&amp;")}"' in message.html
    assert "créer votre compte Pix ou vous connecter" in flat(message.text)
    assert all(len(line) <= 76 or line.startswith("http") for line in message.text.splitlines())


def test_html_in_names_is_escaped():
    message = render(
        MessageKind.SCO_ADMIN_INVITATION,
        organization_name="<script>alert(1)</script>\r\nBcc: pirate@evil.test",
        invitation_link=LINK,
        reason="activation",
    )
    assert "<script>" not in message.html
    assert "&lt;script&gt;" in message.html
    assert "\r" not in message.subject
    assert "\n" not in message.subject


ADMIN_REQUEST = {
    "organization_name": "Lycée Pix",
    "invitation_link": LINK,
    "reason": "admin_request",
    "requested_at": "01/09/2026 à 10:00",
    "request_page": "http://127.0.0.1:8080/demande-administration-sco",
}


def test_the_admin_request_mail_says_what_when_and_where():
    message = render(MessageKind.SCO_ADMIN_INVITATION, **ADMIN_REQUEST)
    for body in (flat(message.text), message.html):
        assert "Un accès administrateur à l'espace Pixorga de votre établissement" in (
            body.replace("&#x27;", "'")
        )
        assert "le 01/09/2026 à 10:00 (heure de Paris)" in body
        assert "depuis la page http://127.0.0.1:8080/demande-administration-sco" in body
        assert "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message" in (
            body.replace("&#x27;", "'")
        )
        assert "valable 7 jours" in body
    assert message.subject == "Demande d'accès administrateur à Pixorga — Lycée Pix"


def test_the_admin_request_mail_never_shows_other_values():
    # Even if a caller passed text typed by the requester, the template has no place for it.
    hostile = "SERVICE ACADEMIQUE : appelez le 01 23 45 67 89"
    message = render(
        MessageKind.SCO_ADMIN_INVITATION,
        **ADMIN_REQUEST,
        requester_first_name=hostile,
        requester_last_name=hostile,
        comment=hostile,
    )
    for body in (message.subject, message.text, message.html):
        assert "SERVICE ACADEMIQUE" not in body


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ("activation", "a été créé. Pour l'activer"),
        ("admin_request", "a été demandé le 01/09/2026 à 10:00 (heure de Paris)"),
    ],
)
def test_sco_admin_invitation_variants(reason, expected):
    message = render(MessageKind.SCO_ADMIN_INVITATION, **{**ADMIN_REQUEST, "reason": reason})
    assert expected in flat(message.text)
    assert "devient administrateur" in flat(message.text)


def test_account_created_message():
    message = render(MessageKind.ACCOUNT_CREATED, first_name="Léa")
    assert message.subject == "Votre compte Pix a été créé"
    assert "Bonjour Léa," in message.text


def test_the_password_reset_mail_names_the_service_and_the_link_s_limits():
    link = "http://127.0.0.1:8080/nouveau-mot-de-passe?jeton=" + "A" * 43
    message = render(MessageKind.PASSWORD_RESET, reset_link=link, service_name="ENT Lycées 44")
    assert message.subject == "Réinitialisation de votre mot de passe ENT Lycées 44"
    assert link in message.text
    assert f'href="{link}"' in message.html
    for body in (flat(message.text), message.html.replace("&#x27;", "'")):
        assert "Choisir un nouveau mot de passe" in body
        assert "Ce lien est à usage unique et fonctionne pendant une heure." in body
        assert "Si vous n'êtes pas à l'origine de cette demande" in body
        assert "ENT Lycées 44" in body
    assert "Pixorga" in render(MessageKind.PASSWORD_RESET, reset_link=link).subject
