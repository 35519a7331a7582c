"""Load test of the pupil's test flow against ``pixorga serve`` on 127.0.0.1 (issue #14, "Speed
and load"). Not a test: prints figures, then checks the database holds every answer once.

The two runs of the issue, on SQLite and on PostgreSQL (``SERVER`` is a PostgreSQL server URL
whose user may create databases, e.g. the one ``scripts/test-postgres.sh start`` prints; the
bench creates a new database on it and drops it at the end)::

    # "a class, fast": pupils at once, each waiting 2-5 s before each answer
    python bench/load_test.py --pupils 35 --wait 2 5
    python bench/load_test.py --pupils 200 --wait 2 5 --processes 2 --postgresql SERVER
    # "saturation": no waiting, growing numbers of pupils, side by side with a trivial page
    python bench/load_test.py --saturate 4,8,16,32
    python bench/load_test.py --saturate 4,8,16,32,64 --processes 2 --postgresql SERVER

The script creates the schema, a school, a campaign on competence 1.1 and the pupils (accounts,
imported pupils, participations, through the core's repositories), starts ``pixorga serve``
(``--processes`` servers on consecutive ports from ``--port``, ``--threads`` waitress threads
each; pupils are spread over them), then runs one thread per simulated pupil, one request at a
time, the pupils starting ``--spawn-rate`` per second (5 by default, as locust's spawn rate: a
login costs an argon2 hash, about 0.2 s of CPU, and 200 pupils clicking in the same instant
would measure 40 s of hashing): load the login page and log in, open the test, « Je
commence », then for each step load the page and answer it as a pupil would (the right
answer, read from the labels shown, mapped through the shuffled positions; ``--wrong`` of them
wrong), « Continuer mon parcours » at each checkpoint, « J'envoie mes résultats » at the end.
Redirects are followed by hand, so every request is timed on its own.

Printed: the machine (cores, load average before and after: other work on the machine shows in
the figures), the server set-up, then for each run a table per kind of request (count, errors,
p50 / p95 / p99 / max in milliseconds), the requests per second and the errors by cause. With
``--saturate``, each level is followed by the trivial page (``/connexion``, no database query)
at the same concurrency, and the ratio of the two throughputs. Last, the database check: every
answer the clients saw stored is there exactly once (answers, distinct (assessment, challenge)
pairs and the assessments' counts all agree). Exit status 1 on a mismatch.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from html import unescape
from pathlib import Path

import requests
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from pixorga_core.config import load_settings
from pixorga_core.domain.memberships import Role
from pixorga_core.domain.referential import Challenge, ChallengeType
from pixorga_core.facade import Hooks
from pixorga_core.pluginmanager import create_plugin_manager
from pixorga_core.services import campaigns, orga, passwords
from pixorga_core.storage.db import make_engine, make_sessionmaker
from pixorga_core.storage.migrate import upgrade
from pixorga_core.storage.models import AnswerRow, AssessmentRow
from pixorga_core.storage.repositories import participations as participations_repo
from pixorga_core.storage.repositories import users as users_repo
from pixorga_core.testing.factories import Factories

PASSWORD = "Azerty123"
TIMEOUT = 60.0
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
CHALLENGE = re.compile(r'name="challenge_id" value="([^"]+)"')
CHOICE = re.compile(r'<input type="(?:radio|checkbox)" name="choix" value="(\d+)" id="([^"]+)">')
LABEL = re.compile(r'<label for="(choix-\d+)">([^<]*)</label>')
#: The kinds of request, in the order the tables show them.
KINDS = ("login page", "login", "test page", "start", "answer", "continue", "share")


# -- set-up ------------------------------------------------------------------------------------


def setup(database_url: str, pupils: int) -> tuple[str, list[str], Hooks]:
    engine = make_engine(database_url)
    upgrade(engine)
    settings = load_settings(environ={"PIXORGA_DATABASE_URL": database_url})
    hooks = Hooks(create_plugin_manager(), settings)
    password_hash = passwords.hash_password(PASSWORD)  # once: the same password for everyone
    now = datetime.now(UTC)
    with make_sessionmaker(engine)() as session, session.begin():
        factories = Factories(session)
        school = factories.organization()
        teacher = factories.user(pix_orga_terms_accepted=True)
        factories.membership(school, teacher, Role.MEMBER)
        campaign = campaigns.create_campaign(
            session,
            hooks,
            orga.context_for(session, teacher.id, school.id),
            campaigns.CampaignForm(name="Charge", target="pix-demo:competence-1-1"),
        )
        logins = []
        for n in range(pupils):
            user = factories.user(email=f"eleve{n}@charge.test", password=None)
            users_repo.add_password_method(
                session,
                user_id=user.id,
                password_hash=password_hash,
                must_change_password=False,
                now=now,
            )
            learner = factories.learner(school)
            participations_repo.insert_if_new(
                session,
                campaign_id=campaign.id,
                user_id=user.id,
                organization_learner_id=learner.id,
                external_id=None,
                now=now,
            )
            logins.append(user.email or "")
    engine.dispose()
    return campaign.code, logins, hooks


def serve(database_url: str, port: int, threads: int, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PIXORGA_DATABASE_URL": database_url,
        "PIXORGA_BASE_URL": f"http://127.0.0.1:{port}",  # redirects are absolute
        "PIXORGA_SECRET_KEY": "load-test-secret-key-load-test-secret",
    }
    cmd = [str(Path(sys.executable).with_name("pixorga")), "serve", "--port", str(port)]
    cmd += ["--threads", str(threads), "--outbox-interval", "0"]
    # The server's log goes to a file: a pipe nobody reads fills up and then blocks the server.
    with log.open("ab") as out:
        process = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
    for _ in range(300):
        try:
            requests.get(f"http://127.0.0.1:{port}/connexion", timeout=1)
            return process
        except requests.ConnectionError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"pixorga serve did not start:\n{log.read_text()}")


@contextmanager
def fresh_postgresql(server_url: str) -> Iterator[str]:
    """A new database on the PostgreSQL server ``server_url``, dropped at the end."""
    name = f"pixorga_load_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# -- the simulated pupils ----------------------------------------------------------------------


class Stats:
    """Timings per kind of request, errors, and the answers the clients saw stored."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.ends: list[tuple[float, str]] = []
        self.errors: Counter[str] = Counter()
        self.failed: dict[str, int] = Counter()
        self.examples: list[str] = []
        self.stored = 0
        self.finished = 0

    def timed(self, kind: str, seconds: float) -> None:
        now = time.perf_counter()
        with self.lock:
            self.times[kind].append(seconds)
            self.ends.append((now, kind))

    def steady(self) -> tuple[int, float]:
        """Test-flow requests done once every pupil had logged in, and the seconds they took:
        the throughput without the login burst (argon2) in it."""
        logged = max((t for t, kind in self.ends if kind == "login"), default=0.0)
        after = [t for t, kind in self.ends if t > logged]
        return len(after), (max(after) - logged) if after else 0.0

    def error(self, kind: str, login: str, error: Exception) -> None:
        cause = type(error).__name__
        if isinstance(error, Refused):
            cause = str(error)
        with self.lock:
            self.errors[f"{kind}: {cause}"] += 1
            self.failed[kind] += 1
            if len(self.examples) < 5:
                self.examples.append(f"{login} at {kind}: {error!r}"[:300])

    @property
    def requests(self) -> int:
        return sum(len(t) for t in self.times.values())


