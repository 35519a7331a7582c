"""Benchmark of the CSV export (issue #15, "Speed") against ``pixorga serve`` on 127.0.0.1. Not a
test: prints figures, side by side, SQLite and PostgreSQL in one run.

    python bench/export_bench.py                      # 20 000 participants, SQLite and PostgreSQL
    python bench/export_bench.py --participants 2000 --backends sqlite
    python bench/export_bench.py --postgresql-url postgresql+psycopg://pixorga@127.0.0.1:54334/postgres

For each backend: a fresh database, a campaign of ``--participants`` pupils (half shared) on a
700-skill synthetic target profile written straight into it (:mod:`bench.campaign_data`), then
``pixorga serve`` (one process per backend, the synthetic referential registered through an entry
point put on its ``PYTHONPATH``), a teacher logged in over HTTP, and the export downloaded
(streamed) without and with the skill columns. Reported: time to the first byte of the body,
whole time, bytes, the server's resident memory before and its peak during the export
(``VmHWM``, reset before each download: the login's argon2 hash takes 64 MiB), and the
ratio to a bare :mod:`csv` writer writing the same rows (parsed back from the download) from
memory, timed in this process right after. Goals: first byte < 1 s, whole < 30 s, peak RSS <
150 MB, ≤ 3× the bare writer. The collective-results and analysis pages of the campaign are
timed too when the server has them (404: not merged yet, skipped).

PostgreSQL: ``--postgresql-url`` (default: ``$PIXORGA_TEST_POSTGRESQL_URL``) names a server; the
benchmark creates and drops its own database ``pixorga_export_bench`` there.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import campaign_data  # noqa: E402

from pixorga_core import paths  # noqa: E402
from pixorga_core.storage.db import make_engine  # noqa: E402
from pixorga_core.storage.migrate import upgrade  # noqa: E402

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
BENCH_DATABASE = "pixorga_export_bench"


def memory_kb(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak) of process ``pid``, in kB (Linux)."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0])
    return found


def reset_peak(pid: int) -> None:
    """Reset the peak resident memory (``VmHWM``) of ``pid`` to its current one (Linux ≥ 4.0):
    the login's argon2 hash (64 MiB) does not count as the export's."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def serve(database_url: str, port: int, plugin_dir: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PIXORGA_DATABASE_URL": database_url,
        "PIXORGA_SECRET_KEY": "export-bench-secret-key-export-bench-secret",
        "PIXORGA_BASE_URL": f"http://127.0.0.1:{port}",
        "PYTHONPATH": os.pathsep.join(
            [str(plugin_dir), str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
        ),
    }
    cmd = [str(Path(sys.executable).with_name("pixorga")), "serve", "--port", str(port)]
    cmd += ["--threads", "4", "--outbox-interval", "0"]
    process = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(300):
        try:
            requests.get(f"http://127.0.0.1:{port}/connexion", timeout=1)
            return process
        except requests.ConnectionError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    process.kill()
    err = process.stderr.read().decode() if process.stderr else ""
    raise SystemExit(f"pixorga serve did not start: {err}")


def log_in(base: str) -> requests.Session:
    web = requests.Session()
    page = web.get(f"{base}/connexion", timeout=60).text
    response = web.post(
        f"{base}/connexion",
        data={
            "csrf_token": CSRF.findall(page)[0],
            "login": campaign_data.TEACHER_EMAIL,
            "password": campaign_data.PASSWORD,
        },
        timeout=60,
        allow_redirects=False,
    )
    if response.status_code not in (302, 303):
        raise SystemExit(f"login refused: {response.status_code}")
    return web


def download(web: requests.Session, url: str) -> tuple[float, float, bytes]:
    """(seconds to the first byte of the body, whole seconds, the body)."""
    start = time.perf_counter()
    response = web.get(url, stream=True, timeout=600)
    response.raise_for_status()
    first = None
    parts = []
    for chunk in response.iter_content(chunk_size=None):
        if first is None:
            first = time.perf_counter() - start
        parts.append(chunk)
    whole = time.perf_counter() - start
    return first or whole, whole, b"".join(parts)


