"""Page throughput benchmark: `make bench` (or `.venv/bin/python bench/run.py --scale 500`).

1. drops and re-creates the PostgreSQL database `norec_bench` on 127.0.0.1 and builds a caseload
   through the real services (bench/caseload.py build);
2. serves the app with gunicorn (2 sync workers, production settings: DEBUG off, the Redis cache);
3. loads each main page with wrk (8 connections, a warm-up, then a fixed duration) and counts its
   SQL queries with Django's test client against the same database and settings;
4. prints per page: requests/s, p50 and p95 latency, queries, and the share of /healthz's
   throughput in the same run. Exits 1 when a page serves less than --min-share of /healthz.

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
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE = "norec_bench"
SERVER_URL = "postgres://postgres@127.0.0.1:5432"
REPORT_LUA = Path(__file__).resolve().parent / "report.lua"


def production_env(media_root: Path) -> dict[str, str]:
    """Production settings, with only what plain HTTP on 127.0.0.1 needs relaxed."""
    return {
        **os.environ,
        "NOREC_ENV": "production",
        "SECRET_KEY": "bench-" + secrets.token_urlsafe(48),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "NOREC_SITE_URL": "https://bench.norec.example",
        "DATABASE_URL": f"{SERVER_URL}/{DATABASE}",
        "REDIS_URL": "redis://127.0.0.1:6379/5",
        "EMAIL_HOST": "127.0.0.1",  # never reached: loading pages sends no email
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "NOREC_REQUIRE_ADVISER_MFA": "false",
        "MEDIA_ROOT": str(media_root),
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "norec.settings",
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


def recreate_database() -> None:
    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE}")


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
    """One wrk run; report.lua prints a line "BENCH <requests/s> <p50 µs> <p95 µs> <requests> <errors>"."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(REPORT_LUA)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout  # noqa: S603
    match = re.search(r"^BENCH (\S+) (\S+) (\S+) (\d+) (\d+)$", output, re.MULTILINE)
    if match is None:
        sys.exit(f"could not read wrk's output:\n{output}")
    rate, p50, p95, _requests, errors = match.groups()
    return {"rps": float(rate), "p50": float(p50) / 1000, "p95": float(p95) / 1000, "errors": int(errors)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=500, help="cases to build (default 500)")
    parser.add_argument("--participants", type=int, default=10_000, help="participants to build (default 10,000)")
    parser.add_argument("--seconds", type=int, default=10, help="measured seconds per page (default 10)")
    parser.add_argument("--warm-up", type=int, default=2, help="warm-up seconds per page (default 2)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--min-share", type=float, default=10.0, help="least %% of /healthz a page must serve")
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even when a page is below --min-share")
    parser.add_argument("--keep-database", action="store_true", help="reuse norec_bench as built by an earlier run")
    arguments = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install wrk; `make bench` does it)")

    workdir = Path(tempfile.mkdtemp(prefix="norec-bench-"))
    production = production_env(workdir / "media")
    spec_file = workdir / "pages.json"
    manage = [PYTHON, str(ROOT / "manage.py")]
    subprocess.run([*manage, "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=production, check=True)  # noqa: S603
    if not arguments.keep_database:
        print(f"Building {arguments.scale} cases in the database {DATABASE} …", file=sys.stderr)
        recreate_database()
    caseload = [PYTHON, str(ROOT / "bench" / "caseload.py")]
    subprocess.run(  # noqa: S603
        [*caseload, "build", "--scale", str(arguments.scale), "--participants", str(arguments.participants)]
        + ["--out", str(spec_file)]
        + (["--sessions-only"] if arguments.keep_database else []),
        cwd=ROOT,
        env=build_env(production),
        check=True,
    )
    built = json.loads(spec_file.read_text())
    pages = [
        ("/healthz", "/healthz", ""),
        ("case list (adviser, all)", "/cases/?scope=all", built["adviser_cookie"]),
        ("case page (adviser)", built["case_url"], built["adviser_cookie"]),
        ("organisation list (adviser)", "/organisations/", built["adviser_cookie"]),
        ("home (adviser)", "/", built["adviser_cookie"]),
        ("home (partner contact)", "/", built["contact_cookie"]),
        (f"round matrix ({built['round_participants']} participants)", built["round_url"], built["adviser_cookie"]),
        ("participant portal", "/my-exchange/", built["participant_cookie"]),
    ]
    spec_file.write_text(json.dumps({"pages": [{"path": p, "cookie": c} for _n, p, c in pages]}))
    queries = subprocess.run(  # noqa: S603
        [*caseload, "queries", "--pages", str(spec_file)], cwd=ROOT, env=production, check=True, capture_output=True
    )
    counts = json.loads(queries.stdout.decode().strip().splitlines()[-1])

    port = free_port()
    server = start_gunicorn(production, port, workdir / "gunicorn.log")
    results = []
    try:
        for name, path, cookie in pages:
            url = f"http://127.0.0.1:{port}{path}"
            load(url, cookie, seconds=arguments.warm_up, connections=arguments.connections)
            results.append(
                (name, path, load(url, cookie, seconds=arguments.seconds, connections=arguments.connections))
            )
    finally:
        stop(server)

    healthz = results[0][2]["rps"]
    print(
        f"\n{built['cases']} cases, {built['organisations']} organisations, {built['participants']} participants "
        f"(built in {built['build_seconds']} s); "
        f"gunicorn 2 sync workers; wrk {arguments.connections} connections, {arguments.seconds} s per page\n"
    )
    print("| page | requests/s | p50 ms | p95 ms | queries | % of /healthz |")
    print("|---|---:|---:|---:|---:|---:|")
    below = []
    for name, path, result in results:
        share = 100 * result["rps"] / healthz
        errors = f" ({result['errors']} errors)" if result["errors"] else ""
        print(
            f"| {name} | {result['rps']:.0f} | {result['p50']:.1f} | {result['p95']:.1f} | "
            f"{counts[path]} | {share:.1f} %{errors} |"
        )
        if share < arguments.min_share or result["errors"]:
            below.append(name)
    shutil.rmtree(workdir, ignore_errors=True)
    if below:
        print(f"\nBelow {arguments.min_share:g} % of /healthz, or with errors: {', '.join(below)}", file=sys.stderr)
        return 0 if arguments.no_fail else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
