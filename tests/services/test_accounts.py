from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from pixorga_core.errors import (
    AuthenticationError,
    InvalidInputError,
    LoginBlockedError,
    LoginTemporarilyBlockedError,
)
from pixorga_core.services import accounts, passwords
from pixorga_core.services.accounts import EMAIL_TAKEN_MESSAGE, SignUpForm, authenticate, sign_up
from pixorga_core.storage.db import transaction
from pixorga_core.storage.models import UserRow
from pixorga_core.storage.repositories import users as users_repo
from pixorga_core.testing import TEST_PASSWORD

pytestmark = pytest.mark.usefixtures("cheap_hashing")

T0 = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
PASSWORD = "Azerty123"
WRONG = "Azerty124"

FIRST_NAME_MISSING = "Votre prénom n'est pas renseigné."
LAST_NAME_MISSING = "Votre nom n'est pas renseigné."
EMAIL_MISSING = "Votre adresse e-mail n'est pas renseignée."
EMAIL_INVALID = "Votre adresse e-mail n'est pas valide."
POLICY = (
    "Votre mot de passe doit contenir 8 caractères au minimum et comporter au moins une "
    "majuscule, une minuscule et un chiffre."
)
CGU = "Vous devez accepter les conditions d'utilisation de Pix pour créer un compte."
BAD_CREDENTIALS = "L'adresse e-mail ou l'identifiant et/ou le mot de passe saisis sont incorrects."


def form(**overrides) -> SignUpForm:
    values = {
        "first_name": "Camille",
        "last_name": "Durand",
        "email": "camille.durand@ecole.test",
        "password": PASSWORD,
        "cgu_accepted": True,
    }
    values.update(overrides)
    return SignUpForm(**values)


def count_users(session) -> int:
    return session.scalar(select(func.count()).select_from(UserRow))


def login_error(session, login: str, password: str, now: datetime) -> AuthenticationError | None:
    outcome = authenticate(session, login, password, now=now)
    session.commit()
    return outcome.error


# -- sign-up ---------------------------------------------------------------------------------------


def test_sign_up_creates_an_account(session, sessions, hooks, hook_recorder):
    user = sign_up(
        session,
        hooks,
        form(first_name="  Jean   Éric ", last_name=" de  La Fontaine ", email=" Jean@Ecole.TEST "),
        now=T0,
    )
    assert user.first_name == "Jean Éric"
    assert user.last_name == "de La Fontaine"
    assert user.email == "jean@ecole.test"
    assert user.username is None
    assert user.cgu_accepted
    assert not user.pix_orga_terms_accepted
    assert user.created_at == T0
    assert hook_recorder.calls("pixorga_account_created") == []
    session.commit()
    (call,) = hook_recorder.calls("pixorga_account_created")
    assert call.kwargs == {"user": user, "learner": None}
    with sessions() as fresh:
        method = users_repo.get_password_method(fresh, user.id)
        assert method is not None
        assert method.password_hash != PASSWORD
        assert passwords.verify_password(method.password_hash, PASSWORD)
        assert not method.must_change_password


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"first_name": ""}, "first_name", FIRST_NAME_MISSING),
        ({"first_name": "   "}, "first_name", FIRST_NAME_MISSING),
        (
            {"first_name": "a" * 256},
            "first_name",
            "Votre prénom ne doit pas dépasser 255 caractères.",
        ),
        ({"last_name": " \t "}, "last_name", LAST_NAME_MISSING),
        ({"last_name": "b" * 256}, "last_name", "Votre nom ne doit pas dépasser 255 caractères."),
        ({"email": "  "}, "email", EMAIL_MISSING),
        ({"email": "camille.durand"}, "email", EMAIL_INVALID),
        ({"email": "camille durand@ecole.test"}, "email", EMAIL_INVALID),
        ({"password": "Azer123"}, "password", POLICY),
        ({"password": "azerty123"}, "password", POLICY),
        ({"password": "AZERTY123"}, "password", POLICY),
        ({"password": "Azertyuiop"}, "password", POLICY),
        (
            {"password": "Aa1" + "x" * 253},
            "password",
            "Votre mot de passe ne doit pas dépasser 255 caractères.",
        ),
        ({"cgu_accepted": False}, "cgu", CGU),
    ],
)
def test_sign_up_field_errors(session, hooks, hook_recorder, overrides, field, message):
    with pytest.raises(InvalidInputError) as info:
        sign_up(session, hooks, form(**overrides), now=T0)
    assert info.value.field_errors == {field: message}
    session.commit()
    assert count_users(session) == 0
    assert hook_recorder.calls("pixorga_account_created") == []


