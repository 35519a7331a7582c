"""The import service: preview without writing, commit all-or-nothing, idempotent re-import."""

from __future__ import annotations

import io
import threading
from datetime import date

import attrs
import pytest
from sqlalchemy import func, select

from pixorga_core.access import SystemContext
from pixorga_core.domain.imports import ImportBatch, ImportIssue, LeftOutPupil, LeftOutReason
from pixorga_core.domain.learners import LearnerRecord, Sex
from pixorga_core.errors import InvalidInputError
from pixorga_core.hooks import hookimpl
from pixorga_core.services import imports
from pixorga_core.storage.models import OrganizationImportRow, OrganizationLearnerRow
from pixorga_core.testing import table_snapshot


def pupil(n: int, **overrides) -> LearnerRecord:
    values = {
        "national_student_id": f"{n:09d}AA",
        "first_name": "Léa",
        "last_name": f"Moreau{n}",
        "sex": Sex.FEMALE,
        "birthdate": date(2011, 3, 14),
        "division": "6A",
    }
    values.update(overrides)
    return LearnerRecord(**values)


def system(school) -> SystemContext:
    """The engine's tests import as the command line does: with every right."""
    return SystemContext(organization=school, operator="test")


def batch(*records: LearnerRecord, errors=()) -> ImportBatch:
    return ImportBatch(source="test", records=records, in_file=len(records), errors=errors)


def snapshot(session, organization_id: int) -> list[tuple]:
    rows = session.execute(
        select(OrganizationLearnerRow).where(
            OrganizationLearnerRow.organization_id == organization_id
        )
    ).scalars()
    return sorted(
        (
            r.national_student_id,
            r.first_name,
            r.last_name,
            r.division,
            r.is_disabled,
            r.user_id,
            r.updated_at,
        )
        for r in rows
    )


def commit(session, hooks, school, the_batch):
    report = imports.commit_import(
        session, hooks, system(school), the_batch, file_name="eleves.xml"
    )
    session.commit()
    return report


def test_preview_counts_arrivals_and_writes_nothing(session, hooks, factories):
    school = factories.organization()
    session.commit()
    preview = imports.preview_import(session, system(school), batch(pupil(1), pupil(2)))
    assert preview.counts.created == 2
    assert [r.national_student_id for r in preview.arrivals] == ["000000001AA", "000000002AA"]
    assert snapshot(session, school.id) == []


def test_commit_then_the_same_file_again_changes_nothing(session, hooks, factories):
    school = factories.organization()
    session.commit()
    first = commit(session, hooks, school, batch(pupil(1), pupil(2), pupil(3)))
    assert first.counts.created == 3
    before = snapshot(session, school.id)
    again = commit(session, hooks, school, batch(pupil(1), pupil(2), pupil(3)))
    assert attrs.asdict(again.counts) == {
        "in_file": 3,
        "kept": 3,
        "created": 0,
        "updated": 0,
        "disabled": 0,
        "reenabled": 0,
        "class_changes": 0,
    }
    assert snapshot(session, school.id) == before
    # Nothing changed, so nothing is recorded: no empty history row (issue #16, point 4).
    assert not again.changed
    assert session.scalar(select(func.count()).select_from(OrganizationImportRow)) == 1


def test_reimport_disables_absent_reenables_returning_and_reports_changes(
    session, hooks, factories
):
    school = factories.organization()
    session.commit()
    commit(session, hooks, school, batch(pupil(1), pupil(2), pupil(3)))
    commit(session, hooks, school, batch(pupil(1), pupil(2)))  # 3 left
    preview = imports.preview_import(
        session,
        system(school),
        batch(pupil(1, division="5B"), pupil(2, first_name="Lena"), pupil(3), pupil(4)),
    )
    assert preview.counts.created == 1
    assert preview.counts.reenabled == 1
    assert preview.counts.class_changes == 1
    assert preview.counts.disabled == 0
    assert [(c.old_division, c.new_division) for c in preview.class_changes] == [("6A", "5B")]
    assert [(c.national_student_id, c.fields) for c in preview.corrections] == [
        ("000000002AA", ("first_name",))
    ]
    report = commit(
        session,
        hooks,
        school,
        batch(pupil(1, division="5B"), pupil(2, first_name="Lena"), pupil(3), pupil(4)),
    )
    assert report.counts.updated == 2
    rows = {r[0]: r for r in snapshot(session, school.id)}
    assert rows["000000001AA"][3] == "5B"
    assert rows["000000002AA"][1] == "Lena"
    assert rows["000000003AA"][4] is False


