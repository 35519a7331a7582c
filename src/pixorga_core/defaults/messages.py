"""Default rendering of messages: short French plain text, so that invitations work (and wait in
the outbox) even before a delivery plugin such as ``email_invite`` is installed. Any plugin that
renders messages is asked first (this one is ``trylast``)."""

from __future__ import annotations

from pixorga_core.config import DEFAULT_SERVICE_NAME
from pixorga_core.domain.messages import MessageKind, MessageRequest, OutboundMessage
from pixorga_core.hooks import hookimpl

FOOTER = "Ceci est un e-mail automatique, merci de ne pas y répondre."


@hookimpl(trylast=True)
def pixorga_render_message(request: MessageRequest) -> OutboundMessage:
    ctx = request.context
    organization = ctx.get("organization_name", "")
    link = ctx.get("invitation_link", "")
    service = ctx.get("service_name") or DEFAULT_SERVICE_NAME
    if request.kind is MessageKind.ACCOUNT_CREATED:
        subject = "Votre compte Pix a été créé"
        body = f"Bonjour {ctx.get('first_name', '')},\n\nVotre compte Pix a été créé."
    elif request.kind is MessageKind.PASSWORD_RESET:
        subject = f"Réinitialisation de votre mot de passe {service}"
        body = (
            f"Une réinitialisation du mot de passe de votre compte {service} a été demandée.\n\n"
            f"Choisir un nouveau mot de passe : {ctx.get('reset_link', '')}\n\n"
            "Ce lien est à usage unique et fonctionne pendant une heure.\n\n"
            "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message."
        )
    elif ctx.get("reason") == "admin_request":
        # Only what pixorga knows: nothing typed by the (anonymous) requester.
        subject = "Demande d'accès administrateur à Pix Orga"
        body = (
            f"Un accès administrateur à l'espace Pix Orga de votre établissement {organization} "
            f"a été demandé le {ctx.get('requested_at', '')} (heure de Paris) depuis la page "
            f"{ctx.get('request_page', '')}.\n\n"
            f"Accepter l'invitation : {link}\n\nCe lien est à usage unique et valable 7 jours.\n\n"
            "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message."
        )
    else:
        subject = "Invitation à rejoindre Pix Orga"
        body = (
            f"Vous êtes invité(e) à rejoindre l'organisation {organization} sur Pix Orga.\n\n"
            f"Accepter l'invitation : {link}\n\nCe lien est à usage unique."
        )
    return OutboundMessage(
        kind=request.kind,
        recipient=request.recipient,
        subject=subject,
        text=f"{body}\n\n{FOOTER}\n",
    )
