"""The whole import path in Chromium, on files from the synthetic SIECLE generator.

An administrator opens the import page from the button next to the list's heading, uploads the
SIECLE zip, reads the preview (its own page: reloading it imports nothing), confirms, goes back
to the preview (which says the import was already confirmed), finds a pupil by searching,
filters a class; then a file with errors is refused and the list is unchanged. Every page passes
the axe-core WCAG 2.1 AA audit; the preview is saved as a screenshot in ``test-artifacts/``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright import sync_api as playwright_api

import pixorga_siecle_import.plugin
from pixorga_core.domain.memberships import Role
from pixorga_siecle_import.testing.samples import pupil, siecle_xml
from pixorga_siecle_import.testing.synthetic import SyntheticOptions, write_siecle_zip

pytestmark = [pytest.mark.browser]
expect = playwright_api.expect
UAI = "0759999L"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def upload(page, path: Path) -> None:
    page.get_by_role("link", name="Importer (.xml, .zip ou .csv)").click()
    page.get_by_label("Fichier à importer (.xml, .zip ou .csv)").set_input_files(str(path))
    page.get_by_role("button", name="Vérifier le fichier").click()


@pytest.fixture
def admin(pm, factories, session):
    pm.register(pixorga_siecle_import.plugin, name="siecle_import")
    school = factories.organization(name="Collège des Tilleuls", uai=UAI)
    user = factories.user(
        first_name="Claire", email="claire@ecole.test", pix_orga_terms_accepted=True
    )
    factories.membership(school, user, Role.ADMIN)
    session.commit()
    session.close()
    return school


def log_in(page) -> None:
    page.goto("/connexion")
    page.get_by_label("Adresse e-mail ou identifiant").fill("claire@ecole.test")
    page.get_by_label("Mot de passe").fill("Azerty123")
    page.get_by_role("button", name="Je me connecte").click()


def test_import_a_siecle_zip_then_search_and_filter(page, admin, tmp_path: Path, audit):
    archive = tmp_path / "ExportXML_ElevesSansAdresses.zip"
    summary = write_siecle_zip(archive, SyntheticOptions(pupils=180, uai=UAI, seed=4))
    log_in(page)
    page.get_by_role("link", name="Élèves", exact=True).click()
    expect(page.get_by_role("heading", name="Aucun élève pour le moment")).to_be_visible()
    audit(page)

    upload(page, archive)
    expect(page.get_by_role("heading", name="Vérifier l'import")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/eleves/import/apercu\?jeton="))
    expect(page.get_by_text(f"{summary.kept} retenu(s)")).to_be_visible()
    expect(
        page.locator("summary", has_text="sorti(e)s de l'établissement selon SIECLE")
    ).to_be_visible()
    audit(page)
    screenshot(page, "import-apercu")
    page.reload()  # post/redirect/get: a reload reads the preview again, nothing more
    expect(page.get_by_role("heading", name="Vérifier l'import")).to_be_visible()

    page.get_by_role("button", name="Confirmer l'import").click()
    expect(page.get_by_role("status").first).to_contain_text("La liste a été importée avec succès.")
    expect(page.get_by_text(f"{summary.kept} élèves.")).to_be_visible()
    audit(page)
    expect(page.locator("#titre-historique + table tbody tr")).to_have_count(1)

    page.go_back()  # "Retour": the preview says it was confirmed, and never imports again
    expect(page.get_by_role("heading", name="Import déjà confirmé")).to_be_visible()
    expect(page.get_by_role("button", name="Confirmer l'import")).to_have_count(0)
    audit(page)
    page.get_by_role("link", name="Voir la liste des élèves").click()
    expect(page.locator("#titre-historique + table tbody tr")).to_have_count(1)

    first_row = page.locator("table").first.locator("tbody tr").first
    last_name = first_row.locator("td").nth(0).inner_text()
    first_name = first_row.locator("td").nth(1).inner_text()
    page.get_by_label("Rechercher un nom ou un prénom").fill(f"{first_name} {last_name}")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator("table").first.locator("tbody tr").first).to_contain_text(last_name)

    page.get_by_role("link", name="Effacer les filtres").click()
    division = sorted(summary.kept_by_division)[0]
    page.get_by_label("Classe").select_option(division)
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator("table").first.locator("tbody tr")).to_have_count(
        summary.kept_by_division[division]
    )
    audit(page)

    page.get_by_role("link", name=re.compile("^Classe")).click()
    expect(page.locator("th[aria-sort]")).to_have_attribute("aria-sort", "ascending")


def test_a_file_with_errors_is_refused_and_the_list_is_kept(page, admin, tmp_path: Path, audit):
    good = tmp_path / "ElevesSansAdresses.xml"
    good.write_bytes(siecle_xml([pupil(1), pupil(2, ID_NATIONAL="000000001KG", PRENOM="Léo")]))
    bad = tmp_path / "ElevesSansAdresses-corrige.xml"
    bad.write_bytes(siecle_xml([pupil(1, DATE_NAISS="31/02/2009"), pupil(2)]))
    log_in(page)
    page.get_by_role("link", name="Élèves", exact=True).click()
    upload(page, good)
    page.get_by_role("button", name="Confirmer l'import").click()
    expect(page.get_by_text("2 élèves.")).to_be_visible()

    upload(page, bad)
    expect(page.get_by_role("heading", name="Des fiches d'élèves sont à corriger")).to_be_visible()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("contient 2 erreurs dans les fiches des élèves")
    expect(page.get_by_role("listitem").filter(has_text="« 31/02/2009 »")).to_be_visible()
    expect(page.get_by_text("INE_UNIQUE")).to_be_hidden()  # for support, under a disclosure
    page.get_by_text("Détails techniques (pour l'assistance)").click()
    expect(page.get_by_text("INE_UNIQUE")).to_be_visible()
    expect(page.get_by_role("button", name="Confirmer l'import")).to_have_count(0)
    audit(page)

    page.get_by_role("link", name="Retour à la liste des élèves").click()
    expect(page.get_by_text("2 élèves.")).to_be_visible()