class Refused(Exception):
    """The server answered, but not as it should have."""


def answer_for(challenge: Challenge, page: str, wrong: bool) -> dict[str, object]:
    """The form a pupil fills in: the right answer (or a wrong one), through the shuffle."""
    data: dict[str, object] = {"challenge_id": challenge.id, "action": "valider"}
    labels = {for_id: unescape(label) for for_id, label in LABEL.findall(page)}
    positions = {labels[i]: v for v, i in CHOICE.findall(page)}
    if challenge.type is ChallengeType.QCU:
        right = positions[challenge.proposals[challenge.solution - 1]]
        others = [p for p in positions.values() if p != right]
        data["choix"] = random.choice(others) if wrong and others else right
    elif challenge.type is ChallengeType.QCM:
        data["choix"] = [positions[challenge.proposals[i - 1]] for i in challenge.solution]
        if wrong:
            data["choix"] = data["choix"][:-1] or list(positions.values())
    elif challenge.type is ChallengeType.QROC:
        data["reponse"] = "je ne sais pas" if wrong else challenge.solution[0]
    else:
        for field in challenge.fields:
            data[f"champ-{field.key}"] = "je ne sais pas" if wrong else field.solution[0]
    return data


def pupil(
    base: str, code: str, login: str, hooks: Hooks, args: argparse.Namespace, stats: Stats
) -> None:
    web = requests.Session()
    referential = hooks.referentials().get("pix-demo")
    test = f"{base}/campagnes/{code}/parcours"
    kind = "login page"

    def request(what: str, method: str, url: str, **kwargs: object) -> requests.Response:
        nonlocal kind
        kind = what
        started = time.perf_counter()
        response = web.request(method, url, timeout=args.timeout, allow_redirects=False, **kwargs)
        stats.timed(what, time.perf_counter() - started)
        return response

    def page() -> str:
        response = request("test page", "GET", test)
        if response.status_code != 200:
            raise Refused(f"test page {response.status_code}")
        return response.text

    def step(what: str, action: str, data: dict[str, object]) -> str:
        response = request(what, "POST", f"{test}/{action}", data=data)
        location = response.headers.get("Location", "")
        if response.status_code not in (302, 303) or "avis=deja" in location:
            raise Refused(f"{what} {response.status_code} {location.rpartition('/')[2]}")
        return location

    try:
        form = request("login page", "GET", f"{base}/connexion").text
        response = request(
            "login",
            "POST",
            f"{base}/connexion",
            data={"csrf_token": CSRF.findall(form)[0], "login": login, "password": PASSWORD},
        )
        if response.status_code not in (302, 303):
            raise Refused(f"login {response.status_code}")
        html = page()
        step("start", "commencer", {"csrf_token": CSRF.findall(html)[0]})
        html = page()
        for _ in range(args.steps):
            token = CSRF.findall(html)[0]
            if "Continuer mon parcours" in html:
                step("continue", "continuer", {"csrf_token": token})
            elif "des compétences testées" in html:
                step("share", "envoyer", {"csrf_token": token})
                break
            else:
                challenge = referential.challenges_by_id[CHALLENGE.findall(html)[0]]
                data = answer_for(challenge, html, random.random() < args.wrong)
                if args.wait[1]:
                    time.sleep(random.uniform(*args.wait))
                step("answer", "repondre", {"csrf_token": token, **data})
                with stats.lock:
                    stats.stored += 1
            html = page()
        with stats.lock:
            stats.finished += 1
    except Exception as error:  # counted and reported
        stats.error(kind, login, error)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else 0.0


