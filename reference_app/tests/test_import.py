"""Importing pupils in the browser-less app: upload → preview → confirm, rights, bad files."""

from __future__ import annotations

from html import unescape

import pytest
import webtest

from pixorga_core.domain.memberships import Role
from pixorga_core.testing import LineStudentSourcePlugin, learner_rows, table_snapshot

GOOD = "INE;Prénom;Nom;Classe\n000000001AA;Léa;Moreau;6A\n000000002AA;Noé;Martin;6B\n".encode()


@pytest.fixture
def school(pm, factories, session, login):
    pm.register(LineStudentSourcePlugin())
    school = factories.organization(name="Collège Victor-Hugo")
    admin = factories.user(email="admin@ecole.test", pix_orga_terms_accepted=True)
    member = factories.user(email="prof@ecole.test", pix_orga_terms_accepted=True)
    factories.membership(school, admin, Role.ADMIN)
    factories.membership(school, member, Role.MEMBER)
    session.commit()
    session.close()
    return school


def upload(web, school, content: bytes, name="eleves.csv", status="*"):
    """Upload from the import page; a usable file's redirect to its preview is followed."""
    page = web.get(f"/etablissements/{school.id}/eleves/import")
    form = next(f for f in page.forms.values() if f.enctype == "multipart/form-data")
    form["fichier"] = webtest.Upload(name, content)
    response = form.submit(status="*")
    if response.status_int in (302, 303):
        assert "/eleves/import/apercu?jeton=" in response.location
        response = response.follow()
    assert status == "*" or response.status_int == status, response.status
    return response


def test_upload_preview_then_confirm(web, school, login, sessions):
    login("admin@ecole.test")
    before = table_snapshot(sessions)
    preview = upload(web, school, GOOD)
    assert preview.status_int == 200
    text = unescape(preview.text)
    assert "2 nouvel(le)s élève(s)" in text.replace("<strong>", "").replace("</strong>", "")
    assert table_snapshot(sessions) == before  # the preview writes nothing
    confirm = next(f for f in preview.forms.values() if f.action.endswith("/confirmer"))
    page = confirm.submit().follow()
    assert "La liste a été importée avec succès." in unescape(page.text)
    rows = [
        [td.text for td in tr.select("td")]
        for tr in page.html.select("table")[0].select("tbody tr")
    ]
    assert rows == [["Martin", "Noé", "01/01/2011", "6B"], ["Moreau", "Léa", "01/01/2011", "6A"]]
    assert "Historique des imports" in unescape(page.text)
    assert learner_rows(sessions) == [("000000001AA", "6A", False), ("000000002AA", "6B", False)]
    # The token is single-use: confirming again imports nothing and says it was confirmed.
    after = table_snapshot(sessions)
    again = confirm.submit(status=302).follow()
    assert "a déjà été confirmé" in unescape(again.text)
    assert table_snapshot(sessions) == after


def test_a_file_with_errors_is_refused_whole(web, school, login, sessions):
    login("admin@ecole.test")
    before = table_snapshot(sessions)
    response = upload(web, school, b"INE;Prenom;Nom;Classe\nERREUR\n", status=422)
    text = unescape(response.text)
    assert "Des fiches d'élèves sont à corriger" in text
    assert "L'INE 000000001AA apparaît deux fois." in text
    assert "Confirmer l'import" not in text
    assert table_snapshot(sessions) == before


def test_an_unknown_file_is_reported_in_french(web, school, login):
    login("admin@ecole.test")
    response = upload(web, school, b"\x89PNG\r\n\x1a\nxxxx", name="photo.xml", status=422)
    assert "n'est pas reconnu" in unescape(response.text)


def test_members_see_the_list_but_cannot_import(web, school, login, sessions):
    login("prof@ecole.test")
    before = table_snapshot(sessions)
    page = web.get(f"/etablissements/{school.id}/eleves")
    assert "Importer (.xml" not in unescape(page.text)
    web.get(f"/etablissements/{school.id}/eleves/import", status=403)
    token = page.forms[0]["csrf_token"].value
    response = web.post(  # a multipart form's token is its first field
        f"/etablissements/{school.id}/eleves/import",
        [("csrf_token", token)],
        upload_files=[("fichier", "eleves.csv", GOOD)],
        status=403,
    )
    assert "Seuls les administrateurs" in unescape(response.text)
    assert table_snapshot(sessions) == before


def test_a_too_large_upload_is_refused_before_reading_it(web, school, login, monkeypatch):
    login("admin@ecole.test")
    page = web.get(f"/etablissements/{school.id}/eleves")
    token = page.forms[0]["csrf_token"].value
    response = web.post(
        f"/etablissements/{school.id}/eleves/import",
        params=b"x",
        headers={
            "Content-Type": "multipart/form-data; boundary=x",
            "Content-Length": str(600 * 1024 * 1024),
        },
        status=413,
    )
    assert "trop volumineux : la taille maximale est de 300 Mo" in unescape(response.text)
    assert "PAYLOAD_TOO_LARGE" not in response.text  # no technical code for the school
    assert token


