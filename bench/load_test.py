"""Load test of the pupil's test flow against ``pixorga serve`` on 127.0.0.1 (issue #14, "Speed
and load"). Not a test: prints figures, then checks the database holds every answer once.

    python bench/load_test.py --pupils 35 --wait 2 5            # a class, SQLite
    python bench/load_test.py --pupils 200 --wait 2 5 --processes 2 \
        --database-url postgresql+psycopg://pixorga@127.0.0.1:54348/load
    python bench/load_test.py --saturate 10,20,40,80 --steps 10   # no waiting, growing pupils

The script creates the schema, a school, a campaign on competence 1.1 and the pupils (accounts,
imported pupils, participations, through the core's repositories), starts ``pixorga serve``
(``--processes`` servers on consecutive ports; pupils are spread over them), then runs one
thread per simulated pupil (a bounded client: one request at a time per pupil): log in, open
the test, « Je commence », then for each step load the page and answer as a pupil would (the
right answer, read from the labels shown, through the shuffled positions), « Continuer mon
parcours » at each checkpoint, « J'envoie mes résultats » at the end. Reported: errors, the
answer request's p50 / p95 / p99, requests per second, and for ``--saturate`` the ratio to a
trivial page (``/connexion``) at the same concurrency.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from html import unescape
from pathlib import Path

import requests
from sqlalchemy import func, select

from pixorga_core.config import load_settings
from pixorga_core.domain.memberships import Role
from pixorga_core.domain.referential import ChallengeType
from pixorga_core.facade import Hooks
from pixorga_core.pluginmanager import create_plugin_manager
from pixorga_core.services import campaigns, orga
from pixorga_core.storage.db import make_engine, make_sessionmaker
from pixorga_core.storage.migrate import upgrade
from pixorga_core.storage.models import AnswerRow, AssessmentRow
from pixorga_core.storage.repositories import participations as participations_repo
from pixorga_core.testing.factories import Factories

PASSWORD = "Azerty123"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
CHALLENGE = re.compile(r'name="challenge_id" value="([^"]+)"')
CHOICE = re.compile(r'<input type="(?:radio|checkbox)" name="choix" value="(\d+)" id="([^"]+)">')
LABEL = re.compile(r'<label for="(choix-\d+)">([^<]*)</label>')


def setup(database_url: str, pupils: int) -> tuple[str, list[str], Hooks]:
    engine = make_engine(database_url)
    upgrade(engine)
    settings = load_settings(environ={"PIXORGA_DATABASE_URL": database_url})
    hooks = Hooks(create_plugin_manager(), settings)
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
            user = factories.user(email=f"eleve{n}@charge.test", password=PASSWORD)
            learner = factories.learner(school)
            participations_repo.insert_if_new(
                session,
                campaign_id=campaign.id,
                user_id=user.id,
                organization_learner_id=learner.id,
                external_id=None,
                now=datetime.now(UTC),
            )
            logins.append(user.email or "")
    engine.dispose()
    return campaign.code, logins, hooks


def serve(database_url: str, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PIXORGA_DATABASE_URL": database_url,
        "PIXORGA_SECRET_KEY": "load-test-secret-key-load-test-secret",
    }
    cmd = [str(Path(sys.executable).with_name("pixorga")), "serve", "--port", str(port)]
    cmd += ["--threads", "8", "--outbox-interval", "0"]
    process = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(100):
        try:
            requests.get(f"http://127.0.0.1:{port}/connexion", timeout=1)
            return process
        except requests.ConnectionError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(
        f"pixorga serve did not start: {process.stderr.read() if process.stderr else ''}"
    )


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.answers: list[float] = []
        self.requests = 0
        self.errors: list[str] = []
        self.stored = 0

    def add(self, seconds: float | None = None) -> None:
        with self.lock:
            self.requests += 1
            if seconds is not None:
                self.answers.append(seconds)


def pupil(
    base: str, code: str, login: str, hooks: Hooks, args: argparse.Namespace, stats: Stats
) -> None:
    web = requests.Session()
    referential = hooks.referentials().get("pix-demo")
    test = f"{base}/campagnes/{code}/parcours"

    def pause() -> None:
        if args.wait[1]:
            time.sleep(random.uniform(*args.wait))

    def post(url: str, data: dict[str, object]) -> str:
        response = web.post(url, data=data, timeout=60)
        stats.add()
        response.raise_for_status()
        return response.text

    try:
        page = web.get(f"{base}/connexion", timeout=60).text
        response = web.post(
            f"{base}/connexion",
            data={"csrf_token": CSRF.findall(page)[0], "login": login, "password": PASSWORD},
            timeout=60,
            allow_redirects=False,
        )
        stats.add()
        if response.status_code not in (302, 303):
            raise RuntimeError(f"login refused: {response.status_code}")
        page = web.get(test, timeout=60).text
        stats.add()
        page = post(f"{test}/commencer", {"csrf_token": CSRF.findall(page)[0]})
        for _ in range(args.steps):
            token = CSRF.findall(page)[0]
            if "Continuer mon parcours" in page:
                page = post(f"{test}/continuer", {"csrf_token": token})
                continue
            if "des compétences testées" in page:
                post(f"{test}/envoyer", {"csrf_token": token})
                break
            challenge = referential.challenges_by_id[CHALLENGE.findall(page)[0]]
            data: dict[str, object] = {
                "csrf_token": token,
                "challenge_id": challenge.id,
                "action": "valider",
            }
            labels = {for_id: unescape(text) for for_id, text in LABEL.findall(page)}
            positions = {labels[i]: v for v, i in CHOICE.findall(page)}
            if challenge.type is ChallengeType.QCU:
                data["choix"] = positions[challenge.proposals[challenge.solution - 1]]
            elif challenge.type is ChallengeType.QCM:
                data["choix"] = [positions[challenge.proposals[i - 1]] for i in challenge.solution]
            elif challenge.type is ChallengeType.QROC:
                data["reponse"] = challenge.solution[0]
            else:
                for field in challenge.fields:
                    data[f"champ-{field.key}"] = field.solution[0]
            pause()
            started = time.perf_counter()
            response = web.post(f"{test}/repondre", data=data, timeout=60, allow_redirects=False)
            stats.add(time.perf_counter() - started)
            if response.status_code not in (302, 303) or "avis=" in response.headers.get(
                "Location", ""
            ):
                raise RuntimeError(f"answer refused: {response.status_code}")
            with stats.lock:
                stats.stored += 1
            page = web.get(test, timeout=60).text
            stats.add()
    except Exception as error:
        with stats.lock:
            stats.errors.append(f"{login}: {error!r}")


def run(
    bases: list[str], code: str, logins: list[str], hooks: Hooks, args: argparse.Namespace
) -> Stats:
    stats = Stats()
    threads = [
        threading.Thread(
            target=pupil, args=(bases[n % len(bases)], code, login, hooks, args, stats)
        )
        for n, login in enumerate(logins)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    answers = sorted(stats.answers) or [0.0]

    def pct(p: float) -> float:
        return 1000 * answers[min(len(answers) - 1, int(p * len(answers)))]

    print(
        f"{len(logins)} pupils: {stats.requests} requests in {elapsed:.1f} s "
        f"({stats.requests / elapsed:.0f} req/s), {len(stats.errors)} errors; answer p50 "
        f"{pct(0.5):.0f} ms, p95 {pct(0.95):.0f} ms, p99 {pct(0.99):.0f} ms "
        f"(mean {1000 * statistics.fmean(answers):.0f} ms)"
    )
    for error in stats.errors[:5]:
        print("  ", error)
    return stats


def trivial(bases: list[str], concurrency: int, seconds: float = 5.0) -> float:
    """Requests per second of ``/connexion`` at ``concurrency``."""
    count = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(base: str) -> None:
        web = requests.Session()
        while time.perf_counter() < deadline:
            web.get(f"{base}/connexion", timeout=60)
            with lock:
                count[0] += 1

    threads = [
        threading.Thread(target=client, args=(bases[n % len(bases)],)) for n in range(concurrency)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return count[0] / seconds


def check(database_url: str, expected: int) -> None:
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
        f"database: {answers} answers, {distinct} distinct, assessments count {counted}, "
        f"clients stored {expected}: {'OK' if ok else 'MISMATCH'}"
    )
    if not ok:
        raise SystemExit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url")
    parser.add_argument("--pupils", type=int, default=35)
    parser.add_argument("--wait", type=float, nargs=2, default=(2.0, 5.0), metavar=("MIN", "MAX"))
    parser.add_argument("--steps", type=int, default=40, help="at most this many steps per pupil")
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--port", type=int, default=8590)
    parser.add_argument("--saturate", help="comma-separated pupil counts, no waiting")
    args = parser.parse_args()
    levels = [int(n) for n in args.saturate.split(",")] if args.saturate else [args.pupils]
    if args.saturate:
        args.wait = (0.0, 0.0)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'load.sqlite3'}"
        code, logins, hooks = setup(url, sum(levels))
        servers = [serve(url, args.port + n) for n in range(args.processes)]
        bases = [f"http://127.0.0.1:{args.port + n}" for n in range(args.processes)]
        try:
            stored, offset = 0, 0
            for level in levels:
                stats = run(bases, code, logins[offset : offset + level], hooks, args)
                stored += stats.stored
                offset += level
                if args.saturate:
                    answer_rps = stats.requests / max(sum(stats.answers), 1e-9) * level
                    page_rps = trivial(bases, level)
                    print(
                        f"   trivial page at {level}: {page_rps:.0f} req/s "
                        f"(test-flow requests / trivial ≈ {answer_rps / page_rps:.2f})"
                    )
            check(url, stored)
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=10)


if __name__ == "__main__":
    main()
