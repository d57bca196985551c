"""Page throughput benchmark: `make bench` (or `.venv/bin/python bench/run.py --scale 500`).

1. drops and re-creates a PostgreSQL database on 127.0.0.1 (`norec_bench`, or --database),
   builds a caseload through the real services (bench/caseload.py build) and runs ANALYZE, so the
   planner knows the tables' sizes as it would in production;
2. serves the app with gunicorn (2 sync workers, production settings: DEBUG off, the Redis cache),
   with bench/settings.py adding the baseline page /bench/baseline (no I/O: bench/urls.py);
3. loads each main page with wrk (8 connections) in short slices alternating with slices of the
   baseline (baseline, page, baseline, page, ..., baseline), so that a machine getting busier or
   quieter during the run changes both alike, and counts its SQL queries with Django's test
   client against the same database and settings;
4. prints per page: requests/s, p50 and p95 latency (medians over the slices), queries, the
   baseline's requests/s around it and the page's share of it. Exits 1 when a page serves less
   than --min-share of the baseline.

First, unless --skip-sweep, bench/sweep.py measures the daily reminder sweep at 10,000 and 100,000
checklist items in a database of its own (<database>_sweep) and prints its table; the run exits 1
at the end if the sweep exceeded its limits.

Everything talks to 127.0.0.1 only; gunicorn is stopped however the run ends.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from urllib.parse import urlsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SERVER_URL = "postgres://postgres@127.0.0.1:5432"
REPORT_LUA = Path(__file__).resolve().parent / "report.lua"


BASELINE = "/bench/baseline"


def production_env(media_root: Path, *, database: str, redis_db: int) -> dict[str, str]:
    """Production settings, with only what plain HTTP on 127.0.0.1 needs relaxed."""
    return {
        **os.environ,
        "NOREC_ENV": "production",
        "SECRET_KEY": "bench-" + secrets.token_urlsafe(48),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "NOREC_SITE_URL": "https://bench.norec.example",
        "DATABASE_URL": f"{SERVER_URL}/{database}",
        "REDIS_URL": f"redis://127.0.0.1:6379/{redis_db}",
        "EMAIL_HOST": "127.0.0.1",  # never reached: loading pages sends no email
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "NOREC_REQUIRE_ADVISER_MFA": "false",
        "MEDIA_ROOT": str(media_root),
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
    }


def build_env(production: dict[str, str]) -> dict[str, str]:
    """For building the caseload: the same database and key, tasks in-process, emails dropped
    (production refuses an email backend that does not deliver)."""
    return {
        **production,
        "NOREC_ENV": "development",
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }


def recreate_database(database: str) -> None:
    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {database}")


def analyze(database: str) -> None:
    """Fresh statistics after the bulk build: without them the planner guesses the tables' sizes."""
    with psycopg.connect(f"{SERVER_URL}/{database}", autocommit=True) as connection:
        connection.execute("ANALYZE")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    command = [
        PYTHON, "-m", "gunicorn", "norec.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", "2", "--worker-class", "sync",
        "--timeout", "60", "--keep-alive", "5", "--worker-tmp-dir", "/dev/shm",  # noqa: S108
    ]  # fmt: skip
    server = subprocess.Popen(  # noqa: S603
        command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped at start-up:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    stop(server)
    sys.exit(f"gunicorn did not answer /healthz within 30 s:\n{log.read_text()[-3000:]}")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def load(url: str, cookie: str, *, seconds: int, connections: int) -> dict[str, float]:
    """One wrk run; report.lua prints "BENCH <requests> <duration µs> <p50 µs> <p95 µs> <errors>"."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(REPORT_LUA)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout  # noqa: S603
    settle(url)
    match = re.search(r"^BENCH (\d+) (\d+) (\S+) (\S+) (\d+)$", output, re.MULTILINE)
    if match is None:
        sys.exit(f"could not read wrk's output:\n{output}")
    requests, duration, p50, p95, errors = match.groups()
    return {
        "requests": int(requests),
        "seconds": int(duration) / 1e6,
        "p50": float(p50) / 1000,
        "p95": float(p95) / 1000,
        "errors": int(errors),
    }


def settle(url: str) -> None:
    """Wait until the server has finished what wrk left in flight when it stopped (up to one slow
    request per connection, queued for the two workers), so the next slice starts on an idle
    server: one request more waits behind them all."""
    baseline = urlsplit(url)._replace(path=BASELINE, query="").geturl()  # http://127.0.0.1:<port>
    with urllib.request.urlopen(baseline, timeout=60):  # noqa: S310 (the URL is the server started here)
        pass


def rate(slices: list[dict]) -> float:
    return sum(piece["requests"] for piece in slices) / sum(piece["seconds"] for piece in slices)


@dataclass
class Measured:
    """A page's slices and the baseline's slices around them (one more baseline slice than page slices)."""

    page: list[dict]
    baseline: list[dict]

    @property
    def share(self) -> float:
        return 100 * rate(self.page) / rate(self.baseline)

    @property
    def errors(self) -> int:
        return sum(piece["errors"] for piece in self.page)

    def row(self, name: str, queries: int) -> str:
        baseline_rates = [piece["requests"] / piece["seconds"] for piece in self.baseline]
        errors = f" ({self.errors} errors)" if self.errors else ""
        return (
            f"| {name} | {rate(self.page):.0f} | {median(p['p50'] for p in self.page):.1f} | "
            f"{median(p['p95'] for p in self.page):.1f} | {queries} | {rate(self.baseline):.0f} "
            f"({min(baseline_rates):.0f} to {max(baseline_rates):.0f}) | {self.share:.1f} %{errors} |"
        )


def measure(page_url: str, cookie: str, baseline_url: str, arguments: argparse.Namespace) -> Measured:
    """Baseline, page, baseline, page, ..., baseline: each page slice has a baseline slice on either side."""
    connections, seconds = arguments.connections, arguments.slice_seconds
    load(page_url, cookie, seconds=arguments.warm_up, connections=connections)
    baseline = [load(baseline_url, "", seconds=seconds, connections=connections)]
    page = []
    for _ in range(arguments.slices):
        page.append(load(page_url, cookie, seconds=seconds, connections=connections))
        baseline.append(load(baseline_url, "", seconds=seconds, connections=connections))
    if any(piece["errors"] for piece in baseline):
        sys.exit(f"the baseline {baseline_url} answered with errors: the measurement means nothing")
    return Measured(page, baseline)


def arguments_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=500, help="cases to build (default 500)")
    parser.add_argument("--participants", type=int, default=10_000, help="participants to build (default 10,000)")
    parser.add_argument("--slices", type=int, default=3, help="measured slices per page (default 3)")
    parser.add_argument("--slice-seconds", type=int, default=4, help="seconds per slice, page or baseline (default 4)")
    parser.add_argument("--warm-up", type=int, default=2, help="warm-up seconds per page (default 2)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--min-share", type=float, default=10.0, help="least %% of the baseline a page must serve")
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even when a page is below --min-share")
    parser.add_argument("--keep-database", action="store_true", help="reuse the database as built by an earlier run")
    parser.add_argument("--skip-sweep", action="store_true", help="do not run bench/sweep.py first")
    parser.add_argument(
        "--database",
        default=os.environ.get("BENCH_DATABASE", "norec_bench"),
        help="the PostgreSQL database to drop, build and serve (default $BENCH_DATABASE or norec_bench)",
    )
    parser.add_argument("--redis-db", type=int, default=5, help="the Redis database of the cache (default 5)")
    return parser


def main() -> int:
    arguments = arguments_parser().parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install wrk; `make bench` does it)")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", arguments.database):
        sys.exit("--database: lower-case letters, digits and underscores only")

    sweep_failed = False
    if not arguments.skip_sweep:
        # The daily reminder sweep at 10,000 and 100,000 checklist items, in a database of its own: its table first.
        sweep = [PYTHON, str(ROOT / "bench" / "sweep.py"), "--database", f"{arguments.database}_sweep"]
        sweep += ["--redis-db", str(arguments.redis_db)] + (["--no-fail"] if arguments.no_fail else [])
        sweep_failed = subprocess.run(sweep, cwd=ROOT, check=False).returncode != 0  # noqa: S603

    workdir = Path(tempfile.mkdtemp(prefix="norec-bench-"))
    production = production_env(workdir / "media", database=arguments.database, redis_db=arguments.redis_db)
    spec_file = workdir / "pages.json"
    manage = [PYTHON, str(ROOT / "manage.py")]
    subprocess.run([*manage, "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=production, check=True)  # noqa: S603
    if not arguments.keep_database:
        print(f"Building {arguments.scale} cases in the database {arguments.database} …", file=sys.stderr)
        recreate_database(arguments.database)
    caseload = [PYTHON, str(ROOT / "bench" / "caseload.py")]
    subprocess.run(  # noqa: S603
        [*caseload, "build", "--scale", str(arguments.scale), "--participants", str(arguments.participants)]
        + ["--out", str(spec_file)]
        + (["--sessions-only"] if arguments.keep_database else []),
        cwd=ROOT,
        env=build_env(production),
        check=True,
    )
    analyze(arguments.database)
    built = json.loads(spec_file.read_text())
    pages = [
        ("/healthz (database and broker)", "/healthz", ""),
        ("dashboard (adviser)", "/dashboard/", built["adviser_cookie"]),
        ("case list (adviser, all)", "/cases/?scope=all", built["adviser_cookie"]),
        ("search, a name with a typo (adviser)", "/search/?q=Nakto", built["adviser_cookie"]),
        ("case list as CSV (adviser, all)", "/cases/export.csv?scope=all", built["adviser_cookie"]),
        ("case page (adviser)", built["case_url"], built["adviser_cookie"]),
        ("organisation list (adviser)", "/organisations/", built["adviser_cookie"]),
        ("home (adviser)", "/", built["adviser_cookie"]),
        ("home (partner contact)", "/", built["contact_cookie"]),
        (f"round matrix ({built['round_participants']} participants)", built["round_url"], built["adviser_cookie"]),
        ("participant portal", "/my-exchange/", built["participant_cookie"]),
        ("training sessions (adviser)", "/training/", built["adviser_cookie"]),
        (f"session ({built['session_enrolments']} enrolled)", built["session_url"], built["adviser_cookie"]),
        ("training sessions (partner contact)", "/training/", built["contact_cookie"]),
        (f"amendments queue ({built['amendments_waiting']} waiting)", "/amendments/", built["adviser_cookie"]),
        ("amendment with its effects (adviser)", built["amendment_url"], built["adviser_cookie"]),
        ("agreement history (adviser)", built["history_url"], built["adviser_cookie"]),
    ]
    counted = [{"path": path, "cookie": cookie} for _name, path, cookie in [*pages, ("", BASELINE, "")]]
    spec_file.write_text(json.dumps({"pages": counted}))
    queries = subprocess.run(  # noqa: S603
        [*caseload, "queries", "--pages", str(spec_file)], cwd=ROOT, env=production, check=True, capture_output=True
    )
    counts = json.loads(queries.stdout.decode().strip().splitlines()[-1])
    baseline_queries = counts[BASELINE + " "]  # by path and cookie (caseload.count_queries); the baseline has none
    if baseline_queries != 0:
        sys.exit(f"the baseline {BASELINE} made {baseline_queries} queries: it must do no I/O")

    port = free_port()
    load_before = os.getloadavg()[0]
    server = start_gunicorn(production, port, workdir / "gunicorn.log")
    results = []
    try:
        base = f"http://127.0.0.1:{port}"
        load(base + BASELINE, "", seconds=arguments.warm_up, connections=arguments.connections)
        for name, path, cookie in pages:
            results.append((name, path, measure(base + path, cookie, base + BASELINE, arguments)))
    finally:
        stop(server)

    print(
        f"\n{built['cases']} cases, {built['organisations']} organisations, {built['participants']} participants "
        f"(built in {built['build_seconds']} s); gunicorn 2 sync workers; wrk {arguments.connections} connections; "
        f"per page {arguments.slices} slices of {arguments.slice_seconds} s, each between two slices of "
        f"{BASELINE} (no I/O, {baseline_queries} queries); load average {load_before:.1f} before the run\n"
    )
    print("| page | requests/s | p50 ms | p95 ms | queries | baseline requests/s (slices) | % of baseline |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    below = []
    cookies = {name: cookie for name, _path, cookie in pages}
    for name, path, measured in results:
        print(measured.row(name, counts[f"{path} {cookies[name]}"]))
        if measured.share < arguments.min_share or measured.errors:
            below.append(f"{name} ({measured.share:.1f} %)")
    shutil.rmtree(workdir, ignore_errors=True)
    if below:
        print(f"\nBelow {arguments.min_share:g} % of the baseline, or with errors: {', '.join(below)}", file=sys.stderr)
        return 0 if arguments.no_fail else 1
    return 1 if sweep_failed else 0


if __name__ == "__main__":
    sys.exit(main())