def test_more_absent_pupils_than_a_chunk_are_all_disabled(session, hooks, factories):
    school = factories.organization()
    session.commit()
    many = [pupil(n) for n in range(1, 2501)]
    commit(session, hooks, school, batch(*many))
    report = commit(session, hooks, school, batch(pupil(1)))
    assert report.counts.disabled == 2499
    disabled = session.scalar(
        select(func.count())
        .select_from(OrganizationLearnerRow)
        .where(OrganizationLearnerRow.is_disabled.is_(True))
    )
    assert disabled == 2499


def test_other_schools_are_untouched(session, hooks, factories):
    school, other = factories.organization(), factories.organization()
    factories.learner(other, national_student_id="000000001AA")
    session.commit()
    before = snapshot(session, other.id)
    commit(session, hooks, school, batch(pupil(1), pupil(2)))
    assert snapshot(session, other.id) == before


def test_a_batch_with_errors_is_refused_and_nothing_is_written(session, sessions, hooks, factories):
    school = factories.organization()
    session.commit()
    commit(session, hooks, school, batch(pupil(1)))
    before = table_snapshot(sessions)
    issue = ImportIssue(code="INE_UNIQUE", message="L'INE 000000002AA figure deux fois.")
    with pytest.raises(InvalidInputError) as raised:
        imports.commit_import(
            session,
            hooks,
            system(school),
            batch(pupil(2), errors=(issue,)),
            file_name="eleves.xml",
        )
    assert "aucun élève n'a été modifié" in raised.value.message
    session.rollback()
    assert table_snapshot(sessions) == before


def test_a_crash_during_commit_leaves_the_database_as_it_was(sessions, hooks, factories, session):
    school = factories.organization()
    session.commit()
    commit(session, hooks, school, batch(pupil(1), pupil(2)))
    before = table_snapshot(sessions)
    session.rollback()  # end the read transaction (SQLite: BEGIN IMMEDIATE holds the write lock)

    def import_then_die() -> None:
        with sessions() as work, work.begin():
            imports.commit_import(work, hooks, system(school), batch(pupil(3)), file_name=None)
            raise RuntimeError("process killed")

    with pytest.raises(RuntimeError):
        import_then_die()
    assert table_snapshot(sessions) == before


def test_accounts_are_linked_automatically_by_ine(session, hooks, factories):
    school, elsewhere = factories.organization(), factories.organization()
    same_birthdate = factories.user(email="a@ecole.test")
    other_birthdate = factories.user(email="b@ecole.test")
    two_ines = factories.user(email="c@ecole.test")
    factories.learner(elsewhere, national_student_id="000000001AA", user_id=same_birthdate.id)
    factories.learner(
        elsewhere,
        national_student_id="000000002AA",
        user_id=other_birthdate.id,
        birthdate=date(2010, 1, 1),
    )
    factories.learner(elsewhere, national_student_id="000000003AA", user_id=two_ines.id)
    factories.learner(elsewhere, national_student_id="000000009AA", user_id=two_ines.id)
    session.commit()
    preview = imports.preview_import(session, system(school), batch(pupil(1), pupil(2), pupil(3)))
    assert [(a.national_student_id, a.user_id) for a in preview.account_links] == [
        ("000000001AA", same_birthdate.id)
    ]
    commit(session, hooks, school, batch(pupil(1), pupil(2), pupil(3)))
    rows = {r[0]: r for r in snapshot(session, school.id)}
    assert rows["000000001AA"][5] == same_birthdate.id
    assert rows["000000002AA"][5] is None
    assert rows["000000003AA"][5] is None


