"""The rights matrix of pix-rules §2, walked for anonymous, member, administrator and the
administrator of another school; and the "never without an administrator" rule."""

from __future__ import annotations

import pytest

from pixorga_core.domain.memberships import Role
from pixorga_core.errors import LastAdministratorError, NotFoundError, PermissionDeniedError
from pixorga_core.services import orga, team
from pixorga_core.storage.repositories import memberships as memberships_repo


@pytest.fixture
def school(factories):
    return factories.organization()


@pytest.fixture
def people(factories, school):
    admin = factories.user(first_name="Claire", last_name="Martin")
    member = factories.user(first_name="Karim", last_name="Benali")
    stranger_admin = factories.user(first_name="Inès", last_name="Lefèvre")
    other_school = factories.organization()
    return {
        "admin": (admin, factories.membership(school, admin, Role.ADMIN)),
        "member": (member, factories.membership(school, member, Role.MEMBER)),
        "other_admin": (
            stranger_admin,
            factories.membership(other_school, stranger_admin, Role.ADMIN),
        ),
    }


ACTIONS = ("list", "change_role", "remove", "unblock", "leave")
#: actor -> the actions they may do on the school (pix-rules §2).
ALLOWED = {
    "anonymous": set(),
    "member": {"list"},
    "admin": {"list", "change_role", "remove", "unblock"},  # leaving as last admin is refused
    "other_admin": set(),
}


def attempt(context, session, action, target_id):
    if action == "list":
        return team.members_page(session, context)
    if action == "change_role":
        return team.change_role(session, context, membership_id=target_id, role=Role.ADMIN)
    if action == "remove":
        return team.remove_member(session, context, membership_id=target_id)
    if action == "unblock":
        return team.unblock_member(session, context, membership_id=target_id)
    return team.leave(session, context)


@pytest.mark.parametrize("actor", sorted(ALLOWED))
@pytest.mark.parametrize("action", ACTIONS)
def test_rights_matrix(session, school, people, actor, action, acting_as):
    actor_id = None if actor == "anonymous" else people[actor][0].id
    target_id = people["member"][1].id
    savepoint = session.begin_nested()
    if action in ALLOWED[actor]:
        attempt(acting_as(actor_id, school.id), session, action, target_id)
    elif actor == "admin" and action == "leave":
        with pytest.raises(LastAdministratorError):
            attempt(acting_as(actor_id, school.id), session, action, target_id)
    else:
        with pytest.raises(PermissionDeniedError):
            attempt(acting_as(actor_id, school.id), session, action, target_id)
    savepoint.rollback()


def test_last_admin_cannot_be_demoted_removed_or_leave(session, school, people):
    admin, admin_membership = people["admin"]
    with pytest.raises(LastAdministratorError, match="au moins un administrateur"):
        team.change_role(
            session,
            orga.context_for(session, admin.id, school.id),
            membership_id=admin_membership.id,
            role=Role.MEMBER,
        )
    with pytest.raises(LastAdministratorError):
        team.remove_member(
            session,
            orga.context_for(session, admin.id, school.id),
            membership_id=admin_membership.id,
        )
    with pytest.raises(LastAdministratorError, match="dernier administrateur"):
        team.leave(
            session,
            orga.context_for(session, admin.id, school.id),
        )
    assert memberships_repo.count_active_admins(session, school.id) == 1


def test_promote_then_leave(session, school, people):
    admin, _ = people["admin"]
    member, member_membership = people["member"]
    promoted = team.change_role(
        session,
        orga.context_for(session, admin.id, school.id),
        membership_id=member_membership.id,
        role=Role.ADMIN,
    )
    assert promoted.role is Role.ADMIN
    assert promoted.updated_by_user_id == admin.id
    team.leave(
        session,
        orga.context_for(session, admin.id, school.id),
    )
    assert memberships_repo.find_active(session, school.id, admin.id) is None
    # The remaining administrator is now the last one.
    with pytest.raises(LastAdministratorError):
        team.leave(
            session,
            orga.context_for(session, member.id, school.id),
        )


def test_remove_member_is_a_soft_delete(session, school, people):
    admin, _ = people["admin"]
    member, member_membership = people["member"]
    team.remove_member(
        session, orga.context_for(session, admin.id, school.id), membership_id=member_membership.id
    )
    assert memberships_repo.find_active(session, school.id, member.id) is None
    assert memberships_repo.get(session, member_membership.id).disabled_at is not None
    with pytest.raises(NotFoundError):  # already removed
        team.remove_member(
            session,
            orga.context_for(session, admin.id, school.id),
            membership_id=member_membership.id,
        )


