"""`make demo` as a first-time visitor sees it: a few readable lines, ending with where to sign in and
as whom (not hundreds of JSON log lines with the sign-in banner buried in them). The commands are
the Makefile's own, run on a fresh SQLite database."""

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.redis_servers import free_port

ROOT = Path(__file__).resolve().parent.parent


def demo_recipe() -> list[str]:
    """The manage.py commands of the Makefile's `demo` target, in order."""
    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^demo:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE).group(1)
    # Not the large caseload, built only when asked (DEMO_CASES=500): tests/test_demo_on_sqlite.py builds one.
    return [line.strip() for line in recipe.splitlines() if "manage.py" in line and "DEMO_CASES" not in line]


@pytest.fixture
def demo_environment(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NOREC_", "DJANGO_", "DEBUG", "LOG_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="norec.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        REDIS_URL="",
        PYTHONUNBUFFERED="1",
    )
    return env


def shell_words(command: str, port: int) -> tuple[dict, list[str]]:
    """`DEBUG=false $(PY) manage.py demo 127.0.0.1:8000` → ({"DEBUG": "false"}, [python, manage.py, demo, …])."""
    words = command.split()
    env = dict(word.split("=", 1) for word in words[: words.index("$(PY)")])
    args = [word.replace("127.0.0.1:8000", f"127.0.0.1:{port}") for word in words[words.index("$(PY)") + 1 :]]
    return env, [sys.executable, *args]


def wait_until_serving(port: int, server: subprocess.Popen) -> dict:
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                return json.load(response)
        except OSError:
            assert server.poll() is None, "the demo server stopped"
            assert time.monotonic() < deadline, "the demo server did not start"
            time.sleep(0.2)


def test_make_demo_prints_a_few_readable_lines_ending_with_the_sign_in_details(demo_environment):
    *preparing, serving = demo_recipe()
    printed = []
    for command in preparing:
        if "collectstatic" in command:
            continue  # slow, and its -v 0 prints nothing; the test asks /healthz, which needs no static files
        extra, args = shell_words(command, 0)
        result = subprocess.run(
            args, cwd=ROOT, env={**demo_environment, **extra}, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, result.stdout + result.stderr
        printed += (result.stdout + result.stderr).splitlines()

    port = free_port()
    extra, args = shell_words(serving, port)
    server = subprocess.Popen(
        args, cwd=ROOT, env={**demo_environment, **extra}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        assert wait_until_serving(port, server)["status"] == "ok"
        time.sleep(0.5)  # what it prints as it starts
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
    printed += [line for line in output.splitlines() if "/healthz" not in line]  # the test's own request
    # Without collectstatic (skipped above) whitenoise warns that there is no folder to serve from.
    skipped = ("No directory at", "mw_instance = middleware(adapted_handler)")
    printed = [line for line in printed if line.strip() and not any(text in line for text in skipped)]

    everything = "\n".join(printed)
    assert len(printed) <= 20, everything
    assert not [line for line in printed if line.lstrip().startswith("{")], everything  # no JSON logs in development
    assert f"http://127.0.0.1:{port}/" in everything
    assert "norec-demo-2026" in everything and "adviser@norec.example" in everything
    assert "amina@participant.example" in printed[-1], everything  # the sign-in details come last