def test_learners_imported_fires_after_commit(session, hooks, factories, pm):
    seen = []

    class Listener:
        @hookimpl
        def pixorga_learners_imported(self, organization, report):
            seen.append((organization.id, report.counts.created))

    pm.register(Listener())
    school = factories.organization()
    session.commit()
    imports.commit_import(session, hooks, system(school), batch(pupil(1)), file_name=None)
    assert seen == []
    session.commit()
    assert seen == [(school.id, 1)]


def test_a_file_no_source_accepts_is_reported_in_french(session, hooks, factories):
    school = factories.organization()
    result = imports.read_file(hooks, io.BytesIO(b"\x89PNG\r\n\x1a\n"), "photo.xml", school)
    assert [e.code for e in result.errors] == ["INVALID_FILE"]
    assert "n'est pas reconnu" in result.errors[0].message


def test_only_admins_of_a_school_managing_pupils_may_import(session, hooks, factories):
    from pixorga_core.domain.memberships import Role
    from pixorga_core.errors import PermissionDeniedError
    from pixorga_core.services import orga

    school = factories.organization()
    other = factories.organization(is_managing_students=False)
    admin, member = factories.user(), factories.user()
    factories.membership(school, admin, Role.ADMIN)
    factories.membership(other, admin, Role.ADMIN)
    factories.membership(school, member)
    session.commit()
    empty = batch(pupil(1))
    imports.preview_import(session, orga.context_for(session, admin.id, school.id), empty)
    with pytest.raises(PermissionDeniedError, match="Seuls les administrateurs"):
        imports.preview_import(session, orga.context_for(session, member.id, school.id), empty)
    with pytest.raises(PermissionDeniedError, match="ne gère pas de liste d'élèves"):
        imports.commit_import(
            session, hooks, orga.context_for(session, admin.id, other.id), empty, file_name=None
        )
    report = imports.commit_import(
        session, hooks, orga.context_for(session, admin.id, school.id), empty, file_name=None
    )
    assert report.imported_by_user_id == admin.id


def test_history_lists_the_latest_imports_first(session, hooks, factories):
    school = factories.organization()
    session.commit()
    commit(session, hooks, school, batch(pupil(1)))
    commit(session, hooks, school, batch(pupil(1), pupil(2)))
    records = imports.history(session, school.id)
    assert [(r.counts.kept, r.counts.created, r.file_name) for r in records] == [
        (2, 1, "eleves.xml"),
        (1, 1, "eleves.xml"),
    ]


def test_a_plan_is_committed_as_previewed_and_only_for_its_batch(session, hooks, factories):
    school = factories.organization()
    other = factories.organization()
    factories.learner(school, national_student_id="000000009AA")
    batch = ImportBatch(
        source="test",
        records=(
            LearnerRecord(national_student_id="000000001AA", first_name="Léa", last_name="M"),
        ),
        in_file=1,
    )
    plan = imports.plan_import(session, school, batch)
    assert plan.preview == imports.preview_import(session, system(school), batch)
    with pytest.raises(ValueError, match="another batch or organization"):
        imports.commit_import(session, hooks, system(other), batch, file_name=None, plan=plan)
    report = imports.commit_import(session, hooks, system(school), batch, file_name=None, plan=plan)
    assert report.counts == plan.preview.counts
    assert (report.counts.created, report.counts.disabled) == (1, 1)


def test_read_file_refuses_values_longer_than_their_column_and_empty_files(pm, hooks):
    from pixorga_core.testing import LineStudentSourcePlugin, sample_school

    pm.register(LineStudentSourcePlugin())
    long_name = "N" * 256
    content = f"INE;Prénom;Nom;Classe\n000000001AA;Léa;{long_name};6A\n{'9' * 51};Noé;Roux;6B\n"
    batch = imports.read_file(hooks, io.BytesIO(content.encode()), "e.csv", sample_school())
    assert [(e.code, e.field) for e in batch.errors] == [
        ("FIELD_MAX_LENGTH", "last_name"),
        ("FIELD_MAX_LENGTH", "national_student_id"),
    ]
    assert "« Nom de famille » dépasse 255 caractères" in batch.errors[0].message
    empty = imports.read_file(hooks, io.BytesIO(b"  \n"), "e.csv", sample_school())
    assert [e.code for e in empty.errors] == ["EMPTY"]
    no_pupil = imports.read_file(
        hooks, io.BytesIO(b"INE;Pr;Nom;Classe\n"), "e.csv", sample_school()
    )
    assert [e.code for e in no_pupil.errors] == ["EMPTY"]
    assert "aucun élève" in no_pupil.errors[0].message


