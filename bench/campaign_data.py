"""A big campaign written straight into the database, for the results benchmarks (issue #15).

    from bench.campaign_data import generate
    made = generate(engine, participants=20_000)

:func:`generate` writes a school that manages its pupils, a teacher who can log in, and a
campaign on the synthetic referential's ``all`` target profile (700 skills by default, the
engine benchmark's referential, :func:`pixorga_core.simulation.synthetic.synthetic_referential`)
with ``participants`` pupils: half SHARED (every target skill assessed, the knowledge elements
snapshotted at sharing), a quarter TO_SHARE (finished), a quarter STARTED (a few dozen knowledge
elements). Each pupil validates the skills up to a level of their own, with some noise, so
results spread as a class's do. Rows go in with COPY on PostgreSQL and the core's driver-speed
``insert_rows`` on SQLite. The server that times the pages must know the referential:
:func:`plugin_directory` makes a directory that, put on ``PYTHONPATH``, registers it with
``pixorga serve`` through the ``pixorga`` entry-point group.
"""

from __future__ import annotations

import json
import random
import tempfile
import textwrap
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
from sqlalchemy import Engine, Table

from pixorga_core.domain.memberships import Role
from pixorga_core.domain.referential import Referential
from pixorga_core.hooks import hookimpl
from pixorga_core.simulation.synthetic import synthetic_referential
from pixorga_core.storage.bulk import insert_rows
from pixorga_core.storage.db import make_sessionmaker
from pixorga_core.storage.models import (
    AnswerRow,
    AssessmentRow,
    CampaignParticipationRow,
    CampaignRow,
    KnowledgeElementRow,
    KnowledgeElementSnapshotRow,
    OrganizationLearnerRow,
    UserRow,
)
from pixorga_core.testing.factories import TEST_PASSWORD, Factories

#: The referential of the generated campaign: 700 skills, 16 competences (seed fixed).
REFERENTIAL_ID = "synthetic"
PROFILE_ID = "all"
TEACHER_EMAIL = "enseignant@bench.test"
PASSWORD = TEST_PASSWORD
DIVISIONS = ("3A", "3B", "3C", "4A", "4B", "4C", "5A", "5B")
T0 = datetime(2026, 9, 14, 8, 0, tzinfo=UTC)


def referential(skills: int = 700) -> Referential:
    """The benchmark's synthetic referential (the same for every process)."""
    return synthetic_referential(skills=skills, seed=1, referential_id=REFERENTIAL_ID)


class BenchReferentialPlugin:
    """Registers :func:`referential` (``pixorga serve`` loads it by its entry point)."""

    @hookimpl
    def pixorga_register_referentials(self, registry: Any) -> None:
        registry.add(referential())


plugin = BenchReferentialPlugin()


def plugin_directory() -> Path:
    """A directory to put on ``PYTHONPATH`` so that ``pixorga serve`` registers
    :func:`referential`: a distribution's metadata naming this module's :data:`plugin`."""
    root = Path(tempfile.mkdtemp(prefix="pixorga-bench-plugin-"))
    info = root / "pixorga_bench_referential-0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: pixorga-bench-referential\nVersion: 0\n"
    )
    (info / "entry_points.txt").write_text(
        textwrap.dedent(
            """\
            [pixorga]
            bench-referential = bench.campaign_data:plugin
            """
        )
    )
    return root


@attrs.frozen
class Generated:
    organization_id: int
    campaign_id: int
    code: str
    teacher_email: str
    participants: int
    shared: int
    snapshot_rows: int


