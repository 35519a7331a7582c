"""« Mot de passe oublié »: ask for a single-use link by e-mail, then choose a new password.

Asking (:func:`request_reset`) gives the same answer whether or not an account has the
address, and does the same work: both throttles are counted, a token is drawn and a message is
rendered; only when an account exists is the link recorded (its token's hash only) and the
message written to the outbox. The message is delivered by the outbox's sender, never within
the request, so the answer's delay does not tell either. Requests are throttled per address
(:data:`~pixorga_core.domain.password_resets.REQUESTS_PER_ADDRESS` an hour) and per client
(:data:`~pixorga_core.domain.password_resets.REQUESTS_PER_CLIENT`), in the database under a
row lock.

Using a link (:func:`reset_password`) is one conditional UPDATE: it works once, for one hour;
it sets the password (under the policy), makes the account's other links unusable, lifts its
login blocks (:func:`~pixorga_core.services.accounts.unblock`) and ends every browser session
of the account (:func:`~pixorga_core.services.accounts.set_password`).
"""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
from sqlalchemy.orm import Session

from pixorga_core import paths
from pixorga_core.domain.messages import MessageKind, MessageRequest
from pixorga_core.domain.password_resets import (
    REQUEST_WINDOW,
    REQUESTS_PER_ADDRESS,
    REQUESTS_PER_CLIENT,
    RESET_VALIDITY,
    ResetLinkState,
    hash_token,
    looks_like_token,
    new_token,
)
from pixorga_core.domain.users import User
from pixorga_core.emails import is_valid_email, normalize_email
from pixorga_core.errors import InvalidInputError, PasswordResetLinkError, TooSoonError
from pixorga_core.facade import Hooks
from pixorga_core.services import accounts, outbox, passwords
from pixorga_core.storage.repositories import password_resets as resets_repo
from pixorga_core.storage.repositories import throttles as throttles_repo
from pixorga_core.storage.repositories import users as users_repo

CLIENT_SCOPE = "password_reset_client"
ADDRESS_SCOPE = "password_reset_address"
EMAIL_MISSING = "Saisissez l'adresse e-mail de votre compte."
EMAIL_INVALID = "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr."
TOO_MANY = (
    "Trop de demandes de réinitialisation du mot de passe ont été faites pour cette adresse "
    "ou depuis votre connexion. Réessayez dans une heure."
)
LINK_MESSAGES = {
    ResetLinkState.USED: (
        "Ce lien a déjà servi : un lien de réinitialisation ne fonctionne qu'une fois. "
        "Demandez-en un nouveau."
    ),
    ResetLinkState.EXPIRED: (
        "Ce lien a expiré : un lien de réinitialisation fonctionne une heure. "
        "Demandez-en un nouveau."
    ),
    ResetLinkState.UNKNOWN: (
        "Ce lien de réinitialisation n'est pas valable. Vérifiez que vous l'avez copié en "
        "entier, ou demandez-en un nouveau."
    ),
}


@attrs.frozen(kw_only=True)
class ResetRequest:
    """The « Mot de passe oublié » form: the account's address, and who asks.

    ``client`` names the requesting client for the throttle (the web app passes the address
    of the connection); only its hash is stored.
    """

    email: str
    client: str


def request_reset(
    session: Session, hooks: Hooks, request: ResetRequest, *, now: datetime | None = None
) -> None:
    """Send a reset link to ``request.email`` if an account has that address.

    Returns nothing either way: the caller shows the same page whether or not an account
    exists. The message waits in the outbox for its sender (``in_request=False``).

    :raises InvalidInputError: the address is missing or malformed (nothing written).
    :raises TooSoonError: this address or this client asked too often this hour.
    """
    now = now or datetime.now(UTC)
    email = normalize_email(request.email)
    if not email:
        raise InvalidInputError(field_errors={"email": EMAIL_MISSING})
    if not is_valid_email(email):
        raise InvalidInputError(field_errors={"email": EMAIL_INVALID})
    for scope, key, limit in (
        (CLIENT_SCOPE, request.client, REQUESTS_PER_CLIENT),
        (ADDRESS_SCOPE, email, REQUESTS_PER_ADDRESS),
    ):
        if not throttles_repo.count_request(
            session, scope, key, now, window=REQUEST_WINDOW, limit=limit
        ):
            raise TooSoonError(TOO_MANY)
    user = users_repo.find_by_login(session, email)
    token = new_token()
    message = MessageRequest(
        kind=MessageKind.PASSWORD_RESET,
        recipient=email,
        context={
            "reset_link": paths.password_reset_link(hooks.settings.base_url, token),
            "service_name": hooks.settings.service_name,
        },
    )
    if user is None or user.email != email:
        hooks.render_message(message)  # the same work; nothing is kept nor sent
        return
    resets_repo.add(
        session,
        user_id=user.id,
        token_hash=hash_token(token),
        now=now,
        expires_at=now + RESET_VALIDITY,
    )
    outbox.enqueue(session, hooks, message, now=now, in_request=False)


def _hash_of(token: str) -> str | None:
    token = token.strip()
    return hash_token(token) if looks_like_token(token) else None


def check_link(session: Session, token: str, *, now: datetime | None = None) -> None:
    """Whether the link of ``token`` can be used now (the new-password page, by GET).

    :raises PasswordResetLinkError: with the French reason (used, expired, unknown).
    """
    token_hash = _hash_of(token)
    state = (
        ResetLinkState.UNKNOWN
        if token_hash is None
        else resets_repo.state(session, token_hash, now or datetime.now(UTC))[0]
    )
    if state is not ResetLinkState.USABLE:
        raise PasswordResetLinkError(LINK_MESSAGES[state], code=f"RESET_LINK_{state.name}")


def reset_password(
    session: Session, token: str, password: str, *, now: datetime | None = None
) -> User:
    """Use the link of ``token`` to set ``password``; the account's user.

    :raises InvalidInputError: the password breaks the policy; the link still works.
    :raises PasswordResetLinkError: the link is used, expired or unknown (also for the second
        of two requests using it at once).
    """
    now = now or datetime.now(UTC)
    check_link(session, token, now=now)
    violation = passwords.policy_violation(password)
    if violation:
        raise InvalidInputError(field_errors={"password": violation})
    token_hash = _hash_of(token)
    assert token_hash is not None
    password_hash = passwords.hash_password(password)  # slow: before the link's row is locked
    user_id = resets_repo.use(session, token_hash, now)
    if user_id is None:  # used by a parallel request meanwhile, or expired just now
        check_link(session, token, now=now)
        raise PasswordResetLinkError(LINK_MESSAGES[ResetLinkState.USED])  # pragma: no cover
    resets_repo.use_all(session, user_id, now)
    accounts.set_password_hash(session, user_id, password_hash, now=now)
    accounts.unblock(session, user_id)
    return users_repo.get(session, user_id)
