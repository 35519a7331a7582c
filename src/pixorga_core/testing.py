"""A pytest plugin for pixorga's own tests and for plugin authors.

Enable it in a test suite's top ``conftest.py``::

    pytest_plugins = ["pixorga_core.testing"]

Fixtures:

``pm``
    A fresh plugin manager with the specs and internal defaults, no entry points loaded. Register
    the plugin under test with ``pm.register(my_plugin)``.
``settings``, ``hooks``
    Test settings (database URL of the test, a secret key) and the typed facade over ``pm``.
``hook_recorder``
    Records every hook call made through ``pm``: ``hook_recorder.calls("pixorga_account_created")``.
``database_url``
    A fresh, migrated database for this test. Tests that use it (directly or through ``engine``,
    ``sessions``, ``session``, ``factories``) run **twice**: on SQLite and on PostgreSQL. PostgreSQL
    runs when ``--pixorga-postgresql-url`` or ``PIXORGA_TEST_POSTGRESQL_URL`` names a server
    (its user must be allowed to create databases); otherwise those runs are skipped, or fail
    when ``PIXORGA_REQUIRE_POSTGRESQL=1`` (as in CI).
``engine``, ``sessions``
    An engine on ``database_url`` and its session factory.
``session``
    A Session for the test body; commit with ``session.commit()`` when the test needs it.
``factories``
    :class:`Factories` bound to ``session``: organizations, users, memberships, learners.
``mailbox``
    A :class:`RecordingChannel` registered on ``pm``: it renders every message as plain text and
    "delivers" it to a list (``mailbox.delivered``); set ``mailbox.down = True`` to make
    deliveries fail.
"""

from __future__ import annotations

import importlib.metadata
import itertools
import math
import os
import random
import re
import shutil
import uuid
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from types import ModuleType
from typing import Any, BinaryIO

import attrs
import pluggy
import pytest
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from pixorga_core.config import Settings
from pixorga_core.domain.assessments import AssessmentState
from pixorga_core.domain.imports import ImportBatch, ImportIssue
from pixorga_core.domain.learners import LearnerRecord, OrganizationLearner, Sex
from pixorga_core.domain.memberships import Membership, Role
from pixorga_core.domain.messages import (
    DeliveryResult,
    MessageRequest,
    OutboundMessage,
)
from pixorga_core.domain.organizations import (
    CHECK_ALPHABET,
    Organization,
    OrganizationType,
)
from pixorga_core.domain.referential import Challenge, Referential
from pixorga_core.domain.users import User
from pixorga_core.engine import service as engine_service
from pixorga_core.facade import Hooks
from pixorga_core.hooks import hookimpl
from pixorga_core.pluginmanager import (
    ENTRYPOINT_GROUP,
    create_plugin_manager,
    plugin_distributions,
)
from pixorga_core.registries import (
    AlgorithmRegistry,
    AssessmentAlgorithm,
    StudentSource,
    StudentSourceRegistry,
)
from pixorga_core.services import passwords
from pixorga_core.simulation.pupils import right_response, wrong_response
from pixorga_core.simulation.synthetic import synthetic_referential
from pixorga_core.storage import migrate
from pixorga_core.storage.db import make_engine, make_sessionmaker
from pixorga_core.storage.repositories import learners as learners_repo
from pixorga_core.storage.repositories import memberships as memberships_repo
from pixorga_core.storage.repositories import organizations as organizations_repo
from pixorga_core.storage.repositories import users as users_repo

