"""domain.exports: cells, file names, and the lines' counts agree with domain.results."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pixorga_core.domain.assessments import KnowledgeElementStatus
from pixorga_core.domain.campaigns import ParticipationStatus
from pixorga_core.domain.exports import (
    ExportCampaign,
    ExportParticipant,
    ascii_file_name,
    date_cell,
    decimal_fr,
    file_name,
    layout_of,
    safe_text,
)
from pixorga_core.domain.results import compute_result, target_of
from pixorga_core.simulation.synthetic import synthetic_referential

REFERENTIAL = synthetic_referential(skills=60, competences=4, seed=3)
TARGET = target_of(REFERENTIAL, REFERENTIAL.target_profile("all"))
T0 = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # the night summer time starts in Paris


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+2", "'=1+2"),
        ("+33 6 12", "'+33 6 12"),
        ("-Dupont", "'-Dupont"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\n=1", "'\n=1"),
        ("  =1", "'  =1"),
        ("Jean-Marie", "Jean-Marie"),
        ("3e4 ; « A »", "3e4 ; « A »"),
        ("", ""),
    ],
)
def test_cells_a_spreadsheet_would_run_are_prefixed(cell, safe):
    assert safe_text(cell) == safe


def test_numbers_dates_and_file_names():
    assert [decimal_fr(x, 2) for x in (0.0, 1.0, 0.5, 2 / 3, 0.004)] == [
        "0",
        "1",
        "0,5",
        "0,67",
        "0",
    ]
    assert decimal_fr(1 / 3, 3) == "0,333"
    assert date_cell(datetime(2026, 9, 14, 22, 30, tzinfo=UTC)) == "2026-09-15"
    assert (
        file_name("3e4 / « Recherche »\n", 12, T0)
        == "Resultats-3e4 _ « Recherche »_-12-2026-03-29-0130.csv"
    )
    assert file_name("", 1, T0).startswith("Resultats-campagne-1-")
    assert ascii_file_name("Résultats « 3e » ;=.csv") == "Resultats_3e_.csv"


knowledge = st.dictionaries(
    st.sampled_from([s.id for s in REFERENTIAL.skills] + ["elsewhere"]),
    st.sampled_from(list(KnowledgeElementStatus)),
)


@settings(max_examples=60, deadline=None)
@given(knowledge, st.booleans(), st.booleans())
def test_a_shared_line_counts_as_compute_result(elements, stored, with_skills):
    class KE:
        def __init__(self, skill_id, status):
            self.skill_id, self.status, self.earned_pix = skill_id, status, 0.0

    result = compute_result(TARGET, [KE(s, v) for s, v in elements.items()])
    campaign = ExportCampaign(
        organization_name="=Collège",
        campaign_id=1,
        code="ABCDEF234",
        name="n",
        target_profile_name="p",
    )
    layout = layout_of(campaign, TARGET, with_skills=with_skills)
    validated = frozenset(s for s, v in elements.items() if v is KnowledgeElementStatus.VALIDATED)
    line = layout.row(
        ExportParticipant(
            participation_id=1,
            last_name="N",
            first_name="P",
            status=ParticipationStatus.SHARED,
            created_at=T0,
            shared_at=T0,
            completed=True,
            validated=validated,
            failed=frozenset(elements) - validated,
            by_competence={c.competence_id: c.validated for c in result.competences}
            if stored
            else None,
        )
    )
    assert len(line) == len(layout.header)
    assert line[0] == "'=Collège"
    at = layout.header.index("% maitrise de l'ensemble des acquis du profil")
    assert line[at] == decimal_fr(result.mastery_rate, 2)
    cells = line[at + 1 :]
    for c in result.competences:
        assert cells[:3] == [decimal_fr(c.mastery_rate, 2), str(c.targeted), str(c.validated)]
        cells = cells[3:]
    for a in result.areas:
        assert cells[:3] == [decimal_fr(a.mastery_rate, 2), str(a.targeted), str(a.validated)]
        cells = cells[3:]
    names = {
        None: "Non testé",
        KnowledgeElementStatus.VALIDATED: "OK",
        KnowledgeElementStatus.INVALIDATED: "KO",
    }
    assert cells == (
        [names[result.skill_status(s.id)] for s in TARGET.skills] if with_skills else []
    )