def test_cancel_discards_the_pending_file(web, school, login, sessions, tmp_path):
    login("admin@ecole.test")
    before = table_snapshot(sessions)
    preview = upload(web, school, GOOD)
    pending = list((tmp_path / "pixorga-uploads").iterdir())
    assert len(pending) == 1
    cancel = next(f for f in preview.forms.values() if f.action.endswith("/annuler"))
    cancel.submit().follow()
    left = [p.name for p in (tmp_path / "pixorga-uploads").iterdir()]
    assert left == [f"{pending[0].name}.cancelled"]  # the file is gone, its marker says why
    assert table_snapshot(sessions) == before


# -- issue #16: the list first, post/redirect/get, who imported ----------------------------------


def test_the_list_comes_first_and_importing_is_a_button_next_to_its_heading(web, school, login):
    login("admin@ecole.test")
    page = web.get(f"/etablissements/{school.id}/eleves")
    heading = page.html.select_one(".page-heading")
    assert heading.select_one("h1").text == "Élèves"
    button = heading.select_one("a.button")
    assert button.text == "Importer (.xml, .zip ou .csv)"
    assert not page.html.select("input[type=file]")  # the form is not on the list
    form_page = web.get(button["href"])  # a plain link to a plain form: no JavaScript
    form = next(f for f in form_page.forms.values() if f.enctype == "multipart/form-data")
    assert form.method.lower() == "post"
    assert form.action == f"/etablissements/{school.id}/eleves/import"


def test_the_preview_is_its_own_page_that_a_reload_or_a_second_confirmation_never_imports(
    web, school, login, sessions
):
    login("admin@ecole.test")
    before = table_snapshot(sessions)
    page = web.get(f"/etablissements/{school.id}/eleves/import")
    form = next(f for f in page.forms.values() if f.enctype == "multipart/form-data")
    form["fichier"] = webtest.Upload("eleves.csv", GOOD)
    posted = form.submit(status=302)  # post/redirect/get
    preview_url = posted.location
    assert "/eleves/import/apercu?jeton=" in preview_url
    for _ in range(2):  # a reload reads only
        preview = web.get(preview_url)
        assert "Confirmer l'import" in unescape(preview.text)
    assert table_snapshot(sessions) == before
    confirm = next(f for f in preview.forms.values() if f.action.endswith("/confirmer"))
    confirm.submit(status=302).follow()
    imported = table_snapshot(sessions)
    assert len(imported["organization_imports"]) == 1
    # "Retour" to the preview: it says the import was confirmed and leads to the list.
    again = web.get(preview_url)
    text = unescape(again.text)
    assert "a déjà été confirmé" in text
    assert "Confirmer l'import" not in text
    assert again.html.select_one("main a.button")["href"] == f"/etablissements/{school.id}/eleves"
    # The old page's button, clicked again, comes back to that page, importing nothing.
    assert confirm.submit(status=302).location.endswith(preview_url.split("/", 3)[-1])
    assert table_snapshot(sessions) == imported


def test_a_cancelled_preview_says_so(web, school, login, sessions):
    login("admin@ecole.test")
    before = table_snapshot(sessions)
    preview = upload(web, school, GOOD)
    cancel = next(f for f in preview.forms.values() if f.action.endswith("/annuler"))
    cancel.submit(status=302)
    assert "a été annulé" in unescape(web.get(preview.request.url).text)
    assert table_snapshot(sessions) == before


def test_the_history_says_who_imported_and_when_in_paris_time(web, school, login, sessions):
    from pixorga_core import clock
    from pixorga_core.services import imports

    login("admin@ecole.test")
    preview = upload(web, school, GOOD)
    confirm = next(f for f in preview.forms.values() if f.action.endswith("/confirmer"))
    page = confirm.submit().follow()
    history = page.html.select_one("#titre-historique").find_parent("section")
    headers = [th.text for th in history.select("th")]
    assert headers[:2] == ["Date", "Importé par"]
    cells = [td.text for td in history.select("tbody tr td")]
    with sessions() as session:
        (record,) = imports.history(session, school.id)
    assert cells[:3] == [clock.datetime_fr(record.created_at), record.imported_by, "eleves.csv"]
    assert record.imported_by.startswith("Camille Durand")


def test_the_documentation_page_helps_with_the_siecle_export_and_frequent_difficulties(
    web, school, login
):
    login("prof@ecole.test")
    page = web.get("/documentation")
    text = unescape(page.text)
    for words in (
        "Exportations › En XML",
        "Élèves sans adresses",
        "Le fichier .zip est accepté tel\n    quel : inutile de l'extraire",
        "Importer (.xml, .zip ou .csv)",
    ):
        assert words in text
    questions = [h.text for h in page.html.select("#difficultes ~ h3")]
    assert questions[:6] == [
        "Je voudrais tester mes propres campagnes",
        "Un collègue n'a pas reçu l'e-mail d'invitation",
        "Mes élèves ne sont pas reconnus quand ils saisissent leur date de naissance",
        "Le lien de l'e-mail d'activation de l'établissement ne fonctionne pas",
        "Je n'arrive pas à me connecter à Pix Orga alors que j'ai un compte Pix",
        "Je ne trouve pas le fichier SIECLE à importer",
    ]
    # The buttons it names exist (a renamed button must update the help page).
    from pixorga_reference_app.context import TEMPLATE_DIR

    for template, button in (
        ("campaigns_detail.tpl", "Tester la campagne"),
        ("team.tpl", "Renvoyer l'invitation"),
        ("learners.tpl", "Importer (.xml, .zip ou .csv)"),
    ):
        assert button in text
        assert button in (TEMPLATE_DIR / template).read_text(encoding="utf-8")
