"""The pupil's way in, through the pages: the three ways in, the declaration, the account from
the imported data, the logged-in account linked, the external identifier, « Mes parcours »,
and each refusal on its own French page with every table unchanged."""

from __future__ import annotations

from datetime import date
from html import unescape

import pytest

from pixorga_core import paths
from pixorga_core.domain.campaigns import ParticipationStatus
from pixorga_core.domain.memberships import Role
from pixorga_core.services import campaigns, orga
from pixorga_core.storage.models import CampaignRow
from pixorga_core.storage.repositories import participations as participations_repo
from pixorga_core.testing import table_snapshot
from pixorga_reference_app.web_session import COOKIE_NAME

PASSWORD = "Azerty123"


@pytest.fixture(autouse=True)
def _plugins(pm):
    import pixorga_login_generator.plugin

    pm.register(pixorga_login_generator.plugin, name="login_generator")


@pytest.fixture
def school(factories, session):
    return factories.organization(name="Lycée Pix")


@pytest.fixture
def campaign(factories, session, hooks, school):
    teacher = factories.user(first_name="Sophie", last_name="Pix", email="prof@ecole.test")
    factories.membership(school, teacher, Role.ADMIN)
    context = orga.context_for(session, teacher.id, school.id)
    made = campaigns.create_campaign(
        session,
        hooks,
        context,
        campaigns.CampaignForm(
            name="3e4",
            target="pix-demo:competence-1-1",
            title="Mener une recherche",
            landing_text="Vous devez m'envoyer votre test avant le 18 mars.\nBonne chance !",
        ),
    )
    session.commit()
    return made


@pytest.fixture
def alan(factories, session, school):
    learner = factories.learner(
        school, first_name="Alan", last_name="Turing", birthdate=date(2011, 6, 23)
    )
    session.commit()
    return learner


@pytest.fixture
def snapshot(sessions):
    """Every table, whole (``pixorga_core.testing.table_snapshot``)."""
    return lambda: table_snapshot(sessions)


def declare(web, code, **fields):
    page = web.get(paths.campaign_join(code))
    form = next(f for f in page.forms.values() if "first_name" in f.fields)
    values = {"first_name": "Alan", "last_name": "Turing", "birthdate": "23/06/2011", **fields}
    for name, value in values.items():
        form[name] = value
    return form.submit(status="*")


def text(response) -> str:
    return " ".join(unescape(response.text).split())


def test_the_direct_link_shows_the_landing_page(web, campaign):
    page = web.get(paths.campaign_landing(campaign.code))
    body = text(page)
    assert "Commencez votre parcours" in body
    assert "Mener une recherche" in body
    assert "avant le 18 mars." in body
    assert "Bonne chance !" in body
    link = page.html.find("a", string="Je commence")
    assert link["href"] == paths.campaign_join(campaign.code)


def test_a_member_of_the_school_finds_tester_la_campagne_on_the_landing(
    web, campaign, factories, session, school, login
):
    other_school = factories.organization(name="Collège Ailleurs")
    stranger = factories.user(email="prof@ailleurs.test")
    factories.membership(other_school, stranger, Role.ADMIN)
    session.commit()
    landing = paths.campaign_landing(campaign.code)
    assert not web.get(landing).html.find("a", string="Tester la campagne")  # anonymous
    login("prof@ailleurs.test")
    assert not web.get(landing).html.find("a", string="Tester la campagne")  # another school
    web.reset()  # logged out: a fresh cookie jar
    login("prof@ecole.test")
    link = web.get(landing).html.find("a", string="Tester la campagne")
    assert link["href"] == paths.campaign_preview(campaign.code)
    assert "Question 1" in web.get(link["href"]).forms[0].submit().follow().text
    session.get(CampaignRow, campaign.id).algorithm = "disparu"  # cannot run here: no preview
    session.commit()
    assert not web.get(landing).html.find("a", string="Tester la campagne")


def test_a_code_in_another_form_goes_to_the_campaign(web, campaign):
    response = web.get(paths.campaign_landing(campaign.code.lower()))
    assert response.headers["Location"].endswith(paths.campaign_landing(campaign.code))


def test_i_have_a_code_on_the_home_page(web, campaign):
    home = web.get("/")
    form = next(f for f in home.forms.values() if f.action == paths.CAMPAIGN_CODE)
    code = campaign.code
    form["code"] = f"{code[:3].lower()} {code[3:6]}-{code[6:]}"
    landing = form.submit().follow()
    assert "Commencez votre parcours" in text(landing)


def test_an_unknown_code_says_so_on_the_home_page(web, campaign):
    response = web.get(paths.CAMPAIGN_CODE, {"code": "ZZZZZZ999"}, status=404)
    assert "Ce code est introuvable. Vérifiez-le auprès de votre enseignant." in text(response)
    assert web.get("/campagnes/ZZZZZZ999", status=404)
    assert "Ce code est introuvable" in text(web.get("/campagnes/pas-un-code", status=404))