def test_names_of_exactly_255_characters_are_accepted(session, hooks):
    user = sign_up(session, hooks, form(first_name="a" * 255, last_name="b" * 255), now=T0)
    assert len(user.first_name) == 255


def test_sign_up_reports_every_error_at_once_and_writes_nothing(
    session, factories, hooks, hook_recorder
):
    factories.user(password=None)
    session.commit()
    before = count_users(session)
    with pytest.raises(InvalidInputError) as info:
        sign_up(
            session,
            hooks,
            form(first_name="", last_name="", email="x@", password="court", cgu_accepted=False),
            now=T0,
        )
    assert info.value.field_errors == {
        "first_name": FIRST_NAME_MISSING,
        "last_name": LAST_NAME_MISSING,
        "email": EMAIL_INVALID,
        "password": POLICY,
        "cgu": CGU,
    }
    assert info.value.code == "INVALID_INPUT"
    session.commit()
    assert count_users(session) == before
    assert hook_recorder.calls("pixorga_account_created") == []


def test_duplicate_email_is_refused_whatever_its_case(session, hooks, hook_recorder):
    sign_up(session, hooks, form(email="Camille@Ecole.test"), now=T0)
    session.commit()
    with pytest.raises(InvalidInputError) as info:
        sign_up(session, hooks, form(email="  camille@ECOLE.TEST "), now=T0)
    assert info.value.field_errors == {"email": EMAIL_TAKEN_MESSAGE}
    session.commit()
    assert count_users(session) == 1
    assert len(hook_recorder.calls("pixorga_account_created")) == 1


def test_concurrent_duplicate_email_is_reported_not_crashed(
    session, sessions, hooks, hook_recorder, monkeypatch
):
    first = sign_up(session, hooks, form(), now=T0)
    # Another request signed up with the same address between the check and the insert.
    monkeypatch.setattr(accounts.users_repo, "email_exists", lambda session, email: False)
    with pytest.raises(InvalidInputError) as info:
        sign_up(session, hooks, form(first_name="Autre"), now=T0)
    assert info.value.field_errors == {"email": EMAIL_TAKEN_MESSAGE}
    # Only the savepoint was rolled back: the first account is still there and commits.
    session.commit()
    with sessions() as fresh:
        assert count_users(fresh) == 1
        assert users_repo.get(fresh, first.id) == first
    assert [c.kwargs["user"] for c in hook_recorder.calls("pixorga_account_created")] == [first]


# -- login -----------------------------------------------------------------------------------------


def test_login_by_email_whatever_its_case(session, factories):
    user = factories.user(email="camille@ecole.test")
    session.commit()
    outcome = authenticate(session, "  Camille@ECOLE.test ", TEST_PASSWORD, now=T0)
    assert outcome.error is None
    assert outcome.raise_for_error() == user
    assert not outcome.must_change_password


def test_login_by_username_whatever_its_case(session, factories):
    user = factories.user(email=None, username="lea.moreau1403")
    session.commit()
    outcome = authenticate(session, "Lea.Moreau1403", TEST_PASSWORD, now=T0)
    assert outcome.raise_for_error() == user


def test_login_reports_a_temporary_password(session, factories):
    user = factories.user(password=None)
    users_repo.add_password_method(
        session,
        user_id=user.id,
        password_hash=passwords.hash_password("abcdef12"),
        must_change_password=True,
        now=T0,
    )
    outcome = authenticate(session, user.email, "abcdef12", now=T0)
    assert outcome.raise_for_error() == user
    assert outcome.must_change_password