POSTGRESQL_URL_ENV = "PIXORGA_TEST_POSTGRESQL_URL"
REQUIRE_POSTGRESQL_ENV = "PIXORGA_REQUIRE_POSTGRESQL"
BACKENDS = ("sqlite", "postgresql")
TEST_SECRET_KEY = "pixorga-test-secret-key-" + "x" * 24
TEST_PASSWORD = "Azerty123"  # noqa: S105 - test accounts only


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("pixorga")
    group.addoption(
        "--pixorga-postgresql-url",
        default=os.environ.get(POSTGRESQL_URL_ENV),
        help=f"PostgreSQL server for the database tests (default: ${POSTGRESQL_URL_ENV}).",
    )
    group.addoption(
        "--pixorga-backends",
        default=",".join(BACKENDS),
        help="Comma-separated database backends to run the database tests on.",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: run a database test on SQLite only")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "database_url" not in metafunc.fixturenames:
        return
    backends = [b for b in metafunc.config.getoption("--pixorga-backends").split(",") if b]
    if metafunc.definition.get_closest_marker("sqlite_only"):
        backends = [b for b in backends if b == "sqlite"]
    metafunc.parametrize("database_backend", backends, indirect=True, scope="function")


# -- plugin manager ------------------------------------------------------------------------------


@pytest.fixture
def pm() -> pluggy.PluginManager:
    """A fresh plugin manager: specs and internal defaults, no entry points."""
    return create_plugin_manager(load_entrypoints=False, disabled=())


@pytest.fixture
def settings(request: pytest.FixtureRequest) -> Settings:
    url = "sqlite://"
    if "database_url" in request.fixturenames:
        url = request.getfixturevalue("database_url")
    return Settings(database_url=url, secret_key=TEST_SECRET_KEY, base_url="http://127.0.0.1:8080")


@pytest.fixture
def hooks(pm: pluggy.PluginManager, settings: Settings) -> Hooks:
    return Hooks(pm, settings)


@attrs.frozen
class HookCall:
    name: str
    kwargs: dict[str, Any]


@attrs.define
class HookRecorder:
    """Every hook call made through one plugin manager, in order."""

    recorded: list[HookCall] = attrs.field(factory=list)

    def calls(self, name: str) -> list[HookCall]:
        return [c for c in self.recorded if c.name == name]

    def names(self) -> list[str]:
        return [c.name for c in self.recorded]

    def clear(self) -> None:
        self.recorded.clear()


@pytest.fixture
def hook_recorder(pm: pluggy.PluginManager) -> Iterator[HookRecorder]:
    recorder = HookRecorder()

    def before(hook_name: str, hook_impls: Any, kwargs: Mapping[str, Any]) -> None:
        recorder.recorded.append(HookCall(hook_name, dict(kwargs)))

    def after(outcome: Any, hook_name: str, hook_impls: Any, kwargs: Any) -> None:
        pass

    undo = pm.add_hookcall_monitoring(before, after)
    yield recorder
    undo()


# -- databases -----------------------------------------------------------------------------------

_counter = itertools.count()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pixorga-template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def _postgresql_template(request: pytest.FixtureRequest) -> Iterator[tuple[str, str] | None]:
    server_url = request.config.getoption("--pixorga-postgresql-url")
    if not server_url:
        yield None
        return
    name = f"pixorga_tpl_{uuid.uuid4().hex[:10]}"
    admin = _admin_engine(server_url)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    yield server_url, name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _admin_engine(server_url: str) -> Engine:
    return create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=None)


@pytest.fixture
def database_backend(request: pytest.FixtureRequest) -> str:
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def database_url(
    request: pytest.FixtureRequest, database_backend: str, tmp_path: Path
) -> Iterator[str]:
    """A fresh database at the latest schema, dropped after the test."""
    if database_backend == "sqlite":
        template: Path = request.getfixturevalue("_sqlite_template")
        path = tmp_path / "pixorga.sqlite3"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        return
    pg = request.getfixturevalue("_postgresql_template")
    if pg is None:
        if os.environ.get(REQUIRE_POSTGRESQL_ENV, "") not in {"", "0"}:
            pytest.fail(f"{REQUIRE_POSTGRESQL_ENV} is set but no PostgreSQL URL was given")
        pytest.skip(f"no PostgreSQL server (set {POSTGRESQL_URL_ENV})")
    server_url, template_name = pg
    name = f"pixorga_t_{os.getpid()}_{next(_counter)}"
    admin = _admin_engine(server_url)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"'))
    yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return make_sessionmaker(engine)


@pytest.fixture
def session(sessions: sessionmaker[Session]) -> Iterator[Session]:
    with sessions() as session:
        yield session


# -- factories -----------------------------------------------------------------------------------


