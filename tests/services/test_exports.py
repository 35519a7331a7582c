"""« Exporter résultats (.csv) » (issue #15, pix-rules §8): the file parsed and checked cell by
cell against the participations in the database (results recomputed from the snapshot with
``domain.results.compute_result``, an independent path), streaming a chunk at a time, the
rights, and hostile names that leave the CSV well-formed and safe."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from pixorga_core.access import SystemContext
from pixorga_core.clock import in_paris
from pixorga_core.domain.assessments import KnowledgeElementStatus
from pixorga_core.domain.campaigns import ParticipationStatus
from pixorga_core.domain.memberships import Role
from pixorga_core.domain.organizations import OrganizationType
from pixorga_core.domain.results import compute_result, progression, target_of
from pixorga_core.errors import NotFoundError, PermissionDeniedError
from pixorga_core.services import campaigns, exports, orga
from pixorga_core.storage.repositories import assessments as assessments_repo
from pixorga_core.storage.repositories import exports as exports_repo
from pixorga_core.storage.repositories import learners as learners_repo
from pixorga_core.storage.repositories import participations as participations_repo
from pixorga_core.storage.repositories import users as users_repo

V, X = KnowledgeElementStatus.VALIDATED, KnowledgeElementStatus.INVALIDATED
T0 = datetime(2026, 9, 14, 21, 30, tzinfo=UTC)  # 23:30 in Paris: the Paris day is the 14th
SHARED_AT = datetime(2026, 9, 15, 22, 45, tzinfo=UTC)  # the 16th in Paris
PROFILE = "parcours-decouverte"


@pytest.fixture
def school(factories):
    return factories.organization(name="Collège Pix")


@pytest.fixture
def teacher(factories, school):
    user = factories.user(first_name="Sophie", last_name="Pix")
    factories.membership(school, user, Role.MEMBER)
    return user


def context_of(session, user, school):
    return orga.context_for(session, user.id, school.id)


def new_campaign(session, hooks, teacher, school, **overrides):
    values = {"name": "Classe de 3e4", "target": f"pix-demo:{PROFILE}"}
    values.update(overrides)
    return campaigns.create_campaign(
        session, hooks, context_of(session, teacher, school), campaigns.CampaignForm(**values)
    )


@pytest.fixture
def campaign(session, hooks, teacher, school):
    return new_campaign(
        session, hooks, teacher, school, asks_external_id=True, external_id_label="Numéro élève"
    )


@pytest.fixture
def target(hooks):
    referential, profile = hooks.referentials().find_target_profile(
        PROFILE, referential_id="pix-demo"
    )
    return target_of(referential, profile)


@pytest.fixture
def pupils(factories, school, campaign, target):
    """Shared, finished not shared, under way, not started; one deleted; one elsewhere."""
    skills = [s.id for s in target.skills]
    made = {}

    def pupil(key, status, knowledge, division="3E4", **kw):
        learner = factories.learner(
            school, first_name=key.capitalize(), last_name="Élève " + key, division=division
        )
        made[key] = factories.participation(
            campaign,
            learner=learner,
            knowledge=knowledge,
            status=status,
            external_id=f"ID-{key}",
            started_at=T0,
            shared_at=SHARED_AT,
            **kw,
        )

    pupil("ada", ParticipationStatus.SHARED, {s: V if i % 3 else X for i, s in enumerate(skills)})
    pupil("bob", ParticipationStatus.SHARED, {skills[0]: V, skills[5]: X}, division="3E1")
    pupil("cleo", ParticipationStatus.TO_SHARE, dict.fromkeys(skills, V))
    pupil("dan", ParticipationStatus.STARTED, {skills[1]: V, skills[2]: X, "not-a-target": V})
    pupil("eve", ParticipationStatus.STARTED, {})
    return made


def parse(export) -> list[list[str]]:
    data = b"".join(export.chunks())
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8")[1:]
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def fr(value: float) -> str:
    return f"{value:.10g}".replace(".", ",")


def expected_line(session, school, campaign, target, participation, with_skills=False):
    """The line of ``participation``, from the database, through compute_result."""
    (learner,) = learners_repo.get_many(session, [participation.organization_learner_id])
    user = users_repo.get(session, participation.user_id)
    assert learner.first_name == user.first_name  # factories copy them
    assessment = assessments_repo.for_participation(session, participation.id)
    head = [
        school.name,
        str(campaign.id),
        campaign.code,
        campaign.name,
        "Parcours découverte",
        learner.last_name,
        learner.first_name,
        learner.division,
        participation.external_id,
    ]
    started = in_paris(participation.created_at).strftime("%Y-%m-%d")
    if not participation.is_shared:
        kes = assessments_repo.knowledge_elements(session, assessment.id)
        progress = progression(
            completed=assessment.is_completed,
            evaluated=compute_result(target, kes).evaluated,
            targeted=target.targeted,
        )
        na = 1 + 3 * (len(target.competences) + len(target.areas))
        na += target.targeted if with_skills else 0
        return [*head, fr(progress), started, "Non", "NA", *["NA"] * na]
    result = compute_result(target, participation_snapshot(session, participation.id))
    cells = [
        *head,
        "1",
        started,
        "Oui",
        in_paris(participation.shared_at).strftime("%Y-%m-%d"),
        fr(round(result.mastery_rate, 2)),
    ]
    for c in result.competences:
        cells += [fr(round(c.mastery_rate, 2)), str(c.targeted), str(c.validated)]
    for a in result.areas:
        cells += [fr(round(a.mastery_rate, 2)), str(a.targeted), str(a.validated)]
    if with_skills:
        names = {None: "Non testé", V: "OK", X: "KO"}
        cells += [names[result.skill_status(s.id)] for s in target.skills]
    return cells


def participation_snapshot(session, participation_id):
    return participations_repo.snapshot(session, participation_id)


@pytest.mark.parametrize(
    ("with_skills", "counts_stored"), [(False, True), (False, False), (True, True)]
)
def test_the_file_matches_the_database_cell_by_cell(
    session,
    hooks,
    school,
    teacher,
    campaign,
    target,
    pupils,
    factories,
    with_skills,
    counts_stored,
    monkeypatch,
):
    """As « J'envoie mes résultats » stores them, or not (shared before they were stored)."""
    if counts_stored and not with_skills:  # then the snapshot is not read at all
        real = exports_repo._snapshots
        monkeypatch.setattr(
            exports_repo,
            "_snapshots",
            lambda s, ids, **kw: real(s, ids, **kw) if not ids else 1 / 0,
        )
    from pixorga_core.storage.models import CampaignParticipationRow

    for participation in pupils.values():
        if counts_stored and participation.is_shared:
            result = compute_result(target, participation_snapshot(session, participation.id))
            row = session.get(CampaignParticipationRow, participation.id)
            # Deliberately off for "ada" when the skill columns make the export read the
            # snapshot: the snapshot wins.
            row.validated_by_competence = {
                c.competence_id: c.validated + (with_skills and participation.id % 2)
                for c in result.competences
            }
    deleted = factories.participation(campaign, learner=factories.learner(school))
    session.get(CampaignParticipationRow, deleted.id).deleted_at = T0
    other = new_campaign(session, hooks, teacher, school, name="Autre")
    factories.participation(other, learner=factories.learner(school))
    session.flush()

    export = exports.campaign_export(
        session,
        hooks,
        context_of(session, teacher, school),
        campaign.id,
        with_skills=with_skills,
        now=T0,
    )
    lines = parse(export)
    header = lines[0]
    assert header[:15] == [
        "Nom de l'organisation",
        "ID Campagne",
        "Code",
        "Nom de la campagne",
        "Nom du Profil Cible",
        "Nom du Participant",
        "Prénom du Participant",
        "Classe",
        "Numéro élève",
        "% de progression",
        "Date de début",
        "Partage (O/N)",
        "Date du partage",
        "% maitrise de l'ensemble des acquis du profil",
        f"% de maitrise des acquis de la compétence {target.competences[0].name}",
    ]
    assert len(target.competences) > 1
    assert len(target.areas) > 1
    assert f"Acquis maitrisés du domaine {target.areas[-1].name}" in header
    if with_skills:
        assert header[-target.targeted :] == ["'" + s.name for s in target.skills]  # "@…"
    assert len(header) == 14 + 3 * (len(target.competences) + len(target.areas)) + (
        target.targeted if with_skills else 0
    )
    rows = lines[1:]
    assert [r[5] for r in rows] == sorted(f"Élève {k}" for k in pupils)  # by name
    by_name = {r[5]: r for r in rows}
    for participation in pupils.values():
        participation = participations_repo.get(session, participation.id)
        line = expected_line(session, school, campaign, target, participation, with_skills)
        assert by_name[line[5]] == line
        assert len(line) == len(header)
    assert by_name["Élève ada"][10] == "2026-09-14"  # started in Paris time
    assert by_name["Élève ada"][12] == "2026-09-16"
    assert by_name["Élève cleo"][9] == "1"
    assert by_name["Élève eve"][9] == "0"
    assert by_name["Élève dan"][9] == fr(round(2 / target.targeted, 3))
    assert export.file_name == f"Resultats-Classe de 3e4-{campaign.id}-2026-09-14-2330.csv"