def run(
    bases: list[str], code: str, logins: list[str], hooks: Hooks, args: argparse.Namespace
) -> tuple[Stats, float]:
    stats = Stats()
    threads = [
        threading.Thread(
            target=pupil, args=(bases[n % len(bases)], code, login, hooks, args, stats)
        )
        for n, login in enumerate(logins)
    ]
    started = time.perf_counter()
    for n, thread in enumerate(threads):
        if args.spawn_rate:  # as locust's spawn rate: pupils arrive, they do not all click at once
            time.sleep(max(0.0, started + n / args.spawn_rate - time.perf_counter()))
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    print(
        f"\n{len(logins)} pupils: {stats.requests} requests in {elapsed:.1f} s = "
        f"{stats.requests / elapsed:.1f} req/s; {stats.finished} pupils went through, "
        f"{sum(stats.errors.values())} errors; {stats.stored} answers stored"
    )
    print(f"  {'request':<11} {'count':>6} {'errors':>6}   p50 ms   p95 ms   p99 ms   max ms")
    for kind in KINDS:
        times = stats.times.get(kind, [])
        print(
            f"  {kind:<11} {len(times):>6} {stats.failed.get(kind, 0):>6} "
            f"{pct(times, 0.5):>8.0f} {pct(times, 0.95):>8.0f} {pct(times, 0.99):>8.0f} "
            f"{pct(times, 1.0):>8.0f}"
        )
    for cause, count in stats.errors.most_common():
        print(f"  error × {count}: {cause}")
    for example in stats.examples:
        print(f"    e.g. {example}")
    return stats, elapsed


