"""Accounts: sign-up, login by e-mail or username with throttling, sessions and unblocking.

A user's browser sessions carry the user's *session version*; the app accepts a session only
while its version is the current one. :func:`end_all_sessions` bumps it: logout, removal from
the last school, the permanent login block and a password change (:func:`set_password`) end every
session of the user at once, on every device and every app process.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import attrs
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pixorga_core.domain.users import LoginAttempts, User
from pixorga_core.emails import is_valid_email, normalize_email
from pixorga_core.errors import (
    AuthenticationError,
    InvalidInputError,
    LoginBlockedError,
    LoginTemporarilyBlockedError,
    NotFoundError,
)
from pixorga_core.facade import Hooks
from pixorga_core.names import collapse_spaces, person_name_errors
from pixorga_core.services import passwords
from pixorga_core.storage.repositories import users as users_repo

EMAIL_TAKEN_MESSAGE = "Cette adresse e-mail est déjà enregistrée, connectez-vous."


@attrs.frozen(kw_only=True)
class SignUpForm:
    first_name: str
    last_name: str
    email: str
    password: str = attrs.field(repr=False)
    cgu_accepted: bool


def sign_up(
    session: Session, hooks: Hooks, form: SignUpForm, *, now: datetime | None = None
) -> User:
    """Create an account with an e-mail and a password.

    :raises InvalidInputError: with one French message per wrong field; nothing is written.
    """
    now = now or datetime.now(UTC)
    first_name = collapse_spaces(form.first_name)
    last_name = collapse_spaces(form.last_name)
    email = normalize_email(form.email)
    errors = person_name_errors(first_name, last_name)
    if not email:
        errors["email"] = "Votre adresse e-mail n'est pas renseignée."
    elif not is_valid_email(email):
        errors["email"] = "Votre adresse e-mail n'est pas valide."
    elif users_repo.email_exists(session, email):
        errors["email"] = EMAIL_TAKEN_MESSAGE
    violation = passwords.policy_violation(form.password)
    if violation:
        errors["password"] = violation
    if not form.cgu_accepted:
        errors["cgu"] = (
            "Vous devez accepter les conditions d'utilisation de Pix pour créer un compte."
        )
    if errors:
        raise InvalidInputError(field_errors=errors)

    try:
        with session.begin_nested():
            user = users_repo.add(
                session,
                first_name=first_name,
                last_name=last_name,
                email=email,
                username=None,
                cgu_accepted=True,
                now=now,
            )
            users_repo.add_password_method(
                session,
                user_id=user.id,
                password_hash=passwords.hash_password(form.password),
                must_change_password=False,
                now=now,
            )
    except IntegrityError:  # the same address signed up concurrently
        raise InvalidInputError(field_errors={"email": EMAIL_TAKEN_MESSAGE}) from None
    hooks.account_created(session, user=user, learner=None)
    return user


@attrs.frozen(kw_only=True)
class LoginOutcome:
    """The result of a login attempt. Failures are *returned*, not raised, because the failure
    count must be committed: the caller commits, then calls :meth:`raise_for_error`."""

    user: User | None = None
    error: AuthenticationError | None = None
    must_change_password: bool = False

    def raise_for_error(self) -> User:
        if self.error is not None:
            raise self.error
        assert self.user is not None
        return self.user


def _blocked(attempts: LoginAttempts, now: datetime) -> LoginOutcome | None:
    if attempts.is_blocked:
        return LoginOutcome(error=LoginBlockedError())
    if attempts.is_temporarily_blocked(now):
        assert attempts.temporary_blocked_until is not None
        remaining = attempts.temporary_blocked_until - now
        return LoginOutcome(error=LoginTemporarilyBlockedError.lasting(remaining))
    return None


def _failure(attempts: LoginAttempts, now: datetime) -> LoginOutcome:
    return _blocked(attempts, now) or LoginOutcome(error=AuthenticationError())


@attrs.frozen(kw_only=True)
class PasswordCheck:
    """The expensive half of a login, done by :func:`check_password` before any lock is taken:
    whose password was checked against which hash, and whether it matched."""

    login: str
    password: str = attrs.field(repr=False)
    user_id: int | None
    password_hash: str | None = attrs.field(repr=False)
    matches: bool

    def result_for(
        self, login: str, password: str, user_id: int | None, password_hash: str | None
    ) -> bool | None:
        """The result, if it was checked for this login, password, account and hash; None
        otherwise (the account or its password changed in between: check again)."""
        same_password = secrets.compare_digest(self.password.encode(), password.encode())
        if not same_password or (self.login, self.user_id, self.password_hash) != (
            login,
            user_id,
            password_hash,
        ):
            return None
        return self.matches


def check_password(session: Session, login: str, password: str) -> PasswordCheck:
    """Check ``password`` against the account ``login`` names, reading only, taking no lock.

    Hashing is slow on purpose (argon2): done here, in a read-only transaction, it holds up no
    other request (on SQLite a write transaction holds the database's one write lock). Then
    :func:`authenticate` with ``checked`` counts the attempt under the lock, refuses it if the
    account was blocked meanwhile, and uses this result only if the account and its hash are
    still those checked. An unknown login costs the same time here too.
    """
    user = users_repo.find_by_login(session, login)
    method = users_repo.get_password_method(session, user.id) if user else None
    password_hash = method.password_hash if method else None
    return PasswordCheck(
        login=login,
        password=password,
        user_id=user.id if user else None,
        password_hash=password_hash,
        matches=passwords.verify_password(password_hash, password),  # False without a hash
    )


def _unknown_login(
    session: Session, login: str, password: str, now: datetime, checked: PasswordCheck | None
) -> LoginOutcome:
    """A login naming no account: the same time, the same counting, the same answers."""
    attempts = users_repo.lock_unknown_login_attempts(session, login, now)
    if refused := _blocked(attempts, now):
        return refused
    if checked is None or checked.result_for(login, password, None, None) is None:
        passwords.verify_password(None, password)
    attempts = attempts.with_failure(now)
    users_repo.save_unknown_login_attempts(session, login, attempts, now)
    return _failure(attempts, now)


LOGIN_MISSING = "Saisissez votre adresse e-mail ou votre identifiant."
PASSWORD_MISSING = "Saisissez votre mot de passe."  # noqa: S105 - a message


def check_login_form(login: str, password: str) -> None:
    """Refuse a login form with an empty field, naming it; nothing is counted nor written.

    :raises InvalidInputError: ``field_errors`` has ``login`` and/or ``password``.
    """
    errors = {}
    if not login.strip():
        errors["login"] = LOGIN_MISSING
    if not password:
        errors["password"] = PASSWORD_MISSING
    if errors:
        raise InvalidInputError(field_errors=errors)


def authenticate(
    session: Session,
    login: str,
    password: str,
    *,
    now: datetime | None = None,
    checked: PasswordCheck | None = None,
) -> LoginOutcome:
    """Check a login (e-mail or username) and password, counting failures (pix-rules §10).

    Every 10 consecutive failures block logins for 2, 4, 8… minutes; 50 block the account until
    someone unblocks it (:func:`unblock`) and end its browser sessions
    (:func:`end_all_sessions`). A blocked account is refused even with the right password. An
    unknown login costs the same time as a wrong password, is counted and blocked the same way,
    and gets the same messages: nothing tells which logins exist.

    ``checked``: the result of :func:`check_password` for the same login and password, taken
    in an earlier read-only transaction, so that the slow hash is not computed here, where the
    attempts row is locked (the web login does this).

    :raises InvalidInputError: a field is empty (:func:`check_login_form`); nothing is counted.
    """
    check_login_form(login, password)
    now = now or datetime.now(UTC)
    user = users_repo.find_by_login(session, login)
    if user is None:
        return _unknown_login(session, login, password, now, checked)

    # Locked until commit: parallel guesses at one account are checked one after the other.
    attempts = users_repo.lock_login_attempts(session, user.id)
    if refused := _blocked(attempts, now):
        return refused

    method = users_repo.get_password_method(session, user.id)
    password_hash = method.password_hash if method else None
    matches = checked.result_for(login, password, user.id, password_hash) if checked else None
    if matches is None:
        matches = method is not None and passwords.verify_password(password_hash, password)
    if method is None or not matches:
        failed = attempts.with_failure(now)
        users_repo.save_login_attempts(session, failed)
        if failed.is_blocked and not attempts.is_blocked:
            end_all_sessions(session, user.id)  # blocked for good: logged out everywhere too
        return _failure(failed, now)

    users_repo.save_login_attempts(session, attempts.with_success(now))
    assert method.password_hash is not None
    if passwords.needs_rehash(method.password_hash):
        users_repo.update_password_hash(session, method.id, passwords.hash_password(password), now)
    return LoginOutcome(user=user, must_change_password=method.must_change_password)


def get_user(session: Session, user_id: int) -> User:
    """The account ``user_id`` (for a page that names who is logged in).

    :raises NotFoundError: no such account.
    """
    return users_repo.get(session, user_id)


def session_version(session: Session, user_id: int) -> int | None:
    """The version a new browser session of ``user_id`` carries (``None``: no such user)."""
    return users_repo.get_session_version(session, user_id)


def session_is_current(session: Session, user_id: int, version: int) -> bool:
    """Whether a browser session of ``user_id`` with ``version`` is still valid (one query)."""
    return users_repo.get_session_version(session, user_id) == version


def end_all_sessions(session: Session, user_id: int) -> None:
    """End every browser session of ``user_id`` (logout, password change, removal, block)."""
    users_repo.bump_session_version(session, user_id)


def set_password(
    session: Session, user_id: int, password: str, *, now: datetime | None = None
) -> None:
    """Give ``user_id`` the password ``password`` and end every browser session of the user.

    The caller checks the policy (:func:`passwords.policy_violation`) first.
    """
    set_password_hash(session, user_id, passwords.hash_password(password), now=now)


def set_password_hash(
    session: Session, user_id: int, password_hash: str, *, now: datetime | None = None
) -> None:
    """:func:`set_password` with the hash already computed (so that the slow hashing can run
    before the caller takes a lock). A user without a password yet (single sign-on only) gets
    one; whoever changed it logs in again, on every device."""
    now = now or datetime.now(UTC)
    method = users_repo.get_password_method(session, user_id)
    if method is None:
        users_repo.add_password_method(
            session,
            user_id=user_id,
            password_hash=password_hash,
            must_change_password=False,
            now=now,
        )
    else:
        users_repo.update_password_hash(
            session, method.id, password_hash, now, must_change_password=False
        )
    end_all_sessions(session, user_id)


def unblock(session: Session, user_id: int) -> bool:
    """Lift the login blocks of ``user_id`` (permanent or temporary) and forget its failures.

    Used by administrators (« Débloquer »), ``pixorga users unblock`` and a successful password
    reset. Returns whether the account was blocked.
    """
    return users_repo.clear_login_blocks(session, user_id)


def is_login_blocked(session: Session, user_id: int, *, now: datetime | None = None) -> bool:
    """Whether ``user_id``'s login is blocked now, for good or for a while."""
    return bool(users_repo.blocked_user_ids(session, [user_id], now or datetime.now(UTC)))


NO_SUCH_LOGIN = "Aucun compte ne correspond à cet identifiant."


def unblock_login(session: Session, login: str) -> bool:
    """:func:`unblock` the account whose e-mail or username is ``login`` (``pixorga users``).

    :raises NotFoundError: when no account has this login.
    """
    user = users_repo.find_by_login(session, login)
    if user is None:
        raise NotFoundError(NO_SUCH_LOGIN)
    return unblock(session, user.id)