def test_unknown_login_gets_the_same_error_as_a_wrong_password(session, factories):
    user = factories.user()
    unknown = authenticate(session, "nobody@ecole.test", TEST_PASSWORD, now=T0)
    wrong = authenticate(session, user.email, WRONG, now=T0)
    assert type(unknown.error) is AuthenticationError
    assert type(wrong.error) is AuthenticationError
    assert unknown.error.message == wrong.error.message == BAD_CREDENTIALS
    assert unknown.error.code == wrong.error.code == "INVALID_CREDENTIALS"
    assert unknown.user is None
    with pytest.raises(AuthenticationError):
        unknown.raise_for_error()
    with pytest.raises(InvalidInputError) as empty:  # issue #16.17: the empty field is named
        authenticate(session, "  ", TEST_PASSWORD, now=T0)
    assert set(empty.value.field_errors) == {"login"}


def answers(session, login: str, password: str, count: int, now: datetime) -> list[tuple]:
    """The (class, code, message) of ``count`` successive attempts, each committed."""
    out = []
    for _ in range(count):
        error = login_error(session, login, password, now)
        out.append((type(error), error.code, error.message))
    return out


def test_an_unknown_login_is_throttled_exactly_like_an_account(session, factories):
    """Trying passwords tells nothing of which logins exist (#13.3): same answers, same blocks."""
    user = factories.user()
    session.commit()
    for now in (T0, T0 + timedelta(minutes=2)):
        known = answers(session, user.email, WRONG, 11, now)
        unknown = answers(session, "Personne@Ecole.test ", WRONG, 11, now)
        assert known == unknown
        assert known[8][0] is AuthenticationError
        assert known[9][0] is known[10][0] is LoginTemporarilyBlockedError
    # Another unknown login starts from zero; the case and spaces of a login do not matter.
    assert type(login_error(session, "autre@ecole.test", WRONG, T0)) is AuthenticationError
    error = login_error(session, "personne@ecole.test", WRONG, T0 + timedelta(minutes=3))
    assert isinstance(error, LoginTemporarilyBlockedError)


def test_fifty_failures_at_an_unknown_login_give_the_permanent_block_answer(session):
    now = T0
    for _ in range(5):
        answers(session, "fantome", WRONG, 10, now)
        now += timedelta(hours=1)
    error = login_error(session, "fantome", WRONG, now)
    assert isinstance(error, LoginBlockedError)
    assert error.code == "USER_IS_BLOCKED"


def test_unknown_logins_are_forgotten_after_a_quiet_day(session):
    answers(session, "typo@ecole.test", WRONG, 9, T0)
    answers(session, "typo2@ecole.test", WRONG, 1, T0 + timedelta(days=2))
    # The first one's nine failures were purged: ten more are needed to block it again.
    later = answers(session, "typo@ecole.test", WRONG, 9, T0 + timedelta(days=2))
    assert {a[0] for a in later} == {AuthenticationError}


def test_account_without_password_cannot_log_in(session, factories):
    user = factories.user(password=None)
    outcome = authenticate(session, user.email, "Azerty123", now=T0)
    assert type(outcome.error) is AuthenticationError
    assert users_repo.get_login_attempts(session, user.id).failure_count == 1


def test_failures_are_saved_when_the_caller_commits(session, sessions, factories):
    user = factories.user()
    session.commit()
    for _ in range(3):
        assert type(login_error(session, user.email, WRONG, T0)) is AuthenticationError
    with sessions() as fresh:
        assert users_repo.get_login_attempts(fresh, user.id).failure_count == 3


