"""Users, their ways of signing in, and login throttling."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

#: Consecutive failures after which a login is refused for a while (pix-rules §10).
FAILURES_BEFORE_TEMPORARY_BLOCK = 10
#: Consecutive failures after which the account is blocked until someone unblocks it.
FAILURES_BEFORE_BLOCK = 50
#: Length of the first temporary block; each further block doubles it.
TEMPORARY_BLOCK_BASE = timedelta(minutes=2)


#: The ``identity_provider`` of a password method (a password known to pixorga), as stored.
#: Single sign-on methods carry the registry name of their provider instead (``"gar"``…); the
#: identity provider registry refuses the name ``pix``, so the two never meet.
PIX_IDENTITY_PROVIDER = "PIX"


@attrs.frozen(kw_only=True)
class User:
    """A person who can sign in: a teacher, an administrator or a pupil."""

    id: int
    first_name: str
    last_name: str
    email: str | None
    username: str | None
    cgu_accepted: bool
    pix_orga_terms_accepted: bool
    created_at: datetime

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@attrs.frozen(kw_only=True)
class AuthenticationMethod:
    """One way a user signs in: a password hash, or an identifier given by an SSO provider.

    ``identity_provider`` is :data:`PIX_IDENTITY_PROVIDER` for a password, otherwise the name
    under which the provider is registered (:class:`~pixorga_core.registries.IdentityProvider`).
    """

    id: int
    user_id: int
    identity_provider: str
    password_hash: str | None = attrs.field(default=None, repr=False)
    must_change_password: bool = False
    external_identifier: str | None = None
    external_first_name: str | None = None
    external_last_name: str | None = None


@attrs.frozen(kw_only=True)
class LoginAttempts:
    """Consecutive login failures of one user and the blocks they caused (pix-rules §10).

    Pure logic: every method returns a new value; storage saves it. ``user_id`` is ``None`` for
    the attempts at a login that names no account, throttled the same way so that the answers
    never tell which logins exist.
    """

    user_id: int | None
    failure_count: int = 0
    temporary_blocked_until: datetime | None = None
    blocked_at: datetime | None = None
    last_logged_at: datetime | None = None

    @property
    def is_blocked(self) -> bool:
        return self.blocked_at is not None

    def is_temporarily_blocked(self, now: datetime) -> bool:
        return self.temporary_blocked_until is not None and now < self.temporary_blocked_until

    def with_failure(self, now: datetime) -> LoginAttempts:
        """Count one more failure; every 10th blocks for 2, 4, 8… minutes, the 50th for good."""
        count = self.failure_count + 1
        blocked_until = self.temporary_blocked_until
        blocked_at = self.blocked_at
        if count >= FAILURES_BEFORE_BLOCK:
            blocked_at = blocked_at or now
        elif count % FAILURES_BEFORE_TEMPORARY_BLOCK == 0:
            factor = 2 ** (count // FAILURES_BEFORE_TEMPORARY_BLOCK - 1)
            blocked_until = now + TEMPORARY_BLOCK_BASE * factor
        return attrs.evolve(
            self, failure_count=count, temporary_blocked_until=blocked_until, blocked_at=blocked_at
        )

    def with_success(self, now: datetime) -> LoginAttempts:
        return attrs.evolve(
            self,
            failure_count=0,
            temporary_blocked_until=None,
            blocked_at=None,
            last_logged_at=now,
        )
