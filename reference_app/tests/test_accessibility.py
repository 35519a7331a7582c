"""Automated accessibility audit (axe-core, WCAG 2.1 A and AA rules, the ``audit`` fixture of
conftest.py) of every page, in Chromium."""

from __future__ import annotations

import pytest

from pixorga_core.domain.memberships import Role

pytestmark = [pytest.mark.browser]


def test_public_pages_have_no_accessibility_violation(page, audit):
    page.goto("/connexion")
    audit(page)
    page.get_by_label("Adresse e-mail ou identifiant").fill("personne@ecole.test")
    page.get_by_label("Mot de passe").fill("Mauvais123")
    page.get_by_role("button", name="Je me connecte").click()
    audit(page)  # with the error message
    page.goto("/inscription")
    audit(page)
    page.get_by_role("button", name="Je m'inscris").click()
    audit(page)  # with every field in error
    page.goto("/nulle-part")
    audit(page)


def test_orga_pages_have_no_accessibility_violation(page, audit, factories, session):
    school = factories.organization(name="Collège Victor-Hugo")
    other = factories.organization(name="Lycée Jean-Moulin")
    user = factories.user(first_name="Claire", last_name="Martin", email="claire@ecole.test")
    factories.membership(school, user, Role.ADMIN)
    factories.membership(other, user)
    factories.learner(school, first_name="Léa", last_name="Moreau")
    session.commit()
    page.goto("/connexion")
    page.get_by_label("Adresse e-mail ou identifiant").fill("claire@ecole.test")
    page.get_by_label("Mot de passe").fill("Azerty123")
    page.get_by_role("button", name="Je me connecte").click()
    audit(page)  # the Orga terms
    page.get_by_role("button", name="J'accepte les conditions d'utilisation").click()
    for path in ("accueil", "campagnes", "eleves", "equipe"):
        page.goto(f"/etablissements/{school.id}/{path}")
        audit(page)
    for path in ("/documentation", "/choisir-etablissement"):
        page.goto(path)
        audit(page)


def test_team_and_invitation_pages_have_no_accessibility_violation(
    audit, page, factories, session, sessions, hooks, mailbox
):
    from urllib.parse import urlsplit

    from pixorga_core.services import schools
    from pixorga_core.services.organizations import NewOrganization

    school = factories.organization(name="Collège Victor-Hugo")
    user = factories.user(
        first_name="Claire",
        last_name="Martin",
        email="claire@ecole.test",
        pix_orga_terms_accepted=True,
    )
    colleague = factories.user(first_name="Karim", last_name="Benali")
    factories.membership(school, user, Role.ADMIN)
    factories.membership(school, colleague)
    session.commit()
    with sessions() as s, s.begin():
        schools.create_school(
            s, hooks, NewOrganization(name="Lycée Pix", uai="0752387M", email="ce@ac-paris.fr")
        )
    link = urlsplit(mailbox.links()[0])
    invitation_path = f"{link.path}?{link.query}"

    # Public pages of the invitation family.
    page.goto(invitation_path)
    audit(page)
    page.get_by_role("link", name="Je m'inscris").click()
    audit(page)
    page.goto(invitation_path)
    page.get_by_role("link", name="J'ai déjà un compte").click()
    audit(page)
    page.goto("/rejoindre?invitation=1&code=AAAAAAAAAA")
    audit(page)  # the "link not recognised" page
    page.goto("/demande-administration-sco")
    audit(page)
    page.get_by_role("button", name="Envoyer la demande").click()
    audit(page)  # with every field in error

    # The team page: members, role editing, invitations with results and errors.
    page.goto("/connexion")
    page.get_by_label("Adresse e-mail ou identifiant").fill("claire@ecole.test")
    page.get_by_label("Mot de passe").fill("Azerty123")
    page.get_by_role("button", name="Je me connecte").click()
    page.goto(f"/etablissements/{school.id}/equipe")
    audit(page)
    page.get_by_role("link", name="Modifier le rôle de Karim Benali").click()
    audit(page)
    page.get_by_role("link", name="Quitter l'espace").click()
    audit(page)  # its own page, refused: last administrator
    page.goto(f"/etablissements/{school.id}/equipe?onglet=invitations")
    page.get_by_label("Adresse(s) e-mail").fill("paul@ecole.test, marie@ecole.test")
    page.get_by_role("button", name="Inviter").click()
    audit(page)  # result lines and the invitations table
    page.get_by_label("Adresse(s) e-mail").fill("pas-une-adresse")
    page.get_by_role("button", name="Inviter").click()
    audit(page)  # error summary
    mailbox.down = True
    page.get_by_label("Adresse(s) e-mail").fill("luc@ecole.test")
    page.get_by_role("button", name="Inviter").click()
    page.goto(f"/etablissements/{school.id}/equipe?onglet=invitations")
    audit(page)  # unsent-mail notice