@pytest.mark.parametrize("same_file", [False, True], ids=["two files", "one file twice"])
def test_two_imports_of_one_school_at_once_are_applied_one_after_the_other(
    sessions, hooks, factories, session, same_file
):
    """Two administrators confirm two files at once (#13.11): both files share new pupils.

    Without the school's import lock, both compare with the same empty list and both insert
    the shared pupils: the second commit fails on the unique INE, or pupils are counted twice.
    The same file confirmed twice at once (a double click, #16.3) is imported once: the second
    finds nothing to change and records nothing (#16.4).
    """
    school = factories.organization()
    session.commit()
    session.close()
    first = batch(*(pupil(n) for n in range(1, 41)))
    files = [first, first if same_file else batch(*(pupil(n) for n in range(21, 61)))]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []
    reports = []

    sqlite = sessions.kw["bind"].dialect.name == "sqlite"

    def confirm(the_batch) -> None:
        try:
            if sqlite:  # one writer at a time (BEGIN IMMEDIATE): they start together
                barrier.wait()
            with sessions() as own, own.begin():
                plan = imports.plan_import(own, school, the_batch)  # the preview, unlocked
                if not sqlite:  # both have compared with the same, empty, list
                    barrier.wait()
                reports.append(
                    imports.commit_import(
                        own, hooks, system(school), the_batch, file_name="e.xml", plan=plan
                    )
                )
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=confirm, args=(f,)) for f in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with sessions() as fresh:
        ines = [r[0] for r in snapshot(fresh, school.id)]
        imports_recorded = fresh.scalar(select(func.count()).select_from(OrganizationImportRow))
    if same_file:
        assert sorted(ines) == [f"{n:09d}AA" for n in range(1, 41)]
        assert imports_recorded == 1
        assert sorted((r.changed, r.counts.created) for r in reports) == [(False, 0), (True, 40)]
        return
    assert sorted(ines) == [f"{n:09d}AA" for n in range(1, 61)]
    assert imports_recorded == 2
    # As if one after the other: the second finds the 20 shared pupils, creates 20 and
    # disables the 20 of the first file that it lacks.
    assert sorted(r.counts.created for r in reports) == [20, 40]
    assert sorted(r.counts.disabled for r in reports) == [0, 20]


def test_the_history_says_who_imported(session, hooks, factories, acting_as):
    from pixorga_core.domain.memberships import Role

    school = factories.organization()
    admin = factories.user(first_name="Claire", last_name="Martin")
    factories.membership(school, admin, Role.ADMIN)
    session.commit()
    imports.commit_import(
        session, hooks, acting_as(admin.id, school.id), batch(pupil(1)), file_name="a.xml"
    )
    commit(session, hooks, school, batch(pupil(1), pupil(2)))  # the command line
    assert [r.imported_by for r in imports.history(session, school.id)] == [None, "Claire Martin"]


def test_corrections_name_the_pupil_and_left_out_pupils_are_not_absent(session, hooks, factories):
    school = factories.organization()
    session.commit()
    commit(session, hooks, school, batch(pupil(1), pupil(2), pupil(3)))
    leaver = LeftOutPupil(
        reason=LeftOutReason.LEFT_SCHOOL,
        first_name="Léa",
        last_name="Moreau2",
        national_student_id="000000002AA",
    )
    the_batch = attrs.evolve(batch(pupil(1, first_name="Lena")), left_out=(leaver,), in_file=2)
    preview = imports.preview_import(session, system(school), the_batch)
    (correction,) = preview.corrections
    assert (correction.first_name, correction.last_name) == ("Lena", "Moreau1")
    assert preview.left_out == (leaver,)
    # Pupil 2 left (in the file, with an exit date); only pupil 3 is absent from the file.
    assert [r.national_student_id for r in preview.disabled_left_out] == ["000000002AA"]
    assert [r.national_student_id for r in preview.to_disable] == ["000000003AA"]
    assert preview.counts.disabled == 2