def valid_uai(number: int) -> str:
    """A UAI with a correct check letter, in Paris (075), built from ``number``."""
    body = f"075{number % 10000:04d}"
    return body + CHECK_ALPHABET[int(body) % 23]


@attrs.define
class Factories:
    """Create rows with sensible defaults, straight through the repositories."""

    session: Session
    now: datetime = attrs.field(factory=lambda: datetime.now(UTC))
    _seq: itertools.count[int] = attrs.field(factory=lambda: itertools.count(1))

    def organization(self, **overrides: Any) -> Organization:
        n = next(self._seq)
        values: dict[str, Any] = {
            "name": f"Collège numéro {n}",
            "type": OrganizationType.SCO,
            "uai": valid_uai(n),
            "email": f"ce.{n}@ecole.test",
            "is_managing_students": True,
            "identity_provider": None,
            "now": self.now,
        }
        values.update(overrides)
        return organizations_repo.add(self.session, **values)

    def user(
        self,
        *,
        password: str | None = TEST_PASSWORD,
        pix_orga_terms_accepted: bool = False,
        **overrides: Any,
    ) -> User:
        n = next(self._seq)
        values: dict[str, Any] = {
            "first_name": "Camille",
            "last_name": f"Durand{n}",
            "email": f"camille.durand{n}@ecole.test",
            "username": None,
            "cgu_accepted": True,
            "now": self.now,
        }
        values.update(overrides)
        user = users_repo.add(self.session, **values)
        if pix_orga_terms_accepted:
            users_repo.set_pix_orga_terms_accepted(self.session, user.id)
            user = users_repo.get(self.session, user.id)
        if password is not None:
            users_repo.add_password_method(
                self.session,
                user_id=user.id,
                password_hash=passwords.hash_password(password),
                must_change_password=False,
                now=self.now,
            )
        return user

    def membership(
        self, organization: Organization, user: User, role: Role = Role.MEMBER
    ) -> Membership:
        return memberships_repo.upsert(
            self.session, organization_id=organization.id, user_id=user.id, role=role, now=self.now
        )

    def learner(self, organization: Organization, **overrides: Any) -> OrganizationLearner:
        n = next(self._seq)
        values: dict[str, Any] = {
            "national_student_id": f"{n:09d}AA",
            "first_name": "Léa",
            "last_name": f"Moreau{n}",
            "sex": Sex.FEMALE,
            "birthdate": date(2011, 3, 14),
            "division": "6A",
        }
        values.update(overrides)
        is_disabled = bool(values.pop("is_disabled", False))
        user_id = values.pop("user_id", None)
        return learners_repo.add(
            self.session,
            organization_id=organization.id,
            record=LearnerRecord(**values),
            now=self.now,
            is_disabled=is_disabled,
            user_id=user_id,
        )


@pytest.fixture
def factories(session: Session) -> Factories:
    return Factories(session)


# -- plugin conformance kit -----------------------------------------------------------------------