def test_ten_failures_block_for_two_then_twenty_for_four_minutes(session, factories):
    user = factories.user()
    session.commit()
    for _ in range(9):
        assert type(login_error(session, user.email, WRONG, T0)) is AuthenticationError
    assert isinstance(login_error(session, user.email, WRONG, T0), LoginTemporarilyBlockedError)

    # During the block even the right password is refused, and is not counted.
    almost = T0 + timedelta(minutes=1, seconds=59)
    error = login_error(session, user.email, TEST_PASSWORD, almost)
    assert isinstance(error, LoginTemporarilyBlockedError)
    assert error.code == "USER_IS_TEMPORARILY_BLOCKED"
    assert isinstance(login_error(session, user.email, WRONG, almost), LoginTemporarilyBlockedError)
    assert users_repo.get_login_attempts(session, user.id).failure_count == 10

    # The block lifts after 2 minutes; the next ten failures block for 4 minutes.
    t1 = T0 + timedelta(minutes=2)
    for _ in range(9):
        assert type(login_error(session, user.email, WRONG, t1)) is AuthenticationError
    assert isinstance(login_error(session, user.email, WRONG, t1), LoginTemporarilyBlockedError)
    still = t1 + timedelta(minutes=3, seconds=59)
    assert isinstance(
        login_error(session, user.email, TEST_PASSWORD, still), LoginTemporarilyBlockedError
    )
    assert login_error(session, user.email, TEST_PASSWORD, t1 + timedelta(minutes=4)) is None


def test_fifty_failures_block_for_good(session, factories):
    user = factories.user()
    session.commit()
    now = T0
    for block in range(4):  # blocks of 2, 4, 8 and 16 minutes
        for _ in range(9):
            assert type(login_error(session, user.email, WRONG, now)) is AuthenticationError
        error = login_error(session, user.email, WRONG, now)
        assert isinstance(error, LoginTemporarilyBlockedError)
        blocked_until = users_repo.get_login_attempts(session, user.id).temporary_blocked_until
        assert blocked_until == now + timedelta(minutes=2 * 2**block)
        now = blocked_until
    for _ in range(9):
        assert type(login_error(session, user.email, WRONG, now)) is AuthenticationError
    error = login_error(session, user.email, WRONG, now)
    assert isinstance(error, LoginBlockedError)
    assert error.code == "USER_IS_BLOCKED"
    # Blocked for good: the right password, a year later, is still refused.
    a_year_later = now + timedelta(days=365)
    assert isinstance(
        login_error(session, user.email, TEST_PASSWORD, a_year_later), LoginBlockedError
    )
    attempts = users_repo.get_login_attempts(session, user.id)
    assert attempts.failure_count == 50
    assert attempts.blocked_at == now


def test_success_resets_the_counter(session, factories):
    user = factories.user()
    session.commit()
    for _ in range(9):
        login_error(session, user.email, WRONG, T0)
    assert login_error(session, user.email, TEST_PASSWORD, T0) is None
    attempts = users_repo.get_login_attempts(session, user.id)
    assert attempts.failure_count == 0
    assert attempts.last_logged_at == T0
    # Nine more failures do not block: the count started again.
    for _ in range(9):
        assert type(login_error(session, user.email, WRONG, T0)) is AuthenticationError
    assert login_error(session, user.email, TEST_PASSWORD, T0) is None


def test_one_users_failures_do_not_block_another(session, factories):
    victim, bystander = factories.user(), factories.user()
    session.commit()
    for _ in range(10):
        login_error(session, victim.email, WRONG, T0)
    assert login_error(session, bystander.email, TEST_PASSWORD, T0) is None


@pytest.mark.sqlite_only
def test_login_upgrades_an_outdated_hash(session, factories, monkeypatch):
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    strong = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    monkeypatch.setattr(passwords, "_hasher", lambda: strong)
    user = factories.user(password=None)
    users_repo.add_password_method(
        session,
        user_id=user.id,
        password_hash=weak.hash(PASSWORD),
        must_change_password=False,
        now=T0,
    )
    session.commit()
    assert authenticate(session, user.email, PASSWORD, now=T0).error is None
    session.commit()
    method = users_repo.get_password_method(session, user.id)
    assert method is not None
    assert not strong.check_needs_rehash(method.password_hash)
    assert strong.verify(method.password_hash, PASSWORD)


# -- parallel guesses ------------------------------------------------------------------------------


