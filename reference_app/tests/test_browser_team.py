"""The seeds' path in a browser, with real e-mails: the school mailbox receives the activation
mail (SMTP on 127.0.0.1), the head teacher signs up through it and lands on the empty Orga home,
invites two teachers in one go; one accepts by signing up, the other by logging in; the head
teacher tries to leave as the last administrator (refused), promotes one teacher to
administrator and removes the other, each through a page asking to confirm that names the
person (#16.13); then the same pages on a phone, 375 px wide (#16.20): the menu and school bar
within a quarter of the screen, tables scrolling inside their box, buttons reachable. Every
page passes the axe audit; screenshots go to test-artifacts/."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import attrs
import pytest
from playwright import sync_api as playwright_api

from pixorga_core.services import schools
from pixorga_core.services.organizations import NewOrganization
from pixorga_email_invite import plugin as email_plugin
from pixorga_email_invite.sink import SmtpSink

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [pytest.mark.browser]
expect = playwright_api.expect


@pytest.fixture
def sink():
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def settings(settings, sink):
    return attrs.evolve(
        settings,
        plugins={
            **settings.plugins,
            "email_invite": {
                "host": "127.0.0.1",
                "port": sink.port,
                "sender": "Pix Orga <pix@orga.test>",
            },
        },
    )


@pytest.fixture
def hooks(pm, hooks):
    pm.register(email_plugin, name="email_invite")
    return hooks


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def link_for(sink: SmtpSink, recipient: str) -> str:
    for item in sink.received:
        if recipient in item.rcpt_tos:
            link = next(line for line in item.text.splitlines() if "/rejoindre?" in line)
            parts = urlsplit(link.strip())
            return f"{parts.path}?{parts.query}"
    raise AssertionError(f"no mail for {recipient}: {[r.rcpt_tos for r in sink.received]}")


def sign_up(page, first: str, last: str, email: str) -> None:
    page.get_by_role("link", name="Je m'inscris").click()
    page.get_by_label("Prénom").fill(first)
    page.get_by_label("Nom", exact=True).fill(last)
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill("Azerty123")
    page.get_by_label("J'accepte les conditions d'utilisation de Pix").check()
    page.get_by_role("button", name="Je m'inscris").click()


def accept_orga_terms(page) -> None:
    page.get_by_role("button", name="J'accepte les conditions d'utilisation").click()
    expect(page.get_by_role("heading", name="Créez votre première campagne")).to_be_visible()


def test_activation_invitations_roles_and_removal(
    browser, page, live_server, sink, hooks, sessions, factories, session, audit
):
    factories.user(first_name="Marie", last_name="Curie", email="marie@ecole.test")
    session.commit()
    # An operator creates the school (as `pixorga organizations create` does).
    with sessions() as s, s.begin():
        created = schools.create_school(
            s,
            hooks,
            NewOrganization(name="Lycée Pix", uai="0752387M", email="ce.0752387M@ac-paris.fr"),
        )
    [activation] = sink.received
    assert activation.rcpt_tos == ("ce.0752387m@ac-paris.fr",)
    assert activation.message["Subject"] == "Activation de l'espace Pixorga — Lycée Pix"

    # The head teacher opens the link and signs up.
    page.goto(link_for(sink, "ce.0752387m@ac-paris.fr"))
    expect(
        page.get_by_role("heading", name="Vous êtes invité(e) à rejoindre l'organisation Lycée Pix")
    ).to_be_visible()
    expect(page.get_by_role("link", name="J'ai déjà un compte")).to_be_visible()
    screenshot(page, "invitation-activation")
    sign_up(page, "Anne", "Proviseure", "anne@ac-paris.fr")
    accept_orga_terms(page)

    # Invites two teachers in one go.
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Équipe").click()
    page.get_by_role("link", name="Invitations (0)").click()
    page.get_by_label("Adresse(s) e-mail").fill("paul@ecole.test, marie@ecole.test")
    page.get_by_role("button", name="Inviter").click()
    results = page.locator(".result-lines")
    expect(results).to_contain_text("paul@ecole.test : invitation envoyée")
    expect(results).to_contain_text("marie@ecole.test : invitation envoyée")
    expect(page.get_by_role("link", name="Invitations (2)")).to_be_visible()
    screenshot(page, "equipe-invitations")
    assert len(sink.received) == 3

    # Paul accepts by signing up, Marie by logging in, each in their own browser.
    for who in ("paul", "marie"):
        context = browser.new_context(base_url=live_server, locale="fr-FR")
        other = context.new_page()
        other.goto(link_for(sink, f"{who}@ecole.test"))
        if who == "paul":
            sign_up(other, "Paul", "Durand", "paul@ecole.test")
        else:
            other.get_by_role("link", name="J'ai déjà un compte").click()
            other.get_by_label("Adresse e-mail ou identifiant").fill("marie@ecole.test")
            other.get_by_label("Mot de passe").fill("Azerty123")
            other.get_by_role("button", name="Je me connecte").click()
        accept_orga_terms(other)
        context.close()

    # The head teacher, last administrator, cannot leave: its own page says why, no button.
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Équipe").click()
    expect(page.get_by_role("link", name="Invitations (0)")).to_be_visible()
    expect(page.get_by_role("link", name="Inviter un membre")).to_be_visible()
    screenshot(page, "equipe-membres")
    audit(page)
    page.get_by_role("link", name="Quitter l'espace").click()
    expect(page.get_by_role("alert")).to_contain_text("dernier administrateur")
    expect(page.get_by_role("button", name="Quitter l'espace")).to_have_count(0)
    screenshot(page, "equipe-dernier-administrateur")
    page.get_by_role("link", name="Retour à l'équipe").click()

    # Promotes Paul.
    page.get_by_role("link", name="Modifier le rôle de Paul Durand").click()
    page.get_by_label("Rôle de Paul Durand").select_option(label="Administrateur")
    screenshot(page, "equipe-modifier-role")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("Le rôle de Paul Durand a été modifié.")
    expect(page.get_by_role("row", name=re.compile("Durand Paul Administrateur"))).to_be_visible()

    # Removes Marie, after a confirmation page naming her (no JavaScript involved).
    page.get_by_role("link", name="Supprimer Marie Curie").click()
    expect(page.get_by_role("heading", name="Retirer Marie Curie de l'équipe ?")).to_be_visible()
    screenshot(page, "equipe-confirmer-suppression")
    audit(page)
    page.get_by_role("button", name="Supprimer").click()
    expect(page.get_by_role("status")).to_have_text("Marie Curie a été retiré(e) de l'équipe.")
    expect(page.get_by_role("cell", name="Curie")).to_have_count(0)
    expect(page.get_by_role("caption")).to_have_text("Membres (2)")

    # An invitation cancelled after confirming; the notice names the address.
    page.get_by_role("link", name="Inviter un membre").click()
    page.get_by_label("Adresse(s) e-mail").fill("luc@ecole.test")
    page.get_by_role("button", name="Inviter").click()
    page.get_by_role("link", name="Annuler l'invitation à luc@ecole.test").click()
    expect(
        page.get_by_role("heading", name="Annuler l'invitation à luc@ecole.test ?")
    ).to_be_visible()
    page.get_by_role("button", name="Annuler l'invitation").click()
    expect(page.get_by_role("status")).to_have_text("L'invitation à luc@ecole.test a été annulée.")

    # Two administrators now: « Quitter l'espace » asks, naming the school; she stays.
    page.get_by_role("link", name="Membres (2)").click()
    page.get_by_role("link", name="Quitter l'espace").click()
    expect(
        page.get_by_role("heading", name="Quitter l'espace Pix Orga de Lycée Pix ?")
    ).to_be_visible()
    page.get_by_role("link", name="Rester dans l'espace").click()
    expect(page.get_by_role("caption")).to_have_text("Membres (2)")

    # The look (#16.20): action cells keep their borders.
    actions = page.locator("td.actions").first
    assert actions.evaluate("c => getComputedStyle(c).display") == "table-cell"
    assert actions.evaluate("c => getComputedStyle(c).borderBottomWidth") == "1px"

    # The search field is styled like the other fields (#16.20).
    factories.learner(created.organization, first_name="Léa", last_name="Moreau")
    session.commit()
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Élèves").click()
    search = page.get_by_role("searchbox")
    style = "e => { const s = getComputedStyle(e); return [s.borderTopStyle, s.borderTopWidth, "
    style += "s.borderTopColor, s.paddingLeft, s.borderTopLeftRadius, s.backgroundColor]; }"
    assert search.evaluate(style) == [
        "solid",
        "1px",
        "rgb(107, 113, 144)",
        "12px",
        "6px",
        "rgb(255, 255, 255)",
    ]
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Équipe").click()

    phone(page, audit)


def phone(page, audit) -> None:
    """The team page 375 px wide: the header with the menu takes at most a quarter of the
    screen, the page itself never scrolls sideways (tables scroll inside their box), and every
    action button can be reached and clicked."""
    page.set_viewport_size({"width": 375, "height": 667})
    page.reload()
    header_bottom = page.locator(".topbar").evaluate("e => e.getBoundingClientRect().bottom")
    assert header_bottom <= 667 / 4, header_bottom
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    box = page.locator(".table-scroll").first
    assert box.evaluate("e => e.getBoundingClientRect().right") <= 375
    remove = page.get_by_role("link", name="Supprimer Paul Durand")
    remove.scroll_into_view_if_needed()
    bounds = remove.bounding_box()
    assert bounds is not None
    assert bounds["x"] >= 0
    assert bounds["x"] + bounds["width"] <= 375
    screenshot(page, "equipe-375px")
    audit(page)
    remove.click()
    expect(page.get_by_role("heading", name="Retirer Paul Durand de l'équipe ?")).to_be_visible()
    expect(page.get_by_role("button", name="Supprimer")).to_be_in_viewport()
    screenshot(page, "equipe-375px-confirmer")
    page.get_by_role("link", name="Ne pas supprimer").click()
    page.get_by_role("link", name="Invitations (0)").click()
    audit(page)
    # Another page's table (the pupils) scrolls inside its own box too.
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Élèves").click()
    expect(page.get_by_role("searchbox")).to_be_visible()
    screenshot(page, "eleves-375px")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    audit(page)