def trivial(bases: list[str], concurrency: int, seconds: float) -> tuple[float, float]:
    """Requests per second and p99 (ms) of ``/connexion`` with ``concurrency`` clients."""
    times: list[float] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(base: str) -> None:
        web = requests.Session()
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            web.get(f"{base}/connexion", timeout=TIMEOUT)
            with lock:
                times.append(time.perf_counter() - started)

    threads = [
        threading.Thread(target=client, args=(bases[n % len(bases)],)) for n in range(concurrency)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(times) / (time.perf_counter() - started), pct(times, 0.99)


def check(database_url: str, expected: int) -> bool:
    engine = make_engine(database_url)
    with make_sessionmaker(engine)() as session:
        answers = session.scalar(select(func.count()).select_from(AnswerRow)) or 0
        counted = session.scalar(select(func.sum(AssessmentRow.answer_count))) or 0
        distinct = session.scalar(
            select(func.count()).select_from(
                select(AnswerRow.assessment_id, AnswerRow.challenge_id).distinct().subquery()
            )
        )
    engine.dispose()
    ok = answers == counted == distinct == expected
    print(
        f"\ndatabase: {answers} answers, {distinct} distinct (assessment, challenge), "
        f"assessments count {counted}, clients saw {expected} stored: "
        f"{'OK, every answer exactly once' if ok else 'MISMATCH'}"
    )
    return ok


def machine() -> str:
    load = os.getloadavg()
    return (
        f"{platform.node()}, {os.cpu_count()} cores, load average "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="an empty database (default: a new SQLite file)")
    parser.add_argument(
        "--postgresql", metavar="SERVER", help="run on a new database of this PostgreSQL server"
    )
    parser.add_argument("--pupils", type=int, default=35)
    parser.add_argument(
        "--wait",
        type=float,
        nargs=2,
        default=(2.0, 5.0),
        metavar=("MIN", "MAX"),
        help="seconds a pupil waits before each answer (default: 2 5; 0 0: none)",
    )
    parser.add_argument(
        "--spawn-rate",
        type=float,
        default=5.0,
        help="pupils starting per second, as locust's (default 5: 35 pupils in 7 s, 200 in 40 s; "
        "0: all at the same instant). A login costs an argon2 hash, about 0.2 s of CPU",
    )
    parser.add_argument("--steps", type=int, default=40, help="at most this many steps per pupil")
    parser.add_argument("--wrong", type=float, default=0.2, help="share of wrong answers")
    parser.add_argument("--processes", type=int, default=1, help="pixorga serve processes")
    parser.add_argument("--threads", type=int, default=8, help="waitress threads per process")
    parser.add_argument("--port", type=int, default=8590)
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help="per request, seconds")
    parser.add_argument(
        "--saturate", metavar="N,N,...", help="pupil counts to run one after the other, no waiting"
    )
    parser.add_argument("--trivial-seconds", type=float, default=10.0)
    parser.add_argument("--server-log", help="keep the servers' log in this file")
    args = parser.parse_args()
    levels = [int(n) for n in args.saturate.split(",")] if args.saturate else [args.pupils]
    if args.saturate:
        args.wait = (0.0, 0.0)
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        if args.postgresql:
            url = stack.enter_context(fresh_postgresql(args.postgresql))
        else:
            url = args.database_url or f"sqlite:///{tmp / 'load.sqlite3'}"
        backend = make_url(url).get_backend_name()
        print(f"machine: {machine()}")
        code, logins, hooks = setup(url, sum(levels))
        log = Path(args.server_log) if args.server_log else tmp / "server.log"
        servers = [serve(url, args.port + n, args.threads, log) for n in range(args.processes)]
        bases = [f"http://127.0.0.1:{args.port + n}" for n in range(args.processes)]
        wait = f"waiting {args.wait[0]:g}-{args.wait[1]:g} s" if args.wait[1] else "no waiting"
        spawn = f"starting {args.spawn_rate:g} per second" if args.spawn_rate else "all at once"
        print(
            f"servers: {args.processes} × pixorga serve --threads {args.threads} on {backend}; "
            f"pupils {spawn}, {wait} before each answer, {args.wrong:.0%} wrong, "
            f"at most {args.steps} steps"
        )
        ok = True
        try:
            stored, offset, table = 0, 0, []
            for level in levels:
                stats, _ = run(bases, code, logins[offset : offset + level], hooks, args)
                stored += stats.stored
                offset += level
                if args.saturate:
                    count, seconds = stats.steady()
                    flow = count / seconds if seconds else 0.0
                    print(f"  once all logged in: {count} requests in {seconds:.1f} s")
                    page_rps, page_p99 = trivial(bases, level, args.trivial_seconds)
                    answers = stats.times.get("answer", [])
                    table.append(
                        (level, flow, pct(answers, 0.5), pct(answers, 0.99), page_rps, page_p99)
                    )
                    print(f"  trivial page, {level} clients: {page_rps:.1f} req/s")
            if table:
                print(
                    "\nsaturation: pupils, test-flow req/s once all logged in, answer p50 / p99 "
                    "ms, trivial page req/s and p99 ms at the same concurrency, ratio test flow "
                    "/ trivial"
                )
                for level, flow, p50, p99, page_rps, page_p99 in table:
                    print(
                        f"  {level:>4} {flow:>8.1f} {p50:>7.0f} {p99:>7.0f} "
                        f"{page_rps:>8.1f} {page_p99:>7.0f}   {flow / page_rps:.2f}"
                    )
            ok = check(url, stored)
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=10)
            print(f"machine after: {machine()}")
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
