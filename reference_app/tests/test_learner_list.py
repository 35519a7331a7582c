"""The pupil list page: search, class filter, sortable columns, pagination, in French."""

from __future__ import annotations

from datetime import date
from html import unescape

import pytest

from pixorga_core.domain.memberships import Role


@pytest.fixture
def school(factories, session):
    school = factories.organization(name="Collège des Tilleuls")
    teacher = factories.user(email="prof@ecole.test", pix_orga_terms_accepted=True)
    factories.membership(school, teacher, Role.MEMBER)
    for n in range(60):
        factories.learner(
            school,
            first_name=f"Prénom{n:02d}",
            last_name=f"Nom{n:02d}",
            birthdate=date(2011, 1 + n % 12, 1 + n % 28),
            division="6A" if n % 2 else "5B",
        )
    factories.learner(school, first_name="Zoé", last_name="Œuvray", division="3 C")
    session.commit()
    session.close()
    return school


def cells(page) -> list[list[str]]:
    table = page.html.select("table")[0]
    return [[td.text for td in tr.select("td")] for tr in table.select("tbody tr")]


def test_first_page_then_next_page(web, school, login):
    login("prof@ecole.test")
    page = web.get(f"/etablissements/{school.id}/eleves")
    text = unescape(page.text)
    assert "61 élèves." in text
    assert "Page 1 sur 2" in text
    assert cells(page)[0] == ["Nom00", "Prénom00", "01/01/2011", "5B"]
    assert len(cells(page)) == 50
    second = page.click("Page suivante")
    assert len(cells(second)) == 11
    assert cells(second)[-1][:2] == ["Œuvray", "Zoé"]  # "Œ" sorts as "OE", after "Nom"
    assert "Page précédente" in unescape(second.text)


def test_search_and_class_filter_through_the_form(web, school, login):
    login("prof@ecole.test")
    page = web.get(f"/etablissements/{school.id}/eleves")
    form = next(f for f in page.forms.values() if f.method.lower() == "get")
    form["recherche"] = "oeuvray"
    found = form.submit()
    assert cells(found) == [["Œuvray", "Zoé", "14/03/2011", "3 C"]]
    assert "1 élève correspondant aux filtres." in unescape(found.text)
    form = next(f for f in found.forms.values() if f.method.lower() == "get")
    form["recherche"] = ""
    form["classe"] = "6A"
    in_class = form.submit()
    assert {row[3] for row in cells(in_class)} == {"6A"}
    assert "30 élèves correspondant aux filtres." in unescape(in_class.text)
    options = [o.text for o in in_class.html.select("#classe option")]
    assert options == ["Toutes les classes", "3 C", "5B", "6A"]


def test_sortable_columns_say_their_order(web, school, login):
    login("prof@ecole.test")
    page = web.get(f"/etablissements/{school.id}/eleves")
    header = page.html.select("th[aria-sort]")
    assert [th.get("aria-sort") for th in header] == ["ascending"]
    by_class = page.click(href=r"tri=classe")
    assert cells(by_class)[0][3] == "3 C"
    descending = by_class.click(href=r"tri=classe&ordre=desc")
    assert cells(descending)[0][3] == "6A"
    assert descending.html.select_one("th[aria-sort]").get("aria-sort") == "descending"


def test_an_empty_search_result_says_so(web, school, login):
    login("prof@ecole.test")
    page = web.get(f"/etablissements/{school.id}/eleves?recherche=personne")
    assert "0 élève correspondant aux filtres." in unescape(page.text)
    assert "Effacer les filtres" in unescape(page.text)
