"""Users, their authentication methods and their login attempts."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pixorga_core.domain.users import (
    PIX_IDENTITY_PROVIDER,
    AuthenticationMethod,
    LoginAttempts,
    User,
)
from pixorga_core.errors import NotFoundError
from pixorga_core.storage.models import (
    AuthenticationMethodRow,
    UnknownLoginRow,
    UserLoginRow,
    UserRow,
)
from pixorga_core.storage.unique import insert_ignoring_duplicates


def to_domain(row: UserRow) -> User:
    return User(
        id=row.id,
        first_name=row.first_name,
        last_name=row.last_name,
        email=row.email,
        username=row.username,
        cgu_accepted=row.cgu_accepted,
        pix_orga_terms_accepted=row.pix_orga_terms_accepted,
        created_at=row.created_at,
    )


def add(
    session: Session,
    *,
    first_name: str,
    last_name: str,
    email: str | None,
    username: str | None,
    cgu_accepted: bool,
    now: datetime,
) -> User:
    row = UserRow(
        first_name=first_name,
        last_name=last_name,
        email=email.lower() if email else None,
        username=username.lower() if username else None,
        cgu_accepted=cgu_accepted,
        pix_orga_terms_accepted=False,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return to_domain(row)


def add_if_free(
    session: Session,
    *,
    first_name: str,
    last_name: str,
    email: str | None,
    username: str | None,
    cgu_accepted: bool,
    now: datetime,
) -> User | None:
    """Insert the user in a SAVEPOINT; ``None`` when the e-mail or username is taken.

    The UNIQUE constraints decide, so two sign-ups at once never share a login: the caller
    picks another username (or reports the taken address).
    """
    try:
        with session.begin_nested():
            return add(
                session,
                first_name=first_name,
                last_name=last_name,
                email=email,
                username=username,
                cgu_accepted=cgu_accepted,
                now=now,
            )
    except IntegrityError:
        return None


def get(session: Session, user_id: int) -> User:
    row = session.get(UserRow, user_id)
    if row is None:
        msg = "Cet utilisateur est introuvable."
        raise NotFoundError(msg)
    return to_domain(row)


def full_names(session: Session, user_ids: Collection[int]) -> dict[int, str]:
    """The full name of each of ``user_ids`` that exists."""
    if not user_ids:
        return {}
    rows = session.scalars(select(UserRow).where(UserRow.id.in_(list(user_ids))))
    return {row.id: to_domain(row).full_name for row in rows}


def find_by_login(session: Session, login: str) -> User | None:
    """The user whose e-mail or username is ``login`` (case-insensitive), if any."""
    value = login.strip().lower()
    if not value:
        return None
    row = session.scalars(
        select(UserRow).where(or_(UserRow.email == value, UserRow.username == value))
    ).first()
    return to_domain(row) if row else None


def email_exists(session: Session, email: str) -> bool:
    count = session.scalar(
        select(func.count()).select_from(UserRow).where(UserRow.email == email.strip().lower())
    )
    return bool(count)


def username_exists(session: Session, username: str) -> bool:
    count = session.scalar(
        select(func.count())
        .select_from(UserRow)
        .where(UserRow.username == username.strip().lower())
    )
    return bool(count)


def set_pix_orga_terms_accepted(session: Session, user_id: int) -> None:
    row = session.get(UserRow, user_id)
    if row is None:
        raise NotFoundError
    row.pix_orga_terms_accepted = True


def get_session_version(session: Session, user_id: int) -> int | None:
    """The user's session version (``None`` when there is no such user): one query."""
    return session.scalar(select(UserRow.session_version).where(UserRow.id == user_id))


def bump_session_version(session: Session, user_id: int) -> None:
    """Add one to the user's session version, atomically (parallel bumps all count)."""
    session.execute(
        update(UserRow)
        .where(UserRow.id == user_id)
        .values(session_version=UserRow.session_version + 1)
        .execution_options(synchronize_session=False)
    )


def _method_to_domain(row: AuthenticationMethodRow) -> AuthenticationMethod:
    return AuthenticationMethod(
        id=row.id,
        user_id=row.user_id,
        identity_provider=row.identity_provider,
        password_hash=row.password_hash,
        must_change_password=row.must_change_password,
        external_identifier=row.external_identifier,
        external_first_name=row.external_first_name,
        external_last_name=row.external_last_name,
    )