def bare_writer_seconds(body: bytes, repeat: int = 3) -> float:
    """The best of ``repeat`` runs of a bare csv.writer writing the same rows from memory (and
    encoding them, as the export does)."""
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
        buffer.getvalue().encode("utf-8")
        best = min(best, time.perf_counter() - start)
    return best


def timed_page(web: requests.Session, url: str) -> float | None:
    start = time.perf_counter()
    response = web.get(url, timeout=600)
    if response.status_code == 404:
        return None
    response.raise_for_status()
    return time.perf_counter() - start


def database_for(backend: str, args: argparse.Namespace, workdir: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{workdir / 'export_bench.db'}"
    if not args.postgresql_url:
        raise SystemExit("PostgreSQL: give --postgresql-url or set PIXORGA_TEST_POSTGRESQL_URL")
    server = make_url(args.postgresql_url)
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}"))
        connection.execute(text(f"CREATE DATABASE {BENCH_DATABASE}"))
    admin.dispose()
    return server.set(database=BENCH_DATABASE).render_as_string(hide_password=False)


def drop_database(backend: str, args: argparse.Namespace) -> None:
    if backend != "postgresql":
        return
    admin = create_engine(make_url(args.postgresql_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}"))
    admin.dispose()


def run(backend: str, args: argparse.Namespace, workdir: Path, plugin_dir: Path) -> list[str]:
    url = database_for(backend, args, workdir)
    engine = make_engine(url)
    upgrade(engine)
    start = time.perf_counter()
    made = campaign_data.generate(engine, participants=args.participants)
    generated = time.perf_counter() - start
    engine.dispose()
    lines = [
        f"== {backend}: {made.participants} participants, {made.shared} shared, "
        f"{made.snapshot_rows} snapshot rows (generated in {generated:.1f} s) =="
    ]
    server = serve(url, args.port, plugin_dir)
    try:
        base = f"http://127.0.0.1:{args.port}"
        web = log_in(base)
        export = base + paths.campaign_export(made.organization_id, made.campaign_id)
        before = memory_kb(server.pid)
        lines.append(
            f"server RSS before the exports: {before['VmRSS'] / 1024:.0f} MB (peak so far, "
            f"the login's argon2 hash included: {before['VmHWM'] / 1024:.0f} MB)"
        )
        for label, url_ in (("export", export), ("export with skills", export + "?acquis=1")):
            reset_peak(server.pid)
            first, whole, body = download(web, url_)
            bare = bare_writer_seconds(body)
            peak = memory_kb(server.pid)["VmHWM"]
            rows = body.count(b"\r\n") - 1
            lines.append(
                f"{label:<19} first byte {first:6.3f} s   whole {whole:6.2f} s   "
                f"{len(body) / 1e6:6.1f} MB, {rows} rows   peak RSS {peak / 1024:4.0f} MB   "
                f"bare writer {bare:5.2f} s   ratio {whole / bare:4.1f}×"
            )
        for label, page in (
            ("collective results", paths.campaign_collective_results),
            ("analysis", paths.campaign_analysis),
        ):
            seconds = timed_page(web, base + page(made.organization_id, made.campaign_id))
            shown = "not served (404)" if seconds is None else f"{seconds:.2f} s"
            lines.append(f"{label:<19} {shown}")
    finally:
        server.terminate()
        server.wait(timeout=30)
        drop_database(backend, args)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=20_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument(
        "--postgresql-url", default=os.environ.get("PIXORGA_TEST_POSTGRESQL_URL", "")
    )
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    plugin_dir = campaign_data.plugin_directory()
    report = []
    with tempfile.TemporaryDirectory(prefix="pixorga-export-bench-") as workdir:
        for backend in args.backends.split(","):
            lines = run(backend.strip(), args, Path(workdir), plugin_dir)
            print("\n".join(lines), flush=True)
            report.extend(lines)
    print("\nGoals: first byte < 1 s, whole < 30 s, peak RSS < 150 MB, ≤ 3× the bare writer.")


if __name__ == "__main__":
    main()
