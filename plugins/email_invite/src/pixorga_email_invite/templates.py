"""French e-mails: a plain-text body and an HTML body for each kind of message.

Every value from the request is plain text: it is escaped in the HTML body (a school named
``<b>Lycée</b>`` shows as such, never as markup) and whitespace is collapsed in the subject.
The values come from pixorga (a school's name set by its operator or administrators, dates,
links), never from an anonymous visitor: the « Demande d'accès administrateur » e-mail says
only that a request was made, when and from which page. The service is named by the context's
``service_name`` (the ``service_name`` setting, which the outbox adds to every message).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from html import escape

from pixorga_core.config import DEFAULT_SERVICE_NAME
from pixorga_core.domain.messages import MessageKind, MessageRequest, OutboundMessage
from pixorga_core.names import collapse_spaces

#: Plain-text paragraphs are wrapped at this width (links never are).
TEXT_WIDTH = 76
FOOTER_SERVICE = (
    "Pix est le service public en ligne pour évaluer, développer et certifier ses compétences "
    "numériques."
)
FOOTER_AUTOMATIC = "Ceci est un e-mail automatique, merci de ne pas y répondre."
SINGLE_USE = "Ce lien est à usage unique."
ADMIN_VALIDITY = "Le lien ci-dessous est valable 7 jours."
IGNORE_IF_NOT_YOU = (
    "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : l'invitation reste "
    "sans effet tant que personne ne l'accepte."
)
ACCEPT = "Accepter l'invitation"
RESET_VALIDITY = "Ce lien est à usage unique et fonctionne pendant une heure."
RESET_IGNORE = (
    "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe "
    "ne change pas tant que personne ne suit ce lien."
)
ACCOUNT_CHOICE = (
    "En suivant ce lien, vous pourrez créer votre compte Pix ou vous connecter avec votre compte "
    "existant."
)


def render(request: MessageRequest) -> OutboundMessage:
    """Render ``request`` in French; unknown kinds raise ``ValueError``."""
    ctx = {k: collapse_spaces(v) for k, v in request.context.items()}
    brand = ctx.get("service_name") or DEFAULT_SERVICE_NAME
    title = f"Vous êtes invité(e) à rejoindre {brand}"
    single_use = SINGLE_USE
    if request.kind is MessageKind.ORGANIZATION_INVITATION:
        subject, paragraphs, button = _organization_invitation(ctx, brand)
    elif request.kind is MessageKind.SCO_ADMIN_INVITATION:
        subject, paragraphs, button = _sco_admin_invitation(ctx, brand)
    elif request.kind is MessageKind.ACCOUNT_CREATED:
        subject, paragraphs, button = _account_created(ctx)
        title = subject
    elif request.kind is MessageKind.PASSWORD_RESET:
        subject, paragraphs, button = _password_reset(ctx, brand)
        title, single_use = subject, RESET_VALIDITY
    else:  # pragma: no cover - every kind is handled above
        msg = f"email_invite cannot render {request.kind!r}"
        raise ValueError(msg)
    return OutboundMessage(
        kind=request.kind,
        recipient=request.recipient,
        subject=collapse_spaces(subject),
        text=_text(title, paragraphs, button, single_use),
        html=_html(title, paragraphs, button, brand, single_use),
    )


# A paragraph is a list of (text, bold) runs, so that the HTML can emphasise names safely.
Runs = list[tuple[str, bool]]
Button = tuple[str, str] | None  # (label, link)


def _organization_invitation(ctx: Mapping[str, str], brand: str) -> tuple[str, list[Runs], Button]:
    organization = ctx.get("organization_name", "")
    paragraphs: list[Runs] = [
        [("Bonjour,", False)],
        [
            ("Vous avez été invité(e) à rejoindre l'organisation ", False),
            (organization, True),
            (
                f" sur {brand}, l'espace où les établissements suivent les parcours Pix de leurs "
                "élèves.",
                False,
            ),
        ],
        [(ACCOUNT_CHOICE, False)],
    ]
    return (
        f"Invitation à rejoindre {brand} — {organization}",
        paragraphs,
        (ACCEPT, ctx.get("invitation_link", "")),
    )


def _sco_admin_invitation(ctx: Mapping[str, str], brand: str) -> tuple[str, list[Runs], Button]:
    organization = ctx.get("organization_name", "")
    if ctx.get("reason") == "admin_request":
        # Nothing typed by the requester is written here: only what pixorga knows.
        intro: Runs = [
            (f"Un accès administrateur à l'espace {brand} de votre établissement ", False),
            (organization, True),
            (" a été demandé le ", False),
            (ctx.get("requested_at", ""), False),
            (" (heure de Paris) depuis la page ", False),
            (ctx.get("request_page", ""), False),
            (".", False),
        ]
        subject = f"Demande d'accès administrateur à {brand} — {organization}"
        warning: Runs = [(IGNORE_IF_NOT_YOU, True)]
    else:
        intro = [
            (f"L'espace {brand} de votre établissement ", False),
            (organization, True),
            (
                " a été créé. Pour l'activer, la personne qui l'administrera (chef "
                "d'établissement ou personne désignée) accepte cette invitation.",
                False,
            ),
        ]
        subject = f"Activation de l'espace {brand} — {organization}"
        warning = [
            (
                "Transférez cet e-mail à la personne qui administrera l'espace si ce n'est pas "
                "vous.",
                False,
            )
        ]
    paragraphs: list[Runs] = [
        [("Bonjour,", False)],
        intro,
        [
            ("La personne qui accepte cette invitation devient ", False),
            ("administrateur", True),
            (" de l'espace. " + ACCOUNT_CHOICE + " " + ADMIN_VALIDITY, False),
        ],
        warning,
    ]
    return subject, paragraphs, (ACCEPT, ctx.get("invitation_link", ""))


def _account_created(ctx: Mapping[str, str]) -> tuple[str, list[Runs], Button]:
    first_name = ctx.get("first_name", "")
    paragraphs: list[Runs] = [
        [(f"Bonjour {first_name},".replace(" ,", ","), False)],
        [("Votre compte Pix a été créé.", False)],
    ]
    login = ctx.get("login_link")
    return "Votre compte Pix a été créé", paragraphs, (("Se connecter", login) if login else None)


def _password_reset(ctx: Mapping[str, str], brand: str) -> tuple[str, list[Runs], Button]:
    paragraphs: list[Runs] = [
        [("Bonjour,", False)],
        [
            (
                f"Une réinitialisation du mot de passe de votre compte {brand} a été demandée. "
                "Pour choisir un nouveau mot de passe, suivez le lien ci-dessous.",
                False,
            )
        ],
        [(RESET_IGNORE, True)],
    ]
    return (
        f"Réinitialisation de votre mot de passe {brand}",
        paragraphs,
        ("Choisir un nouveau mot de passe", ctx.get("reset_link", "")),
    )


def _text(title: str, paragraphs: list[Runs], button: Button, single_use: str) -> str:
    wrapped = (textwrap.fill("".join(t for t, _ in p), TEXT_WIDTH) + "\n" for p in paragraphs)
    lines = [title, "", *wrapped]
    if button is not None:
        label, link = button
        lines += [f"{label} :", link, "", single_use, ""]
    lines += ["--", textwrap.fill(FOOTER_SERVICE, TEXT_WIDTH), FOOTER_AUTOMATIC, ""]
    return "\n".join(lines)


def _html(title: str, paragraphs: list[Runs], button: Button, brand: str, single_use: str) -> str:
    def runs(p: Runs) -> str:
        return "".join(f"<strong>{escape(t)}</strong>" if bold else escape(t) for t, bold in p)

    body = "\n".join(f'<p style="margin:0 0 16px">{runs(p)}</p>' for p in paragraphs)
    if button is not None:
        label, link = button
        body += (
            f'\n<p style="margin:24px 0"><a href="{escape(link, quote=True)}" '
            'style="background:#3d68ff;color:#ffffff;padding:12px 24px;border-radius:4px;'
            f'text-decoration:none;font-weight:bold">{escape(label)}</a></p>'
            f'\n<p style="margin:0 0 16px;color:#505f79">{escape(single_use)}</p>'
        )
    return f"""<!DOCTYPE html>
<html lang="fr">
<head><meta charset="utf-8"><title>{escape(title)}</title></head>
<body style="margin:0;padding:24px;background:#f4f5f7;font-family:Arial,sans-serif;color:#253858">
<div style="max-width:600px;margin:0 auto;background:#ffffff;padding:32px;border-radius:8px">
<p style="margin:0 0 24px;font-size:20px;font-weight:bold;color:#3d68ff">{escape(brand)}</p>
<h1 style="font-size:22px;margin:0 0 24px">{escape(title)}</h1>
{body}
<hr style="border:none;border-top:1px solid #dfe1e6;margin:32px 0 16px">
<p style="margin:0 0 8px;font-size:13px;color:#505f79">{escape(FOOTER_SERVICE)}</p>
<p style="margin:0;font-size:13px;color:#505f79">{escape(FOOTER_AUTOMATIC)}</p>
</div>
</body>
</html>
"""
