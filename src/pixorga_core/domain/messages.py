"""Messages pixorga sends (invitations, account notices) and how their delivery went."""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs


class MessageKind(enum.StrEnum):
    ORGANIZATION_INVITATION = "organization_invitation"  #: "Inviter un membre"
    SCO_ADMIN_INVITATION = "sco_admin_invitation"  #: activation / "Demande d'accès administrateur"
    ACCOUNT_CREATED = "account_created"


@attrs.frozen(kw_only=True)
class MessageRequest:
    """What to say, to whom: the input of :func:`~pixorga_core.hooks.pixorga_render_message`.

    ``context`` holds the values a template needs (organization name, link…), all strings.
    """

    kind: MessageKind
    recipient: str
    context: Mapping[str, str] = attrs.field(factory=dict)
    locale: str = "fr-FR"


@attrs.frozen(kw_only=True)
class OutboundMessage:
    """A message ready to go: subject, plain text and optional HTML body."""

    kind: MessageKind
    recipient: str
    subject: str
    text: str
    html: str | None = None


@attrs.frozen(kw_only=True)
class DeliveryResult:
    """How one delivery attempt went, as reported by the channel that handled it.

    ``retryable`` False means trying again will not help (for example an address the server
    refuses for good).
    """

    channel: str
    delivered: bool
    detail: str = ""
    retryable: bool = True