class PluginConformance:
    """Conformance tests every pixorga plugin distribution should pass; subclass it.

    ::

        from pixorga_core.testing import PluginConformance
        from pixorga_my_plugin import plugin

        class TestConformance(PluginConformance):
            plugin = plugin
            name = "my_plugin"                      # the entry-point name
            distribution = "pixorga-my-plugin"
            hooks = frozenset({"pixorga_match_learner"})

    It checks that the plugin registers on a fresh manager and passes ``check_pending``, that it
    implements exactly ``hooks`` (plus ``planned_hooks`` it only names in its docstring), that its
    installed distribution declares it in the ``pixorga`` entry-point group, that
    :func:`~pixorga_core.create_plugin_manager` loads it, and that blocking it works.
    """

    plugin: ModuleType
    name: str
    distribution: str
    #: Hooks the plugin implements now.
    hooks: frozenset[str] = frozenset()
    #: Hooks it will implement; each must be a spec and be named in the plugin's docstring.
    planned_hooks: frozenset[str] = frozenset()

    def _entry_point(self) -> EntryPoint:
        found = [ep for ep in entry_points(group=ENTRYPOINT_GROUP) if ep.name == self.name]
        assert len(found) == 1, f"entry points named {self.name!r} in {ENTRYPOINT_GROUP!r}: {found}"
        return found[0]

    def test_registers_on_a_fresh_manager(self, pm: pluggy.PluginManager) -> None:
        pm.register(self.plugin, name=self.name)
        pm.check_pending()
        implemented = {caller.name for caller in pm.get_hookcallers(self.plugin) or []}
        assert implemented == set(self.hooks)

    def test_hooks_are_pixorga_hooks(self, pm: pluggy.PluginManager) -> None:
        for name in self.hooks | self.planned_hooks:
            assert name.startswith("pixorga_"), name
            assert getattr(pm.hook, name).spec is not None, f"{name} is not a pixorga hook spec"
        for name in self.planned_hooks:
            assert name in (self.plugin.__doc__ or ""), f"docstring does not announce {name}"

    def test_entry_point_names_the_plugin_module(self) -> None:
        entry_point = self._entry_point()
        assert entry_point.value == self.plugin.__name__
        assert entry_point.dist is not None
        assert entry_point.dist.name == self.distribution
        assert entry_point.load() is self.plugin

    def test_plugin_manager_loads_it_from_the_entry_point(self) -> None:
        pm = create_plugin_manager(environ={})
        assert pm.get_plugin(self.name) is self.plugin
        expected = f"{self.distribution} {importlib.metadata.version(self.distribution)}"
        assert dict(plugin_distributions(pm))[self.name] == expected

    def test_it_can_be_disabled(self) -> None:
        pm = create_plugin_manager(disabled=[self.name], environ={})
        assert pm.is_blocked(self.name)
        assert not pm.is_registered(self.plugin)
        pm = create_plugin_manager(environ={"PIXORGA_DISABLED_PLUGINS": f"other, {self.name}"})
        assert not pm.is_registered(self.plugin)


# -- a student source for tests -------------------------------------------------------------------


class LineStudentSource:
    """A tiny student source for tests of import paths: ``INE;Prénom;Nom;Classe`` lines (UTF-8).

    The first line is a header and must start with ``INE;``. A line reading ``ERREUR`` makes the
    whole file invalid (code ``INE_UNIQUE``), to test refusals. Register it with
    :class:`LineStudentSourcePlugin`: ``pm.register(LineStudentSourcePlugin())``.
    """

    name = "test-lines"
    label = "Fichier de test"

    def accepts(self, head: bytes, filename: str) -> bool:
        return head.startswith(b"INE;")

    def read(self, stream: BinaryIO, organization: Organization, filename: str) -> ImportBatch:
        try:
            lines = stream.read().decode("utf-8").splitlines()[1:]
        except UnicodeDecodeError:
            issue = ImportIssue(
                code="ENCODING_NOT_SUPPORTED", message="Le fichier n'est pas en UTF-8."
            )
            return ImportBatch(source=self.name, errors=(issue,))
        if "ERREUR" in lines:
            issue = ImportIssue(
                code="INE_UNIQUE",
                message="L'INE 000000001AA apparaît deux fois.",
                national_student_id="000000001AA",
            )
            return ImportBatch(source=self.name, errors=(issue,), in_file=len(lines))
        records = []
        for number, line in enumerate(lines, start=2):
            ine, first, last, *rest = [*line.split(";"), "", ""][:4]
            if not (ine and first and last):
                issue = ImportIssue(
                    code="FIELD_REQUIRED", message=f"Ligne {number} incomplète.", line=number
                )
                return ImportBatch(source=self.name, errors=(issue,), in_file=len(lines))
            records.append(
                LearnerRecord(
                    national_student_id=ine,
                    first_name=first,
                    last_name=last,
                    birthdate=date(2011, 1, 1),
                    division=rest[0] or "6A",
                )
            )
        return ImportBatch(source=self.name, records=tuple(records), in_file=len(records))


class LineStudentSourcePlugin:
    """Registers :class:`LineStudentSource`."""

    @hookimpl
    def pixorga_register_student_sources(self, registry: StudentSourceRegistry) -> None:
        registry.add(LineStudentSource())