def test_the_whole_way_in_with_the_generated_identifier(web, campaign, alan, sessions):
    page = web.get(paths.campaign_join(campaign.code))
    assert "Je m'inscris" in text(page)
    assert page.html.find("a", string="Se connecter")["href"] == paths.login(
        paths.campaign_join(campaign.code)
    )
    response = declare(web, campaign.code, first_name="alan", last_name="TURING")
    account = response.follow()
    assert "Je m'inscris avec :" in text(account)
    assert account.html.select_one("#username")["value"] == "alan.turing2306"
    assert "Mon adresse e-mail" in text(account)
    form = next(f for f in account.forms.values() if "password" in f.fields)
    form["password"] = PASSWORD
    done = form.submit()
    assert done.headers["Location"].endswith(paths.campaign_test(campaign.code))
    with sessions() as s:
        (participation,) = participations_repo.list_for_campaign(s, campaign.id)
        assert participation.status is ParticipationStatus.STARTED
        assert participation.organization_learner_id == alan.id
    mine = web.get(paths.MY_CAMPAIGNS)
    assert "alan.turing2306" in text(mine)
    resume = mine.html.select_one(f'a[href="{paths.campaign_test(campaign.code)}"]')
    assert resume.get_text().startswith("Reprendre")
    # Logged in and linked: straight to the test.
    again = web.get(paths.campaign_join(campaign.code))
    assert again.headers["Location"].endswith(paths.campaign_test(campaign.code))
    # And the home page is « Mes parcours ».
    assert web.get("/").headers["Location"].endswith(paths.MY_CAMPAIGNS)


def test_the_way_in_with_an_e_mail_and_a_policy_message(web, campaign, alan, count_users):
    declare(web, campaign.code)
    page = web.get(paths.campaign_join(campaign.code, "inscription"), {"avec": "email"})
    form = next(f for f in page.forms.values() if "password" in f.fields)
    form["email"], form["password"] = "alan@exemple.fr", "court"
    refused = form.submit(status=422)
    assert "8 caractères au minimum" in text(refused)
    assert count_users() == 1
    form = next(f for f in refused.forms.values() if "password" in f.fields)
    form["password"] = PASSWORD
    assert form.submit().status_int == 302


def test_not_me_goes_back_to_the_declaration(web, campaign, alan):
    account = declare(web, campaign.code).follow()
    form = next(f for f in account.forms.values() if f.action.endswith("ce-n-est-pas-moi"))
    back = form.submit().follow()
    assert back.html.select_one("#first_name")["value"] == ""
    # The declaration is forgotten: the account page sends back to it.
    assert web.get(paths.campaign_join(campaign.code, "inscription")).status_int == 302


def test_the_declaration_cannot_be_forged_in_the_form(web, campaign, alan, factories, session):
    other = factories.learner(
        campaign_school(session, campaign), first_name="Ada", birthdate=date(2011, 1, 2)
    )
    session.commit()
    account = declare(web, campaign.code).follow()
    form = next(f for f in account.forms.values() if "password" in f.fields)
    form["password"] = PASSWORD
    fields = [*form.submit_fields(), ("learner_id", str(other.id)), ("user_id", "1")]
    response = web.post(form.action, fields, status="*")
    assert response.status_int == 302
    with web.app.config["pixorga.context"].sessions() as s:
        (participation,) = participations_repo.list_for_campaign(s, campaign.id)
        assert participation.organization_learner_id == alan.id


def campaign_school(session, campaign):
    from pixorga_core.storage.repositories import organizations as organizations_repo

    return organizations_repo.get(session, campaign.organization_id)


def test_a_tampered_cookie_is_no_declaration(web, campaign, alan):
    declare(web, campaign.code)
    cookie = web.cookies[COOKIE_NAME]
    web.set_cookie(COOKIE_NAME, cookie[:-3] + "AAA")
    assert web.get(paths.campaign_join(campaign.code, "inscription")).status_int == 302


def test_a_wrong_birthdate_is_shown_next_to_its_field(web, campaign, alan):
    response = declare(web, campaign.code, birthdate="31/02/2011")
    assert response.status_int == 422
    assert response.html.select_one("#erreur-birthdate")


def test_three_fields_are_accepted_too(web, campaign, alan):
    page = web.get(paths.campaign_join(campaign.code))
    token = page.forms[0]["csrf_token"].value
    response = web.post(
        paths.campaign_join(campaign.code),
        {
            "csrf_token": token,
            "first_name": "Alan",
            "last_name": "Turing",
            "day": "23",
            "month": "06",
            "year": "2011",
        },
    )
    assert response.headers["Location"].endswith(paths.campaign_join(campaign.code, "inscription"))


# -- refusals ------------------------------------------------------------------------------------


def test_no_match_is_a_clear_page_and_writes_nothing(web, campaign, alan, snapshot):
    before = snapshot()
    response = declare(web, campaign.code, first_name="Ada")
    assert response.status_int == 403
    assert "Vérifiez vos informations" in text(response)
    assert snapshot() == before