def test_no_class_column_outside_a_school_managing_its_pupils_nor_id_column_without_label(
    session, hooks, factories
):
    school = factories.organization(type=OrganizationType.PRO, is_managing_students=False)
    teacher = factories.user()
    factories.membership(school, teacher, Role.ADMIN)
    campaign = new_campaign(session, hooks, teacher, school)
    factories.participation(campaign, user=factories.user(first_name="Zoé", last_name="Nom"))
    lines = parse(
        exports.campaign_export(session, hooks, context_of(session, teacher, school), campaign.id)
    )
    assert lines[0][5:9] == [
        "Nom du Participant",
        "Prénom du Participant",
        "% de progression",
        "Date de début",
    ]
    assert lines[1][5:7] == ["Nom", "Zoé"]


def test_the_header_comes_first_then_one_chunk_at_a_time(
    session, hooks, school, teacher, campaign, pupils, monkeypatch
):
    pulled = []
    real = exports_repo.participants

    def spy(*args, **kwargs):
        for chunk in real(*args, **kwargs):
            pulled.append(len(chunk))
            yield chunk

    monkeypatch.setattr(exports_repo, "participants", spy)
    export = exports.campaign_export(
        session, hooks, context_of(session, teacher, school), campaign.id
    )
    export.chunk_size = 2
    chunks = export.chunks()
    header = next(chunks)
    assert header.startswith(b"\xef\xbb\xbfNom de l'organisation;")
    assert pulled == []
    first = next(chunks)
    assert pulled == [2]
    assert first.count(b"\r\n") == 2
    assert export.rows_written == 2
    rest = list(chunks)
    assert pulled == [2, 2, 1]
    assert len(rest) == 2
    assert export.rows_written == 5
    assert export.count() == 5