def test_parallel_wrong_guesses_all_count_and_the_eleventh_is_refused(sessions, factories, session):
    """40 wrong guesses at once: exactly 10 are checked and counted, the other 30 refused unchecked.

    Each thread is a request with its own transaction, as 40 simultaneous ``POST /connexion``.
    Without a lock on the attempts row they all read "0 failures", all get checked, and the
    counter loses updates (read, then write count + 1).
    """
    user = factories.user()
    session.commit()
    session.close()
    checked: list[bool] = []
    outcomes: list[accounts.LoginOutcome] = []
    lock = threading.Lock()
    real_verify = passwords.verify_password

    def counting_verify(password_hash, password):
        result = real_verify(password_hash, password)
        with lock:
            checked.append(result)
        return result

    guesses = [f"{WRONG}{i}" for i in range(40)]
    barrier = threading.Barrier(len(guesses))

    def guess(password: str) -> None:
        barrier.wait()
        with sessions() as own, own.begin():
            outcome = authenticate(own, user.email, password, now=T0)
        with lock:
            outcomes.append(outcome)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(accounts.passwords, "verify_password", counting_verify)
        threads = [threading.Thread(target=guess, args=(g,)) for g in guesses]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert len(outcomes) == 40
    assert checked == [False] * 10
    errors = [type(o.error) for o in outcomes]
    assert errors.count(AuthenticationError) == 9
    assert errors.count(LoginTemporarilyBlockedError) == 31
    with sessions() as fresh:
        attempts = users_repo.get_login_attempts(fresh, user.id)
        assert attempts.failure_count == 10
        # The 41st guess, the right password, is refused: the block holds.
        error = login_error(fresh, user.email, TEST_PASSWORD, T0 + timedelta(seconds=1))
        assert isinstance(error, LoginTemporarilyBlockedError)


def test_parallel_guesses_checked_before_the_lock_all_count_and_the_eleventh_is_refused(
    sessions, factories, session
):
    """The web login's two steps (:func:`accounts.check_password` in a read-only transaction,
    then :func:`authenticate` with its result): 40 wrong guesses at once are all hashed
    outside the lock, yet exactly 10 are counted and the others refused by the block; the right
    password checked meanwhile is refused too."""
    user = factories.user()
    session.commit()
    session.close()
    outcomes: list[accounts.LoginOutcome] = []
    lock = threading.Lock()
    guesses = [f"{WRONG}{i}" for i in range(40)]
    barrier = threading.Barrier(len(guesses))

    def guess(password: str) -> None:
        barrier.wait()
        with transaction(sessions, read_only=True) as reading:
            checked = accounts.check_password(reading, user.email, password)
        with transaction(sessions) as writing:
            outcome = authenticate(writing, user.email, password, now=T0, checked=checked)
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=guess, args=(g,)) for g in guesses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    errors = [type(o.error) for o in outcomes]
    assert errors.count(AuthenticationError) == 9
    assert errors.count(LoginTemporarilyBlockedError) == 31
    with transaction(sessions) as fresh:
        assert users_repo.get_login_attempts(fresh, user.id).failure_count == 10
        right = accounts.check_password(fresh, user.email, TEST_PASSWORD)
        assert right.matches
        late = authenticate(fresh, user.email, TEST_PASSWORD, now=T0, checked=right)
        assert isinstance(late.error, LoginTemporarilyBlockedError)


def test_a_password_check_is_not_used_for_another_password_or_a_changed_hash(
    session, factories, monkeypatch
):
    """The result of :func:`accounts.check_password` counts only for the same login, password,
    account and hash: otherwise :func:`authenticate` checks again, under the lock."""
    user = factories.user()
    session.commit()
    checked = accounts.check_password(session, user.email, TEST_PASSWORD)
    assert authenticate(session, user.email, WRONG, now=T0, checked=checked).error is not None
    method = users_repo.get_password_method(session, user.id)
    assert method is not None
    users_repo.update_password_hash(session, method.id, passwords.hash_password(WRONG), T0)
    session.flush()
    assert authenticate(session, user.email, TEST_PASSWORD, now=T0, checked=checked).error
    assert authenticate(session, user.email, WRONG, now=T0, checked=checked).error is None
