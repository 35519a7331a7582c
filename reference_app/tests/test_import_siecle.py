"""The whole import path with real school files (SIECLE XML, zip, CSV) and every bad input.

Each refusal answers 422 with the code and its French message, and the pupils table is exactly
as before.
"""

from __future__ import annotations

import io
import zipfile
from html import unescape

import pytest
import webtest

import pixorga_siecle_import.plugin
from pixorga_core.domain.memberships import Role
from pixorga_core.testing import learner_rows, table_snapshot
from pixorga_siecle_import.csv_reader import COLUMNS
from pixorga_siecle_import.testing.samples import pupil, siecle_xml
from pixorga_siecle_import.testing.synthetic import SyntheticOptions, write_siecle

UAI = "0759999L"


@pytest.fixture
def school(pm, factories, session):
    pm.register(pixorga_siecle_import.plugin, name="siecle_import")
    school = factories.organization(name="Collège des Tilleuls", uai=UAI)
    admin = factories.user(email="admin@ecole.test", pix_orga_terms_accepted=True)
    factories.membership(school, admin, Role.ADMIN)
    session.commit()
    session.close()
    return school


def upload(web, school, content: bytes, name: str, status="*"):
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


def confirm(preview):
    form = next(f for f in preview.forms.values() if f.action.endswith("/confirmer"))
    return form.submit().follow()


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def synthetic(pupils: int, seed: int = 3) -> tuple[bytes, object]:
    out = io.BytesIO()
    summary = write_siecle(out, SyntheticOptions(pupils=pupils, uai=UAI, seed=seed))
    return out.getvalue(), summary


def test_a_siecle_zip_is_previewed_then_imported_then_reimported_unchanged(
    web, school, login, sessions
):
    login("admin@ecole.test")
    data, summary = synthetic(300)
    archive = zipped({"ElevesSansAdresses.xml": data})
    preview = upload(web, school, archive, "ExportXML_ElevesSansAdresses.zip")
    text = unescape(preview.text)
    assert f"{summary.in_file} élève(s) dans le fichier, {summary.kept} retenu(s)" in text
    # Every pupil not kept is accounted for, in French (issue #16, point 5).
    left_out = text.replace("<strong>", "").replace("</strong>", "")
    for count, words in (
        (summary.leavers, "sorti(e)s de l'établissement selon SIECLE"),
        (summary.without_ine, "sans INE"),
        (summary.inactive_only, "rattaché(e)s à aucune classe"),
    ):
        assert (count and f"{count} élève(s) {words}" in left_out) or words not in left_out
    assert "DIVISION_REQUIRED" not in text.split("Détails techniques")[0]
    assert learner_rows(sessions) == []
    listing = confirm(preview)
    assert "La liste a été importée avec succès." in unescape(listing.text)
    assert f"{summary.kept} élèves." in unescape(listing.text)
    imported = learner_rows(sessions)
    assert len(imported) == summary.kept
    # The same file again: "Aucun changement", nothing to confirm (issue #16, point 4)...
    before = table_snapshot(sessions)
    again = upload(web, school, archive, "ExportXML_ElevesSansAdresses.zip")
    text = unescape(again.text)
    assert "Aucun changement" in text
    assert "Confirmer l'import" not in text
    # ...and a confirmation forged with its token writes nothing, not even a history row.
    token = next(f for f in again.forms.values() if f.action.endswith("/annuler"))["jeton"].value
    csrf = again.forms[0]["csrf_token"].value
    forged = web.post(
        f"/etablissements/{school.id}/eleves/import/confirmer",
        {"csrf_token": csrf, "jeton": token},
        status=302,
    ).follow()
    assert "Aucun changement" in unescape(forged.text)
    assert table_snapshot(sessions) == before
    assert learner_rows(sessions) == imported


def test_a_reimport_shows_class_changes_and_leavers(web, school, login, sessions):
    login("admin@ecole.test")
    first = siecle_xml([pupil(1), pupil(2, ID_NATIONAL="000000001KG", PRENOM="Léo")])
    confirm(upload(web, school, first, "ElevesSansAdresses.xml"))
    second = siecle_xml(
        [
            pupil(1, structures=[("4B", "D")]),
            pupil(2, ID_NATIONAL="000000001KG", PRENOM="Léo", DATE_SORTIE="10/01/2025"),
        ]
    )
    preview = upload(web, school, second, "ElevesSansAdresses.xml")
    text = unescape(preview.text)
    assert "Changements de classe (1)" in text
    # Léo left: in the file with an exit date, so not "absent du fichier" (issue #16, point 5).
    assert "Élèves que le fichier ne retient plus, qui seront désactivés (1)" in text
    assert "Élèves absents du fichier" not in text
    confirm(preview)
    assert learner_rows(sessions) == [("000000001KG", "5A", True), ("123456789FJ", "4B", False)]


def test_the_csv_template_is_offered_and_a_filled_csv_is_imported(web, school, login, sessions):
    login("admin@ecole.test")
    page = web.get(f"/etablissements/{school.id}/eleves/import")
    template = page.click("Télécharger le modèle de fichier CSV")
    assert template.content_type == "text/csv"
    assert "modele-import-eleves.csv" in template.headers["Content-Disposition"]
    line = "123456789FJ;Zoé;;;Œuvray;;Féminin;14/03/2012;75056;;075;99100;ST;10110001110;1STAV"
    filled = template.body + line.encode("utf-8") + b"\r\n"
    confirm(upload(web, school, filled, "eleves.csv"))
    assert learner_rows(sessions) == [("123456789FJ", "1STAV", False)]
    assert ";".join(COLUMNS) in template.body.decode("utf-8-sig")


