from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from pixorga_core.domain.memberships import Role
from pixorga_core.services import invitations, schools
from pixorga_core.services.organizations import NewOrganization
from pixorga_core.storage.models import OrganizationRow

NOW = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


def test_creating_a_school_sends_the_activation_invitation(session, hooks, mailbox, factories):
    activation = schools.create_school(
        session,
        hooks,
        NewOrganization(name="Lycée Pix", uai="0752387M", email="ce.0752387M@ac-paris.fr"),
        now=NOW,
    )
    session.commit()
    assert activation.invitation.invitation.role is Role.ADMIN
    [mail] = mailbox.delivered
    assert mail.recipient == "ce.0752387m@ac-paris.fr"
    assert mail.kind.value == "sco_admin_invitation"
    head = factories.user()
    membership = invitations.accept_invitation(
        session,
        invitation_id=activation.invitation.invitation.id,
        code=activation.invitation.code,
        user_id=head.id,
        now=NOW,
    )
    assert membership.role is Role.ADMIN


CSV = """UAI;Nom;E-mail
0752387M;Lycée Pix;ce.0752387m@ac-paris.fr
0752387N;Mauvaise clé;ce@ac-paris.fr
0750680G;Collège sans adresse;
0750680G;Doublon;x@ac-paris.fr
0660864F;Trop;de;colonnes
0931434D;Collège Eluard;pas-une-adresse
"""


def test_bulk_creation_reports_each_line(session, hooks, mailbox):
    report = schools.create_schools_from_csv(session, hooks, CSV, now=NOW)
    session.commit()
    assert [(r.line, r.status.value) for r in report] == [
        (1, "skipped"),
        (2, "created"),
        (3, "error"),
        (4, "created"),
        (5, "error"),
        (6, "error"),
        (7, "error"),
    ]
    assert "lettre clé" in report[2].message
    assert "aucune invitation" in report[3].message
    assert "existe déjà" in report[4].message
    assert "colonne" in report[5].message
    assert "pas-une-adresse" in report[6].message
    assert session.scalar(select(func.count()).select_from(OrganizationRow)) == 2
    assert [m.recipient for m in mailbox.delivered] == ["ce.0752387m@ac-paris.fr"]


def test_bulk_dry_run_writes_nothing(session, hooks, mailbox):
    report = schools.create_schools_from_csv(session, hooks, CSV, dry_run=True, now=NOW)
    session.commit()
    assert report[1].message.startswith("valide")
    assert session.scalar(select(func.count()).select_from(OrganizationRow)) == 0
    assert mailbox.delivered == []