def test_campaign_pages_have_no_accessibility_violation(page, audit, factories, session):
    school = factories.organization(name="Collège Victor-Hugo")
    user = factories.user(
        first_name="Claire",
        last_name="Martin",
        email="claire@ecole.test",
        pix_orga_terms_accepted=True,
    )
    factories.membership(school, user, Role.ADMIN)
    session.commit()
    page.goto("/connexion")
    page.get_by_label("Adresse e-mail ou identifiant").fill("claire@ecole.test")
    page.get_by_label("Mot de passe").fill("Azerty123")
    page.get_by_role("button", name="Je me connecte").click()
    page.goto(f"/etablissements/{school.id}/campagnes/creer")
    audit(page)
    page.get_by_role("button", name="Créer la campagne").click()
    audit(page)  # with the errors next to the fields
    page.get_by_label("Nom de la campagne").fill("Classe de 3e4")
    page.get_by_label("Que souhaitez-vous tester ?").select_option(
        label="1.1 - Mener une recherche et une veille d'information"
    )
    page.get_by_role("button", name="Créer la campagne").click()
    page.get_by_role("heading", name="Classe de 3e4").wait_for()
    audit(page)  # the campaign page, with its QR code
    page.get_by_role("link", name="Modifier").click()
    audit(page)
    page.goto(f"/etablissements/{school.id}/campagnes")
    audit(page)
    # Following it: a pupil who sent results, one who did not; every tab.
    campaign_id = _shared_participations(session, factories, school)
    base = f"/etablissements/{school.id}/campagnes/{campaign_id}"
    for path in ("/participants", "/resultats-collectifs", "/analyse", "/participants?classe=3A"):
        page.goto(base + path)
        audit(page)
    page.goto(base + "/participants")
    page.get_by_role("link", name="Moreau Léa").click()
    audit(page)  # a shared result
    page.goto(base + "/participants")
    page.get_by_role("link", name="Petit Hugo").click()
    audit(page)  # progress only
    page.context.clear_cookies()
    page.goto("/connexion")
    page.get_by_label("Adresse e-mail ou identifiant").fill("lea@ecole.test")
    page.get_by_label("Mot de passe").fill("Azerty123")
    page.get_by_role("button", name="Je me connecte").click()
    page.goto("/mes-parcours")
    page.get_by_text("Des tutos pour progresser").wait_for()
    audit(page)  # the pupil's result and tutorials


def _shared_participations(session, factories, school) -> int:
    """Two pupils in the school's only campaign: Léa sent her results, Hugo is on his way."""
    from pixorga_core.domain.assessments import KnowledgeElementSource, KnowledgeElementStatus
    from pixorga_core.domain.campaigns import KnowledgeElementRecord, ParticipationStatus
    from pixorga_core.storage.repositories import campaigns as campaigns_repo
    from pixorga_core.storage.repositories import participations as participations_repo

    campaign = campaigns_repo.list_for_organization(session, school.id, archived=False)[0].campaign
    now = campaign.created_at
    ids = []
    for first, last, email in (("Léa", "Moreau", "lea@ecole.test"), ("Hugo", "Petit", None)):
        user = factories.user(first_name=first, last_name=last, email=email)
        learner = factories.learner(school, first_name=first, last_name=last, division="3A")
        joined = participations_repo.insert_if_new(
            session, campaign_id=campaign.id, user_id=user.id,
            organization_learner_id=learner.id, external_id=None, now=now,
        )  # fmt: skip
        assert joined is not None
        ids.append(joined.id)
    participations_repo.set_status(session, ids[0], ParticipationStatus.TO_SHARE)
    statuses = {"1.1-moteur-1": KnowledgeElementStatus.VALIDATED,
                "1.1-moteur-2": KnowledgeElementStatus.INVALIDATED}  # fmt: skip
    participations_repo.share(
        session, ids[0], mastery_rate=0.05, validated_skills_count=1, total_skills_count=20,
        pix_score=1, now=now,
        knowledge_elements=[
            KnowledgeElementRecord(
                id=0, assessment_id=0, answer_id=0, skill_id=skill, status=status,
                source=KnowledgeElementSource.DIRECT, created_at=now,
            )
            for skill, status in statuses.items()
        ],
    )  # fmt: skip
    session.commit()
    return campaign.id
