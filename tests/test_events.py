from __future__ import annotations

import logging

import pytest

from pixorga_core.domain.imports import ImportCounts, ImportReport
from pixorga_core.events import after_commit, pending_events
from pixorga_core.hooks import hookimpl


class Recorder:
    def __init__(self) -> None:
        self.created: list[tuple[object, object]] = []
        self.imported: list[tuple[object, object]] = []

    @hookimpl
    def pixorga_account_created(self, user, learner):
        self.created.append((user, learner))

    @hookimpl
    def pixorga_learners_imported(self, organization, report):
        self.imported.append((organization, report))


class Exploding:
    @hookimpl
    def pixorga_account_created(self, user, learner):
        raise RuntimeError("the mail server is down")


@pytest.fixture
def recorder(pm):
    plugin = Recorder()
    pm.register(plugin)
    return plugin


def report_for(organization) -> ImportReport:
    return ImportReport(
        organization_id=organization.id,
        source="siecle-xml",
        file_name="ElevesSansAdresses.xml",
        imported_by_user_id=None,
        counts=ImportCounts(in_file=3, kept=3, created=3),
    )


def test_event_fires_only_after_commit(session, factories, hooks, recorder):
    user = factories.user(password=None)
    hooks.account_created(session, user=user)
    assert recorder.created == []
    assert pending_events(session) == ["pixorga_account_created"]
    session.commit()
    assert recorder.created == [(user, None)]
    assert pending_events(session) == []


def test_event_is_dropped_on_rollback(session, factories, hooks, recorder):
    user = factories.user(password=None)
    hooks.account_created(session, user=user)
    session.rollback()
    assert pending_events(session) == []
    factories.user(password=None)
    session.commit()
    assert recorder.created == []


def test_event_fires_once(session, factories, hooks, recorder):
    user = factories.user(password=None)
    hooks.account_created(session, user=user)
    session.commit()
    factories.user(password=None)
    session.commit()
    assert len(recorder.created) == 1


def test_savepoint_release_is_not_the_commit(session, factories, hooks, recorder):
    user = factories.user(password=None)
    hooks.account_created(session, user=user)
    with session.begin_nested():
        factories.user(password=None)
    assert recorder.created == []
    assert pending_events(session) == ["pixorga_account_created"]
    session.commit()
    assert recorder.created == [(user, None)]


def test_rolled_back_savepoint_keeps_earlier_events(session, factories, hooks, recorder):
    user = factories.user(password=None)
    hooks.account_created(session, user=user)
    nested = session.begin_nested()
    factories.user(password=None)
    nested.rollback()
    session.commit()
    assert recorder.created == [(user, None)]


def test_events_run_in_order(session, factories, hooks, recorder):
    organization = factories.organization()
    first = factories.user(password=None)
    second = factories.user(password=None)
    hooks.account_created(session, user=first)
    hooks.learners_imported(session, organization=organization, report=report_for(organization))
    hooks.account_created(session, user=second)
    assert pending_events(session) == [
        "pixorga_account_created",
        "pixorga_learners_imported",
        "pixorga_account_created",
    ]
    session.commit()
    assert [u for u, _ in recorder.created] == [first, second]
    assert recorder.imported == [(organization, report_for(organization))]


def test_raising_event_is_logged_and_does_not_propagate(
    session, factories, hooks, pm, recorder, caplog
):
    pm.register(Exploding())
    organization = factories.organization()
    user = factories.user(password=None)
    hooks.account_created(session, user=user)
    hooks.learners_imported(session, organization=organization, report=report_for(organization))
    with caplog.at_level(logging.ERROR, logger="pixorga_core.events"):
        session.commit()  # does not raise
    failures = [r for r in caplog.records if r.name == "pixorga_core.events"]
    assert len(failures) == 1
    assert "pixorga_account_created" in failures[0].getMessage()
    assert failures[0].exc_info is not None
    assert "the mail server is down" in caplog.text
    # The next event still ran, and the data is committed.
    assert len(recorder.imported) == 1


def test_after_commit_with_a_plain_callback(session, factories):
    calls: list[str] = []
    factories.user(password=None)
    after_commit(session, lambda: calls.append("done"), description="test callback")
    assert pending_events(session) == ["test callback"]
    assert calls == []
    session.commit()
    assert calls == ["done"]


def test_queues_are_per_session(sessions, factories, session):
    calls: list[str] = []
    after_commit(session, lambda: calls.append("first"), description="first")
    with sessions() as other:
        type(factories)(other).user(password=None, email="autre@ecole.test")
        other.commit()
    assert calls == []
    factories.user(password=None)
    session.commit()
    assert calls == ["first"]


def test_event_queued_in_a_rolled_back_savepoint_never_fires(session, factories, hooks, recorder):
    kept = factories.user(password=None)
    hooks.account_created(session, user=kept)
    savepoint = session.begin_nested()
    dropped = factories.user(password=None)
    hooks.account_created(session, user=dropped)
    savepoint.rollback()
    assert pending_events(session) == ["pixorga_account_created"]
    session.commit()
    assert recorder.created == [(kept, None)]


def test_event_of_a_released_savepoint_waits_for_the_outer_commit(
    session, factories, hooks, recorder
):
    outer = session.begin_nested()
    inner = session.begin_nested()
    user = factories.user(password=None)
    hooks.account_created(session, user=user)
    inner.commit()
    assert recorder.created == []
    outer.rollback()  # the released inner savepoint is rolled back with its parent
    session.commit()
    assert recorder.created == []


def test_event_is_forgotten_when_the_session_closes_without_commit(
    sessions, factories, hooks, recorder
):
    session = sessions()
    user = type(factories)(session).user(password=None)
    hooks.account_created(session, user=user)
    session.close()
    assert pending_events(session) == []
    type(factories)(session).user(password=None)
    session.commit()
    assert recorder.created == []