def test_a_membership_of_another_school_is_not_found(session, school, people):
    admin, _ = people["admin"]
    _, other_membership = people["other_admin"]
    with pytest.raises(NotFoundError):
        team.remove_member(
            session,
            orga.context_for(session, admin.id, school.id),
            membership_id=other_membership.id,
        )


def test_members_are_paginated(session, factories, school, people):
    admin, _ = people["admin"]
    for i in range(25):
        factories.membership(school, factories.user(last_name=f"Zz{i:02d}"))
    first = team.members_page(session, orga.context_for(session, admin.id, school.id), per_page=10)
    assert first.total == 27
    assert first.pages == 3
    assert [m.user.last_name for m in first.items[:2]] == ["Benali", "Martin"]
    last = team.members_page(
        session, orga.context_for(session, admin.id, school.id), page=99, per_page=10
    )
    assert last.number == 3
    assert len(last.items) == 7


def test_two_admins_demoting_each_other_at_once_leave_one_admin(sessions, factories, session):
    """The organization row is locked while the administrators are counted, so two concurrent
    demotions cannot both pass the "another administrator remains" check."""
    import threading

    from pixorga_core.errors import PixorgaError

    school = factories.organization()
    first, second = factories.user(), factories.user()
    m1 = factories.membership(school, first, Role.ADMIN)
    m2 = factories.membership(school, second, Role.ADMIN)
    session.commit()
    session.close()

    a = sessions()
    a.begin()
    team.change_role(
        a, orga.context_for(a, first.id, school.id), membership_id=m2.id, role=Role.MEMBER
    )  # holds the lock until it commits
    outcome: list[object] = []

    def other_admin() -> None:
        with sessions() as b, b.begin():
            try:
                team.change_role(
                    b,
                    orga.context_for(b, second.id, school.id),
                    membership_id=m1.id,
                    role=Role.MEMBER,
                )
                outcome.append("demoted")
            except PixorgaError as exc:
                outcome.append(type(exc).__name__)

    thread = threading.Thread(target=other_admin)
    thread.start()
    thread.join(timeout=0.5)  # let it reach the lock (it cannot pass it before the commit)
    a.commit()
    a.close()
    thread.join(timeout=30)
    assert outcome in (["LastAdministratorError"], ["PermissionDeniedError"])
    with sessions() as s:
        assert memberships_repo.count_active_admins(s, school.id) == 1


def test_two_admins_removing_one_member_at_once_one_succeeds(sessions, factories, session):
    """The removal is a conditional UPDATE: of two administrators clicking « Supprimer » on the
    same member at once, one removes her and the other is told she is already gone (#16.13)."""
    import threading

    from pixorga_core.testing import table_snapshot

    school = factories.organization()
    first, second = factories.user(), factories.user()
    sophie = factories.user(first_name="Sophie", last_name="Durand")
    factories.membership(school, first, Role.ADMIN)
    factories.membership(school, second, Role.ADMIN)
    target = factories.membership(school, sophie, Role.MEMBER)
    session.commit()
    session.close()

    a = sessions()
    a.begin()
    team.remove_member(a, orga.context_for(a, first.id, school.id), membership_id=target.id)
    outcome: list[str] = []

    def other_admin() -> None:
        with sessions() as b, b.begin():
            try:
                team.remove_member(
                    b, orga.context_for(b, second.id, school.id), membership_id=target.id
                )
                outcome.append("removed")
            except NotFoundError as exc:
                outcome.append(exc.message)

    thread = threading.Thread(target=other_admin)
    thread.start()
    thread.join(timeout=0.5)  # let it reach the row (PostgreSQL) or the write lock (SQLite)
    a.commit()
    a.close()
    after_first = table_snapshot(sessions)
    thread.join(timeout=30)
    assert outcome == [
        "Sophie Durand ne fait déjà plus partie de l'équipe : un autre administrateur l'a "
        "retiré(e)."
    ]
    assert table_snapshot(sessions) == after_first  # the second removal wrote nothing
    with sessions() as s:
        assert memberships_repo.find_active(s, school.id, sophie.id) is None