# -- student sources ---------------------------------------------------------------------------


def sample_school(**overrides: Any) -> Organization:
    """A SCO school that manages its pupils, UAI ``0759999L``, as a domain object (no database).

    For tests of student sources, which read files for an organization without writing.
    """
    values: dict[str, Any] = {
        "id": 1,
        "name": "Collège des Tilleuls",
        "type": OrganizationType.SCO,
        "uai": "0759999L",
        "email": None,
        "is_managing_students": True,
        "identity_provider": None,
        "archived_at": None,
        "created_at": datetime(2026, 9, 1, tzinfo=UTC),
    }
    values.update(overrides)
    return Organization(**values)


def learner_rows(sessions: sessionmaker[Session]) -> list[tuple[str, str | None, bool]]:
    """Every learner in the database as (INE, division, is_disabled), sorted.

    Compare it before and after a refused import to show that nothing changed. It opens a short
    session of its own (on SQLite an open transaction would hold the write lock).
    """
    from pixorga_core.storage.models import OrganizationLearnerRow as Row

    with sessions() as session:
        rows = session.execute(select(Row.national_student_id, Row.division, Row.is_disabled))
        return sorted((ine, division, disabled) for ine, division, disabled in rows)


_ISSUE_CODE = re.compile(r"^[A-Z][A-Z0-9_]*$")


class StudentSourceConformance:
    """Behaviour checks any :class:`~pixorga_core.registries.StudentSource` should pass; subclass.

    ::

        from pixorga_core.testing import StudentSourceConformance

        class TestMySource(StudentSourceConformance):
            def make_source(self):
                return MySource()

            def sample(self) -> bytes:
                return Path(__file__).with_name("sample.csv").read_bytes()

    ``sample`` is a valid file of at least one pupil for :meth:`organization` (a school with UAI
    ``0759999L``; override it if your files name another). The checks: a valid name and a French
    label; the source accepts its sample and reads it without errors into records with an INE,
    names and the source's name; reading is deterministic; and ``read`` never raises, whatever
    the bytes (empty, binary, truncated, corrupted): problems come back as issues with an
    upper-case code and a message.
    """

    sample_name: str = "eleves"

    def make_source(self) -> StudentSource:
        raise NotImplementedError("return the source under test")

    def sample(self) -> bytes:
        raise NotImplementedError("return a valid file of the source's format")

    def organization(self) -> Organization:
        return sample_school()

    def _read(self, data: bytes) -> ImportBatch:
        import io

        batch = self.make_source().read(io.BytesIO(data), self.organization(), self.sample_name)
        assert isinstance(batch, ImportBatch), f"read returned {type(batch).__name__}"
        for issue in (*batch.errors, *batch.warnings):
            assert _ISSUE_CODE.match(issue.code), f"issue code {issue.code!r} is not UPPER_CASE"
            assert issue.message.strip(), f"issue {issue.code} has no message"
        return batch

    def test_name_and_label(self) -> None:
        source = self.make_source()
        StudentSourceRegistry().add(source)  # checks the name
        assert isinstance(source.label, str)
        assert source.label.strip()

    def test_accepts_its_sample(self) -> None:
        data = self.sample()
        assert self.make_source().accepts(data[:4096], self.sample_name)

    def test_reads_its_sample_without_errors(self) -> None:
        batch = self._read(self.sample())
        assert batch.errors == (), batch.errors
        assert batch.source == self.make_source().name
        assert batch.records, "the sample gave no pupil"
        assert batch.in_file >= len(batch.records)
        for record in batch.records:
            assert record.national_student_id.strip()
            assert record.first_name.strip()
            assert record.last_name.strip()
        ines = [r.national_student_id for r in batch.records]
        assert len(set(ines)) == len(ines), "a valid batch lists each INE once"

    def test_reading_is_deterministic(self) -> None:
        assert self._read(self.sample()) == self._read(self.sample())

    def test_never_raises_on_bad_bytes(self) -> None:
        data = self.sample()
        middle = len(data) // 2
        corrupted = data[:middle] + bytes(b ^ 0xFF for b in data[middle : middle + 64])
        for bad in (
            b"",
            b"\x00" * 512,
            b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
            data[:middle],
            corrupted + data[middle + 64 :],
            data + data,
        ):
            batch = self._read(bad)
            if bad in (b"", b"\x00" * 512):
                assert batch.errors or not batch.records, f"{bad[:20]!r}… gave pupils"


