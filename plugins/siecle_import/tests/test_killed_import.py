"""A process killed (SIGKILL) in the middle of an import's commit leaves the database as it was.

The import runs in a child process that kills itself, without any cleanup, when it is about to
send its third write (after disabling the pupils absent from the file and inserting a first chunk
of arrivals); the database must then show the pupils of before and no import record.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

from sqlalchemy import func, select

from pixorga_core.storage.models import OrganizationImportRow, OrganizationLearnerRow
from pixorga_core.testing import table_snapshot
from pixorga_siecle_import.testing.synthetic import SyntheticOptions, write_siecle_zip

UAI = "0759999L"

CHILD = textwrap.dedent(
    """
    import os
    import signal
    import sys
    from pathlib import Path

    import pixorga_siecle_import.plugin
    from sqlalchemy import event

    from pixorga_core import Hooks, Settings, create_plugin_manager
    from pixorga_core.access import SystemContext
    from pixorga_core.services import imports
    from pixorga_core.storage.db import make_engine, make_sessionmaker, transaction
    from pixorga_core.storage.repositories import organizations

    url, path, kill_at = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    settings = Settings(database_url=url)
    pm = create_plugin_manager(load_entrypoints=False, plugins=[pixorga_siecle_import.plugin])
    hooks = Hooks(pm, settings)
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    writes = []

    @event.listens_for(engine, "before_cursor_execute")
    def die_mid_commit(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE")):
            writes.append(statement)
            if len(writes) == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)  # no rollback, no cleanup

    with transaction(sessions) as session, path.open("rb") as stream:
        [school] = organizations.find_by_uai(session, "0759999L")
        batch = imports.read_file(hooks, stream, path.name, school)
        imports.commit_import(
            session,
            hooks,
            SystemContext(organization=school, operator="test"),
            batch,
            file_name=path.name,
        )
    print("the import finished: the test did not kill it")
    """
)


def counts(sessions) -> tuple[int, int, int]:
    with sessions() as session:
        learners = session.scalar(select(func.count()).select_from(OrganizationLearnerRow))
        disabled = session.scalar(
            select(func.count())
            .select_from(OrganizationLearnerRow)
            .where(OrganizationLearnerRow.is_disabled.is_(True))
        )
        records = session.scalar(select(func.count()).select_from(OrganizationImportRow))
    return int(learners or 0), int(disabled or 0), int(records or 0)


def test_a_killed_import_changes_nothing(database_url, factories, session, sessions, tmp_path):
    school = factories.organization(uai=UAI)
    for n in range(40):  # pupils of before, all absent from the new file: they would be disabled
        factories.learner(school, national_student_id=f"{n:09d}ZZ")
    session.commit()
    session.close()
    before = counts(sessions)
    tables = table_snapshot(sessions)
    path = tmp_path / "ExportXML_ElevesSansAdresses.zip"
    summary = write_siecle_zip(path, SyntheticOptions(pupils=5000, uai=UAI, seed=5))
    assert summary.kept > 4 * 1000
    child = subprocess.run(
        [sys.executable, "-c", CHILD, database_url, str(path), "3"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert child.returncode == -signal.SIGKILL, child.stdout + child.stderr
    assert counts(sessions) == before == (40, 0, 0)
    assert table_snapshot(sessions) == tables
    # The same file then imports normally (no lock or half-written row left behind).
    retry = subprocess.run(
        [sys.executable, "-c", CHILD, database_url, str(path), "0"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert retry.returncode == 0, retry.stderr
    assert counts(sessions) == (40 + summary.kept, 40, 1)
