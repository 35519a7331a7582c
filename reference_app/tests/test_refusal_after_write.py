"""Refusals that come *after* something was written in the request's transaction.

The app rolls the whole request back when a route raises, a refused form included
(``pages.RollbackResponse``, errors mapped by ``status_for``). Each test here lets a use case
write, then refuses, and compares every table before and after: turning that rollback into a
commit makes them fail (the mutation that left the rest of the suite green, issue #13.8).
"""

from __future__ import annotations

from html import unescape

import pytest
import webtest
from sqlalchemy import select

import pixorga_siecle_import.plugin
from pixorga_core.domain.memberships import Role
from pixorga_core.errors import InvalidInputError, LastAdministratorError
from pixorga_core.services import imports, invitations, team
from pixorga_core.storage.models import MembershipRow, UserRow
from pixorga_core.testing import table_snapshot
from pixorga_siecle_import.testing.samples import pupil, siecle_xml

pytestmark = pytest.mark.usefixtures("mailbox")
UAI = "0759999L"


@pytest.fixture
def school(pm, factories, session):
    pm.register(pixorga_siecle_import.plugin, name="siecle_import")
    school = factories.organization(name="Collège des Tilleuls", uai=UAI)
    admin = factories.user(email="admin@ecole.test", pix_orga_terms_accepted=True)
    member = factories.user(email="prof@ecole.test", pix_orga_terms_accepted=True)
    factories.membership(school, admin, Role.ADMIN)
    factories.membership(school, member, Role.MEMBER)
    for n in range(3):
        factories.learner(school, national_student_id=f"00000000{n}ZZ")
    session.commit()
    session.close()
    return school


def csrf(web, school) -> str:
    page = web.get(f"/etablissements/{school.id}/equipe")
    return page.html.select_one('input[name="csrf_token"]')["value"]


def write_then(refusal, real):
    """``real``, then the refusal: the guard came after the write."""

    def wrapped(*args, **kwargs):
        real(*args, **kwargs)
        raise refusal

    return wrapped


def test_a_role_change_refused_after_its_write_is_rolled_back(
    web, login, school, sessions, monkeypatch
):
    login("admin@ecole.test")
    token = csrf(web, school)
    before = table_snapshot(sessions)
    refusal = LastAdministratorError(team.LAST_ADMIN_DEMOTE)
    monkeypatch.setattr(
        team.memberships_repo, "set_role", write_then(refusal, team.memberships_repo.set_role)
    )
    with sessions() as s:
        karim = s.scalar(
            select(MembershipRow.id)
            .join(UserRow, UserRow.id == MembershipRow.user_id)
            .where(UserRow.email == "prof@ecole.test")
        )
    refused = web.post(
        f"/etablissements/{school.id}/equipe/membres/{karim}/role",
        {"csrf_token": token, "role": "ADMIN"},
        status=409,
    )
    assert "au moins un administrateur" in unescape(refused.text)
    assert table_snapshot(sessions) == before


def test_an_import_refused_after_disabling_and_inserting_is_rolled_back(
    web, login, school, sessions, monkeypatch
):
    login("admin@ecole.test")
    page = web.get(f"/etablissements/{school.id}/eleves/import")
    form = next(f for f in page.forms.values() if f.enctype == "multipart/form-data")
    form["fichier"] = webtest.Upload(
        "e.xml", siecle_xml([pupil(1), pupil(2, ID_NATIONAL="000000001KG")])
    )
    preview = form.submit(status=302).follow()
    before = table_snapshot(sessions)
    refusal = InvalidInputError("L'import a été refusé : aucun élève n'a été modifié.")
    # The three pupils of before are disabled and the new ones inserted, then the refusal.
    monkeypatch.setattr(
        imports.imports_repo,
        "link_accounts",
        write_then(refusal, imports.imports_repo.link_accounts),
    )
    confirm = next(f for f in preview.forms.values() if f.action.endswith("/confirmer"))
    refused = confirm.submit(status=422)
    assert "aucun élève n'a été modifié" in unescape(refused.text)
    assert table_snapshot(sessions) == before


def test_an_invitation_refused_after_it_was_written_is_rolled_back(
    web, login, school, sessions, mailbox, monkeypatch
):
    login("admin@ecole.test")
    page = web.get(f"/etablissements/{school.id}/equipe?onglet=invitations")
    form = next(f for f in page.forms.values() if f.action.endswith("/inviter"))
    form["emails"] = "nouveau@ecole.test, autre@ecole.test"
    before = table_snapshot(sessions)
    real_invite = invitations.invite
    calls = []

    def second_refused(*args, **kwargs):
        calls.append(kwargs.get("email"))
        result = real_invite(*args, **kwargs)
        if len(calls) == 2:
            raise InvalidInputError(
                field_errors={"emails": "Ces invitations n'ont pas pu être envoyées."}
            )
        return result

    monkeypatch.setattr(invitations, "invite", second_refused)
    refused = form.submit(status=422)
    assert len(calls) == 2  # the first invitation and its e-mail were written
    assert "n'ont pas pu être envoyées" in unescape(refused.text)
    assert table_snapshot(sessions) == before
    assert mailbox.delivered == []