XXE = (
    b'<?xml version="1.0"?>\n<!DOCTYPE BEE_ELEVES [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    b"<BEE_ELEVES><PARAMETRES><UAJ>&x;</UAJ></PARAMETRES></BEE_ELEVES>"
)
LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
    b"<BEE_ELEVES><PARAMETRES><UAJ>&lol3;</UAJ></PARAMETRES></BEE_ELEVES>"
)
GOOD = siecle_xml([pupil(1), pupil(2, ID_NATIONAL="000000001KG")])

BAD_FILES = {
    "xxe": (XXE, "eleves.xml", "INVALID_FILE", "refusé par sécurité"),
    "billion laughs": (LAUGHS, "eleves.xml", "INVALID_FILE", "refusé par sécurité"),
    "doctype": (
        GOOD.replace(b"?>\n", b'?>\n<!DOCTYPE BEE_ELEVES SYSTEM "x.dtd">\n', 1),
        "eleves.xml",
        "INVALID_FILE",
        "refusé par sécurité",
    ),
    "zip bomb": (
        zipped({"ElevesSansAdresses.xml": GOOD + b" " * (40 * 1024 * 1024)}),
        "ExportXML_ElevesSansAdresses.zip",
        "INVALID_FILE",
        "anormalement compressée",
    ),
    "zip with two xml": (
        zipped({"ElevesSansAdresses.xml": GOOD, "Nomenclature.xml": GOOD}),
        "export.zip",
        "INVALID_FILE",
        "plusieurs fichiers XML",
    ),
    "empty": (b"", "ElevesSansAdresses.xml", "EMPTY", "est vide"),
    "png renamed xml": (
        b"\x89PNG\r\n\x1a\n" + bytes(64),
        "ElevesSansAdresses.xml",
        "INVALID_FILE",
        "n'est pas reconnu",
    ),
    "truncated": (GOOD[: len(GOOD) // 2], "eleves.xml", "INVALID_FILE", "incomplet ou abîmé"),
    "undeclared encoding": (
        GOOD.replace(b' encoding="ISO-8859-15"', b""),
        "eleves.xml",
        "ENCODING_NOT_SUPPORTED",
        "encodage",
    ),
    "wrong uaj": (
        siecle_xml([pupil(1)], uai="0930001W"),
        "eleves.xml",
        "UAI_MISMATCHED",
        "l'export de l'établissement 0930001W",
    ),
    "duplicated ine": (
        siecle_xml([pupil(1), pupil(2)]),
        "eleves.xml",
        "INE_UNIQUE",
        "L'INE 123456789FJ figure deux fois",
    ),
    "no commune code": (
        siecle_xml([pupil(1, CODE_COMMUNE_INSEE_NAISS=None)]),
        "eleves.xml",
        "BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT",
        "né(e) en France",
    ),
    "impossible birthdate": (
        siecle_xml([pupil(1, DATE_NAISS="31/02/2009")]),
        "eleves.xml",
        "INVALID_BIRTHDATE_FORMAT",
        "« 31/02/2009 »",
    ),
    "garbled names (re-saved in the wrong encoding)": (
        siecle_xml([pupil(1, PRENOM="CÃ©cile"), pupil(2, ID_NATIONAL="000000001KG")]),
        "eleves.xml",
        "ENCODING_NOT_SUPPORTED",
        "mauvais encodage : des noms y sont déformés (par exemple « CÃ©cile »)",
    ),
    "a replacement character": (
        siecle_xml([pupil(1, PRENOM="Ma\ufffdllys")], encoding="UTF-8"),
        "eleves.xml",
        "ENCODING_NOT_SUPPORTED",
        "Exportations > En XML > Élèves sans adresses",
    ),
    "csv separated by commas": (
        ",".join(COLUMNS).encode() + b"\r\n",
        "eleves.csv",
        "BAD_CSV_FORMAT",
        "ne sont pas séparées par des points-virgules",
    ),
    "csv saved twice in utf-8": (
        (";".join(COLUMNS) + "\r\n123456789FJ;CÃ©cile;;;Martin\r\n").encode(),
        "eleves.csv",
        "ENCODING_NOT_SUPPORTED",
        "CSV UTF-8 (délimité par des points-virgules)",
    ),
}
PUPIL_DATA_CASES = {"duplicated ine", "no commune code", "impossible birthdate"}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_files_are_refused_with_their_code_and_nothing_changes(
    web, school, login, sessions, case
):
    login("admin@ecole.test")
    confirm(upload(web, school, siecle_xml([pupil(9, ID_NATIONAL="000000097KH")]), "e.xml"))
    before = table_snapshot(sessions)
    data, name, code, words = BAD_FILES[case]
    response = upload(web, school, data, name, status=422)
    text = unescape(response.text)
    school_facing, technical = text.split("Détails techniques", 1)
    assert code in technical  # codes and XML lines only in the disclosure (issue #16, point 6)
    assert code not in school_facing
    assert words in school_facing
    assert "Confirmer l'import" not in text
    # Only the refusal: nothing about pupils to disable (point 1), and a heading of its cause
    # (point 2).
    assert "désactivé" not in text
    heading = response.html.select_one("h1").text
    if code == "UAI_MISMATCHED":
        assert heading == "Ce fichier n'est pas celui de votre établissement"
    elif case in PUPIL_DATA_CASES:
        assert heading == "Des fiches d'élèves sont à corriger"
        assert "Corrigez ces fiches à la source" in text
    else:
        assert heading == "Ce fichier ne peut pas être importé"
        assert "Corrigez ces fiches" not in text
    assert "Traceback" not in text
    assert table_snapshot(sessions) == before