# -- assessment algorithm conformance kit --------------------------------------------------------


class AlgorithmConformance:
    """Checks every adaptive algorithm should pass; a plugin's test suite subclasses it.

    ::

        from pixorga_core.testing import AlgorithmConformance
        from pixorga_my_algorithm.plugin import MyAlgorithm

        class TestMyAlgorithm(AlgorithmConformance):
            def make_algorithm(self):
                return MyAlgorithm(max_challenges=15)

    Simulated pupils (always right, always wrong, and of several abilities) take assessments on a
    synthetic referential of 48 skills through :mod:`pixorga_core.engine.service`. The checks:
    a valid name and a label; a first challenge for a fresh assessment; never a challenge of a
    skill already answered; an end (None) within as many steps as the profile has challenges,
    whatever the answers; only challenges of the target profile (here one competence of three);
    the same choices for the same seed, whatever the state of the global ``random`` module; and
    None when every challenge has been answered.
    """

    #: Pupils of varied abilities in the "several pupils" checks.
    pupils: int = 8
    seed: int = 20261123

    def make_algorithm(self) -> AssessmentAlgorithm:
        """The algorithm under test; override it (or set an ``algorithm`` class attribute)."""
        algorithm = getattr(self, "algorithm", None)
        if algorithm is None:
            msg = "set `algorithm` or override make_algorithm() in your AlgorithmConformance"
            raise NotImplementedError(msg)
        return algorithm  # type: ignore[no-any-return]

    def build_referential(self) -> Referential:
        """The synthetic referential the checks use: 48 skills in 3 competences."""
        return synthetic_referential(
            skills=48, competences=3, skills_per_tube=6, timed_share=0.25, seed=self.seed
        )

    @pytest.fixture
    def conformance_referential(self) -> Referential:
        return self.build_referential()

    # -- helpers ----------------------------------------------------------------------------------

    def play(
        self,
        referential: Referential,
        profile_id: str,
        answers_right: Callable[[Challenge], bool],
        rng: random.Random,
    ) -> tuple[list[Challenge], AssessmentState, bool]:
        """Run one assessment to its end; (chosen challenges, final state, stopped by itself)."""
        algorithm = self.make_algorithm()
        state = engine_service.start_assessment(referential, profile_id, algorithm=algorithm.name)
        chosen: list[Challenge] = []
        for _ in range(len(state.challenges) + 1):
            challenge = algorithm.next_challenge(state, rng)
            if challenge is None:
                return chosen, state, True
            assert challenge.skill_id not in state.answered_skill_ids, (
                f"{algorithm.name} chose {challenge.id}, of skill {challenge.skill_id} "
                "which was already answered"
            )
            assert challenge.id in state.challenges_by_id, (
                f"{algorithm.name} chose {challenge.id}, outside target profile {profile_id}"
            )
            chosen.append(challenge)
            response = (
                right_response(challenge) if answers_right(challenge) else wrong_response(challenge)
            )
            state = engine_service.apply_answer(state, challenge.id, response)
        return chosen, state, False

    def _pupil(self, level: float, seed: int) -> Callable[[Challenge], bool]:
        noise = random.Random(seed)
        return lambda c: noise.random() < 1 / (1 + math.exp(c.skill_level - level))

    # -- checks -----------------------------------------------------------------------------------

    def test_has_a_valid_name_and_a_label(self) -> None:
        algorithm = self.make_algorithm()
        AlgorithmRegistry().add(algorithm)  # raises PluginError for a bad name
        assert isinstance(algorithm.label, str)
        assert algorithm.label.strip()

    def test_proposes_a_first_challenge(self, conformance_referential: Referential) -> None:
        algorithm = self.make_algorithm()
        state = engine_service.start_assessment(
            conformance_referential, "all", algorithm=algorithm.name
        )
        first = engine_service.next_challenge(algorithm, state, random.Random(self.seed))
        assert first is not None

    @pytest.mark.parametrize("behaviour", ["always-right", "always-wrong", "varied"])
    def test_never_picks_an_answered_skill_and_stops(
        self, conformance_referential: Referential, behaviour: str
    ) -> None:
        for n in range(self.pupils if behaviour == "varied" else 1):
            answers: Callable[[Challenge], bool]
            if behaviour == "always-right":
                answers = lambda c: True  # noqa: E731
            elif behaviour == "always-wrong":
                answers = lambda c: False  # noqa: E731
            else:
                answers = self._pupil(1 + 7 * n / max(1, self.pupils - 1), self.seed + n)
            chosen, _, stopped = self.play(
                conformance_referential, "all", answers, random.Random(self.seed + n)
            )
            assert stopped, f"no end after {len(chosen)} challenges ({behaviour} pupil {n})"
            assert len({c.skill_id for c in chosen}) == len(chosen)

    def test_respects_the_target_profile(self, conformance_referential: Referential) -> None:
        profile = conformance_referential.target_profile("competence-2")
        allowed = set(profile.skill_ids)
        for n in range(self.pupils):
            chosen, _, stopped = self.play(
                conformance_referential,
                profile.id,
                self._pupil(1 + 7 * n / max(1, self.pupils - 1), n),
                random.Random(n),
            )
            assert stopped
            assert chosen, "no challenge proposed"
            outside = [c.id for c in chosen if c.skill_id not in allowed]
            assert outside == [], f"challenges outside the target profile: {outside}"

    def test_is_deterministic_under_a_seed(self, conformance_referential: Referential) -> None:
        runs = []
        for global_seed in (1, 2):
            random.seed(global_seed)  # the algorithm must not draw from the global generator
            chosen, _, _ = self.play(
                conformance_referential, "all", self._pupil(4.0, 99), random.Random(self.seed)
            )
            runs.append([c.id for c in chosen])
        assert runs[0] == runs[1]

    def test_stops_when_everything_is_answered(self, conformance_referential: Referential) -> None:
        algorithm = self.make_algorithm()
        state = engine_service.start_assessment(
            conformance_referential, "competence-3", algorithm=algorithm.name
        )
        for challenge in state.challenges:
            state = engine_service.apply_answer(state, challenge.id, right_response(challenge))
        assert engine_service.next_challenge(algorithm, state, random.Random(self.seed)) is None