def test_a_pupil_already_linked_is_shown_the_obfuscated_login(
    web, campaign, factories, session, school, snapshot
):
    owner = factories.user(email=None, username="alan.turing2306")
    factories.learner(
        school, first_name="Alan", last_name="Turing", birthdate=date(2011, 6, 23), user_id=owner.id
    )
    session.commit()
    before = snapshot()
    response = declare(web, campaign.code)
    assert response.status_int == 403
    assert "a***.t***2306" in text(response)
    assert response.html.find("a", string="Se connecter")
    assert snapshot() == before


def test_a_disabled_pupil_is_refused(web, campaign, factories, session, school, snapshot):
    factories.learner(
        school, first_name="Alan", last_name="Turing", birthdate=date(2011, 6, 23), is_disabled=True
    )
    session.commit()
    before = snapshot()
    response = declare(web, campaign.code)
    assert response.status_int == 403
    assert "ne faites plus partie" in text(response)
    assert snapshot() == before


def test_an_archived_campaign_refuses_pupils(web, campaign, alan, session, snapshot):
    from datetime import UTC, datetime

    session.get(CampaignRow, campaign.id).archived_at = datetime.now(UTC)
    session.commit()
    before = snapshot()
    landing = web.get(paths.campaign_landing(campaign.code))
    assert "archivée" in text(landing)
    assert not landing.html.find("a", string="Je commence")
    assert web.get(paths.campaign_join(campaign.code), status=403)
    assert snapshot() == before


def test_a_campaign_whose_algorithm_is_gone_refuses_pupils(web, campaign, alan, session):
    session.get(CampaignRow, campaign.id).algorithm = "disparu"
    session.commit()
    landing = web.get(paths.campaign_landing(campaign.code))
    assert "n'est plus installé" in text(landing)
    assert web.get(paths.campaign_join(campaign.code), status=403)


def test_a_logged_in_account_declares_then_is_linked(
    web, campaign, alan, factories, session, login
):
    factories.user(email="alan.perso@exemple.fr")
    session.commit()
    login("alan.perso@exemple.fr")
    page = web.get(paths.campaign_join(campaign.code))
    assert "alan.perso@exemple.fr" in text(page)
    response = declare(web, campaign.code)
    assert response.headers["Location"].endswith(paths.campaign_test(campaign.code))


def test_the_login_link_comes_back_to_the_declaration(web, campaign, alan, factories, session):
    factories.user(email="alan.perso@exemple.fr")
    session.commit()
    page = web.get(paths.login(paths.campaign_join(campaign.code)))
    form = page.forms[0]
    form["login"], form["password"] = "alan.perso@exemple.fr", PASSWORD
    assert form.submit().headers["Location"].endswith(paths.campaign_join(campaign.code))


def test_results_already_sent_lead_to_my_campaigns(web, campaign, alan, sessions, snapshot):
    account = declare(web, campaign.code).follow()
    form = next(f for f in account.forms.values() if "password" in f.fields)
    form["password"] = PASSWORD
    form.submit()
    with sessions() as s, s.begin():
        (participation,) = participations_repo.list_for_campaign(s, campaign.id)
        participations_repo.set_status(s, participation.id, ParticipationStatus.SHARED)
    before = snapshot()
    response = web.get(paths.campaign_join(campaign.code), status=403)
    assert "déjà participé" in text(response)
    assert response.html.find("a", string="Mes parcours")
    assert snapshot() == before


def test_the_external_identifier_is_asked_before_the_test(web, campaign, alan, session, sessions):
    row = session.get(CampaignRow, campaign.id)
    row.external_id_label = "Numéro élève"
    session.commit()
    account = declare(web, campaign.code).follow()
    form = next(f for f in account.forms.values() if "password" in f.fields)
    form["password"] = PASSWORD
    asked = form.submit().follow()
    assert "Numéro élève" in text(asked)
    form = asked.forms[0]
    form["external_id"] = " "
    assert form.submit(status=422).html.select_one("#erreur-external_id")
    form["external_id"] = "A-123"
    assert form.submit().headers["Location"].endswith(paths.campaign_test(campaign.code))
    with sessions() as s:
        (participation,) = participations_repo.list_for_campaign(s, campaign.id)
        assert participation.external_id == "A-123"


def test_a_member_still_reaches_pix_orga_from_home(web, campaign, login):
    login("prof@ecole.test")
    assert web.get("/").headers["Location"].endswith(paths.ORGA_HOME)  # « Premiers pas »


def test_every_field_of_the_pupil_pages_has_a_label(web, campaign, alan):
    declare(web, campaign.code)
    for url in (
        "/",
        paths.campaign_join(campaign.code),
        paths.campaign_join(campaign.code, "inscription"),
        paths.campaign_join(campaign.code, "inscription") + "?avec=email",
    ):
        page = web.get(url)
        for field in page.html.select("input:not([type=hidden])"):
            assert page.html.select_one(f'label[for="{field["id"]}"]'), (url, field["id"])