def test_hostile_names_keep_the_file_well_formed_and_inert(
    session, hooks, factories, teacher, school
):
    name = '=HYPERLINK("http://evil.test";"clic"); 3e "A"\nsuite'
    campaign = new_campaign(session, hooks, teacher, school, name="tmp")
    from pixorga_core.storage.models import CampaignRow

    session.get(CampaignRow, campaign.id).name = name  # past the form's own cleaning
    session.flush()
    for first, last in [("+33 6", "-Dupont"), ("@SUM(A1)", "\tTab"), (" =1+1", "\rCR")]:
        learner = factories.learner(school, first_name=first, last_name=last)
        factories.participation(campaign, learner=learner, external_id="=1+2")
    export = exports.campaign_export(
        session, hooks, context_of(session, teacher, school), campaign.id, now=T0
    )
    lines = parse(export)
    assert len(lines) == 4
    assert {len(line) for line in lines} == {len(lines[0])}
    for row in lines[1:]:
        assert row[3] == "'" + name
        assert row[5][0] == "'"
        assert row[6][0] == "'"
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", " ="))
    assert "\n" not in export.file_name
    assert "/" not in export.file_name
    assert '"' not in export.file_name
    assert ";" in export.file_name
    assert export.file_name.startswith("Resultats-=HYPERLINK(_http_")


def test_rights_any_member_of_the_school_nobody_else(
    session, hooks, factories, school, teacher, campaign, pupils, table_snapshot
):
    admin = factories.user()
    factories.membership(school, admin, Role.ADMIN)
    for user in (teacher, admin):
        assert parse(
            exports.campaign_export(session, hooks, context_of(session, user, school), campaign.id)
        )
    system = SystemContext(organization=school, operator="test")
    assert exports.campaign_export(session, hooks, system, campaign.id)
    other_school = factories.organization()
    stranger = factories.user()
    factories.membership(other_school, stranger, Role.ADMIN)
    before = table_snapshot()
    with pytest.raises(NotFoundError):
        exports.campaign_export(
            session, hooks, context_of(session, stranger, other_school), campaign.id
        )
    with pytest.raises(PermissionDeniedError):
        exports.campaign_export(session, hooks, None, campaign.id)
    with pytest.raises(NotFoundError):
        exports.campaign_export(session, hooks, context_of(session, teacher, school), 10**9)
    with pytest.raises(NotFoundError):
        exports.export_for_code(session, hooks, "AAAAAA222", operator="test")
    assert table_snapshot() == before


def test_a_deleted_campaign_is_not_exported(
    session, hooks, school, teacher, campaign, table_snapshot
):
    campaigns.delete_campaign(session, context_of(session, teacher, school), campaign.id)
    before = table_snapshot()
    with pytest.raises(NotFoundError):
        exports.campaign_export(session, hooks, context_of(session, teacher, school), campaign.id)
    with pytest.raises(NotFoundError):
        exports.export_for_code(session, hooks, campaign.code, operator="test")
    assert table_snapshot() == before