# -- a message channel for tests ------------------------------------------------------------------


@attrs.define
class RecordingChannel:
    """Renders messages as ``key: value`` lines and records deliveries instead of sending them.

    ``down`` makes every delivery fail (retryable); ``refuse`` makes them fail for good.
    """

    delivered: list[OutboundMessage] = attrs.field(factory=list)
    attempts: int = 0
    down: bool = False
    refuse: bool = False

    @hookimpl
    def pixorga_render_message(self, request: MessageRequest) -> OutboundMessage:
        lines = [f"{k}: {v}" for k, v in sorted(request.context.items())]
        return OutboundMessage(
            kind=request.kind,
            recipient=request.recipient,
            subject=f"[{request.kind.value}] {request.context.get('organization_name', '')}",
            text="\n".join(lines),
        )

    @hookimpl
    def pixorga_deliver_message(self, message: OutboundMessage) -> DeliveryResult:
        self.attempts += 1
        if self.down or self.refuse:
            return DeliveryResult(
                channel="test", delivered=False, detail="channel down", retryable=not self.refuse
            )
        self.delivered.append(message)
        return DeliveryResult(channel="test", delivered=True)

    def links(self) -> list[str]:
        """The invitation links of the delivered messages, in order."""
        found = []
        for message in self.delivered:
            for line in message.text.splitlines():
                if line.startswith("invitation_link: "):
                    found.append(line.removeprefix("invitation_link: "))
        return found


@pytest.fixture
def mailbox(pm: pluggy.PluginManager) -> RecordingChannel:
    channel = RecordingChannel()
    pm.register(channel, name="pixorga.testing.mailbox")
    return channel
