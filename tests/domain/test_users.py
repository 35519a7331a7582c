from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pixorga_core.domain.users import LoginAttempts, User

T0 = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


def fail(attempts: LoginAttempts, times: int, now: datetime) -> LoginAttempts:
    for _ in range(times):
        attempts = attempts.with_failure(now)
    return attempts


def test_fresh_attempts_are_not_blocked():
    attempts = LoginAttempts(user_id=1)
    assert attempts.failure_count == 0
    assert not attempts.is_blocked
    assert not attempts.is_temporarily_blocked(T0)


def test_nine_failures_do_not_block():
    attempts = fail(LoginAttempts(user_id=1), 9, T0)
    assert attempts.failure_count == 9
    assert attempts.temporary_blocked_until is None
    assert not attempts.is_temporarily_blocked(T0)
    assert not attempts.is_blocked


def test_tenth_failure_blocks_for_two_minutes():
    attempts = fail(LoginAttempts(user_id=1), 10, T0)
    assert attempts.temporary_blocked_until == T0 + timedelta(minutes=2)
    assert attempts.is_temporarily_blocked(T0)
    assert attempts.is_temporarily_blocked(T0 + timedelta(minutes=1, seconds=59))
    assert not attempts.is_temporarily_blocked(T0 + timedelta(minutes=2))
    assert not attempts.is_blocked


@pytest.mark.parametrize(("failures", "minutes"), [(10, 2), (20, 4), (30, 8), (40, 16)])
def test_each_tenth_failure_doubles_the_block(failures, minutes):
    attempts = LoginAttempts(user_id=1)
    now = T0
    for count in range(1, failures + 1):
        now += timedelta(hours=1)  # every earlier block has expired
        attempts = attempts.with_failure(now)
        assert attempts.failure_count == count
    assert attempts.temporary_blocked_until == now + timedelta(minutes=minutes)
    assert not attempts.is_blocked


def test_failures_between_tenths_keep_the_previous_block():
    attempts = fail(LoginAttempts(user_id=1), 10, T0)
    later = T0 + timedelta(minutes=5)
    attempts = fail(attempts, 5, later)
    assert attempts.failure_count == 15
    assert attempts.temporary_blocked_until == T0 + timedelta(minutes=2)
    assert not attempts.is_temporarily_blocked(later)


def test_fiftieth_failure_blocks_for_good():
    attempts = fail(LoginAttempts(user_id=1), 49, T0)
    assert not attempts.is_blocked
    blocked_at = T0 + timedelta(hours=3)
    attempts = attempts.with_failure(blocked_at)
    assert attempts.failure_count == 50
    assert attempts.is_blocked
    assert attempts.blocked_at == blocked_at
    # Further failures do not move the date of the block.
    attempts = attempts.with_failure(blocked_at + timedelta(days=1))
    assert attempts.blocked_at == blocked_at
    assert attempts.is_blocked


def test_success_resets_everything():
    attempts = fail(LoginAttempts(user_id=1), 50, T0)
    later = T0 + timedelta(days=2)
    reset = attempts.with_success(later)
    assert reset.failure_count == 0
    assert reset.temporary_blocked_until is None
    assert reset.blocked_at is None
    assert reset.last_logged_at == later
    assert not reset.is_blocked
    # After a reset the count starts again from zero.
    assert fail(reset, 9, later).temporary_blocked_until is None
    assert fail(reset, 10, later).temporary_blocked_until == later + timedelta(minutes=2)


def test_attempts_are_immutable_values():
    attempts = LoginAttempts(user_id=7)
    failed = attempts.with_failure(T0)
    assert attempts.failure_count == 0
    assert failed.failure_count == 1
    assert failed.user_id == 7


def test_user_full_name():
    user = User(
        id=1,
        first_name="Camille",
        last_name="Durand",
        email=None,
        username="camille.durand0101",
        cgu_accepted=True,
        pix_orga_terms_accepted=False,
        created_at=T0,
    )
    assert user.full_name == "Camille Durand"