def add_password_method(
    session: Session,
    *,
    user_id: int,
    password_hash: str,
    must_change_password: bool,
    now: datetime,
) -> AuthenticationMethod:
    row = AuthenticationMethodRow(
        user_id=user_id,
        identity_provider=PIX_IDENTITY_PROVIDER,
        password_hash=password_hash,
        must_change_password=must_change_password,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return _method_to_domain(row)


def get_password_method(session: Session, user_id: int) -> AuthenticationMethod | None:
    row = session.scalars(
        select(AuthenticationMethodRow).where(
            AuthenticationMethodRow.user_id == user_id,
            AuthenticationMethodRow.identity_provider == PIX_IDENTITY_PROVIDER,
        )
    ).first()
    return _method_to_domain(row) if row else None


def update_password_hash(
    session: Session,
    method_id: int,
    password_hash: str,
    now: datetime,
    *,
    must_change_password: bool | None = None,
) -> None:
    """Store a new hash (and, when given, whether the password must be changed)."""
    row = session.get(AuthenticationMethodRow, method_id)
    if row is None:
        raise NotFoundError
    row.password_hash = password_hash
    row.updated_at = now
    if must_change_password is not None:
        row.must_change_password = must_change_password


def _attempts_to_domain(row: UserLoginRow) -> LoginAttempts:
    return LoginAttempts(
        user_id=row.user_id,
        failure_count=row.failure_count,
        temporary_blocked_until=row.temporary_blocked_until,
        blocked_at=row.blocked_at,
        last_logged_at=row.last_logged_at,
    )


def get_login_attempts(session: Session, user_id: int) -> LoginAttempts:
    row = session.get(UserLoginRow, user_id)
    if row is None:
        return LoginAttempts(user_id=user_id)
    return _attempts_to_domain(row)


def lock_login_attempts(session: Session, user_id: int) -> LoginAttempts:
    """The user's login attempts, row-locked until the transaction ends.

    Concurrent logins of one user wait here for each other, so that each reads the count the
    previous one wrote: N parallel failures count N, and a guess made after the 10th failure is
    refused without its password being checked. On PostgreSQL this is ``SELECT … FOR UPDATE``
    (after creating the row if needed); SQLite serialises writers anyway (``BEGIN IMMEDIATE``).
    """
    insert_ignoring_duplicates(session, UserLoginRow, user_id=user_id)
    row = session.scalars(
        select(UserLoginRow)
        .where(UserLoginRow.user_id == user_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    return _attempts_to_domain(row)


#: Attempts at an unknown login are forgotten after a day without one (the table stays small).
UNKNOWN_LOGIN_MEMORY = timedelta(days=1)


def lock_unknown_login_attempts(session: Session, login: str, now: datetime) -> LoginAttempts:
    """Like :func:`lock_login_attempts` for a login naming no account (``user_id`` is None)."""
    key = login.strip().lower()[:255]
    session.execute(
        delete(UnknownLoginRow).where(
            UnknownLoginRow.updated_at < now - UNKNOWN_LOGIN_MEMORY,
            UnknownLoginRow.blocked_at.is_(None),
        )
    )
    insert_ignoring_duplicates(session, UnknownLoginRow, login=key, updated_at=now)
    row = session.scalars(
        select(UnknownLoginRow)
        .where(UnknownLoginRow.login == key)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    return LoginAttempts(
        user_id=None,
        failure_count=row.failure_count,
        temporary_blocked_until=row.temporary_blocked_until,
        blocked_at=row.blocked_at,
    )


def save_unknown_login_attempts(
    session: Session, login: str, attempts: LoginAttempts, now: datetime
) -> None:
    key = login.strip().lower()[:255]
    session.execute(
        update(UnknownLoginRow)
        .where(UnknownLoginRow.login == key)
        .values(
            failure_count=attempts.failure_count,
            temporary_blocked_until=attempts.temporary_blocked_until,
            blocked_at=attempts.blocked_at,
            updated_at=now,
        )
    )


def save_login_attempts(session: Session, attempts: LoginAttempts) -> None:
    row = session.get(UserLoginRow, attempts.user_id)
    if row is None:
        row = UserLoginRow(user_id=attempts.user_id)
        session.add(row)
    row.failure_count = attempts.failure_count
    row.temporary_blocked_until = attempts.temporary_blocked_until
    row.blocked_at = attempts.blocked_at
    row.last_logged_at = attempts.last_logged_at
    session.flush()


def clear_login_blocks(session: Session, user_id: int) -> bool:
    """Forget the user's failures and blocks (keeping the last login); whether one was blocked."""
    row = session.scalars(
        select(UserLoginRow)
        .where(UserLoginRow.user_id == user_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if row is None:
        return False
    was_blocked = row.blocked_at is not None or row.temporary_blocked_until is not None
    row.failure_count = 0
    row.temporary_blocked_until = None
    row.blocked_at = None
    session.flush()
    return was_blocked


def blocked_user_ids(session: Session, user_ids: Iterable[int], now: datetime) -> set[int]:
    """Those of ``user_ids`` whose login is blocked, for good or for now."""
    ids = list(user_ids)
    if not ids:
        return set()
    rows = session.scalars(
        select(UserLoginRow.user_id).where(
            UserLoginRow.user_id.in_(ids),
            or_(
                UserLoginRow.blocked_at.is_not(None),
                UserLoginRow.temporary_blocked_until > now,
            ),
        )
    )
    return set(rows)