def _bulk(session: Any, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert ``rows``; COPY on PostgreSQL. Returns how many."""
    connection = session.connection()
    count = 0
    if connection.dialect.name == "postgresql":
        raw = connection.connection.driver_connection
        with (
            raw.cursor() as cursor,
            cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
                count += 1
        return count

    def counted() -> Iterator[Sequence[Any]]:
        nonlocal count
        for row in rows:
            count += 1
            yield row

    insert_rows(session, table, columns, counted(), chunk_size=20_000)
    return count


def _next_id(session: Any, table: Table) -> int:
    from sqlalchemy import func, select

    return int(session.scalar(select(func.coalesce(func.max(table.c.id), 0)))) + 1


def generate(
    engine: Engine,
    *,
    participants: int = 20_000,
    skills: int = 700,
    seed: int = 1,
    name: str = "Évaluation de rentrée",
) -> Generated:
    """Write the school, the teacher and the campaign of ``participants`` pupils (see the
    module's description); the schema must be current."""
    ref = referential(skills)
    profile = ref.target_profile(PROFILE_ID)
    target = [ref.skills_by_id[s] for s in profile.skill_ids]
    rng = random.Random(seed)
    postgresql = engine.dialect.name == "postgresql"
    factory = make_sessionmaker(engine)
    with factory() as session, session.begin():
        factories = Factories(session, now=T0)
        school = factories.organization(name="Collège du banc d'essai")
        teacher = factories.user(
            email=TEACHER_EMAIL, first_name="Sophie", last_name="Banc", pix_orga_terms_accepted=True
        )
        factories.membership(school, teacher, Role.ADMIN)
        campaign_id = _next_id(session, CampaignRow.__table__)
        code = f"BENCHX{campaign_id % 1000:03d}".replace("0", "2").replace("1", "3")
        _bulk(
            session,
            CampaignRow.__table__,
            (
                "id",
                "code",
                "name",
                "external_id_label",
                "referential_id",
                "referential_version",
                "target_profile_id",
                "algorithm",
                "algorithm_options",
                "organization_id",
                "creator_id",
                "owner_id",
                "created_at",
            ),
            [
                (
                    campaign_id,
                    code,
                    name,
                    "Numéro élève",
                    ref.id,
                    ref.version,
                    PROFILE_ID,
                    # COPY takes the JSON text; the SQLite path converts the value itself.
                    "smart-random",
                    "{}" if engine.dialect.name == "postgresql" else {},
                    school.id,
                    teacher.id,
                    teacher.id,
                    T0,
                )
            ],
        )
        first_user = _next_id(session, UserRow.__table__)
        first_learner = _next_id(session, OrganizationLearnerRow.__table__)
        first_participation = _next_id(session, CampaignParticipationRow.__table__)
        first_assessment = _next_id(session, AssessmentRow.__table__)
        first_answer = _next_id(session, AnswerRow.__table__)
        users, learners, parts, assessments, answers = [], [], [], [], []
        live: list[tuple[Any, ...]] = []
        levels: dict[int, tuple[float, datetime]] = {}
        shared_count = 0
        for n in range(participants):
            uid, lid = first_user + n, first_learner + n
            pid, aid = first_participation + n, first_assessment + n
            first, last = f"Prénom{n % 997}", f"Nom{n:05d}"
            started = T0 + timedelta(minutes=n % 5000)
            users.append((uid, first, last, f"eleve{n}@bench.test", True, False, started, 0))
            learners.append(
                (
                    lid,
                    school.id,
                    f"{n:09d}BE",
                    first,
                    last,
                    None,
                    date(2011, 1, 1),
                    DIVISIONS[n % len(DIVISIONS)],
                    False,
                    uid,
                    started,
                    started,
                )
            )
            kind = n % 4  # 0, 1: shared; 2: finished; 3: under way
            status = ("SHARED", "SHARED", "TO_SHARE", "STARTED")[kind]
            shared_at = started + timedelta(hours=1) if kind < 2 else None
            assessments.append(
                (
                    aid,
                    pid,
                    campaign_id,
                    uid,
                    False,
                    1,
                    "COMPLETED" if kind < 3 else "STARTED",
                    started,
                    started + timedelta(minutes=40) if kind < 3 else None,
                )
            )
            level = rng.uniform(0.5, 8.5)
            summary: dict[str, int] | None = None
            if kind < 2:
                shared_count += 1
                assert shared_at is not None
                levels[pid] = (level, shared_at)
                summary = {}
                for skill, ok in zip(target, _outcomes(pid, level, target, seed), strict=True):
                    if ok:
                        summary[skill.competence_id] = summary.get(skill.competence_id, 0) + 1
            parts.append(
                (
                    pid,
                    campaign_id,
                    uid,
                    lid,
                    status,
                    f"N{n:06d}",
                    started,
                    shared_at,
                    # COPY takes the JSON text; the SQLite path converts the value itself.
                    json.dumps(summary) if postgresql and summary is not None else summary,
                )
            )
            if kind == 3:
                answers.append(
                    (first_answer + len(answers), aid, "bench", "ok", "1", False, started)
                )
                for skill in rng.sample(target, 40):
                    ok = skill.difficulty <= level
                    live.append(
                        (
                            aid,
                            first_answer + len(answers) - 1,
                            skill.id,
                            "validated" if ok else "invalidated",
                            "direct",
                            0.0,
                            started,
                        )
                    )
        _bulk(
            session,
            UserRow.__table__,
            (
                "id",
                "first_name",
                "last_name",
                "email",
                "cgu_accepted",
                "pix_orga_terms_accepted",
                "created_at",
                "session_version",
            ),
            users,
        )
        _bulk(
            session,
            OrganizationLearnerRow.__table__,
            (
                "id",
                "organization_id",
                "national_student_id",
                "first_name",
                "last_name",
                "sex",
                "birthdate",
                "division",
                "is_disabled",
                "user_id",
                "created_at",
                "updated_at",
            ),
            learners,
        )
        _bulk(
            session,
            CampaignParticipationRow.__table__,
            (
                "id",
                "campaign_id",
                "user_id",
                "organization_learner_id",
                "status",
                "external_id",
                "created_at",
                "shared_at",
                "validated_by_competence",
            ),
            parts,
        )
        _bulk(
            session,
            AssessmentRow.__table__,
            (
                "id",
                "participation_id",
                "campaign_id",
                "user_id",
                "is_preview",
                "answer_count",
                "state",
                "created_at",
                "completed_at",
            ),
            assessments,
        )
        _bulk(
            session,
            AnswerRow.__table__,
            ("id", "assessment_id", "challenge_id", "status", "value", "timed_out", "created_at"),
            answers,
        )
        _bulk(
            session,
            KnowledgeElementRow.__table__,
            (
                "assessment_id",
                "answer_id",
                "skill_id",
                "status",
                "source",
                "earned_pix",
                "created_at",
            ),
            live,
        )
        rows = _bulk(
            session,
            KnowledgeElementSnapshotRow.__table__,
            ("participation_id", "skill_id", "status", "source", "earned_pix", "snapshot_at"),
            _snapshots(levels, target, seed),
        )
        _fix_sequences(session)
    # Statistics for the planner, as autovacuum (PostgreSQL) or a maintenance job would gather
    # them on a live database: right after a bulk COPY, PostgreSQL knows nothing of the tables
    # and scans the 7 million snapshot rows for every chunk.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("ANALYZE")
    return Generated(
        organization_id=school.id,
        campaign_id=campaign_id,
        code=code,
        teacher_email=TEACHER_EMAIL,
        participants=participants,
        shared=shared_count,
        snapshot_rows=rows,
    )


def _outcomes(pid: int, level: float, target: Sequence[Any], seed: int) -> list[bool]:
    """Whether the pupil of participation ``pid`` validated each target skill: up to their
    level, with noise (the same answer every time it is asked)."""
    rng = random.Random(seed * 1_000_003 + pid)
    return [skill.difficulty + rng.gauss(0, 1) <= level for skill in target]


def _snapshots(
    levels: dict[int, tuple[float, datetime]], target: Sequence[Any], seed: int
) -> Iterator[tuple[Any, ...]]:
    """Every target skill of each shared pupil, validated up to the pupil's level (with noise);
    generated as they are written, never all in memory."""
    for pid, (level, shared_at) in levels.items():
        for skill, ok in zip(target, _outcomes(pid, level, target, seed), strict=True):
            yield (
                pid,
                skill.id,
                "validated" if ok else "invalidated",
                "inferred",
                skill.pix_value if ok else 0.0,
                shared_at,
            )


def _fix_sequences(session: Any) -> None:
    """Move PostgreSQL's id sequences past the ids written by hand."""
    from sqlalchemy import text

    if session.connection().dialect.name != "postgresql":
        return
    for table in (
        "users",
        "organization_learners",
        "campaign_participations",
        "assessments",
        "answers",
        "campaigns",
    ):
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        )
