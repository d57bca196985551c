"""Production refuses unsafe settings; a safe production configuration passes `check --deploy` silently."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from norec.env import production_problems

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "x" * 30 + "-production-secret-" + "y" * 30


def run_django(args, **env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NOREC_", "DJANGO_", "SECRET_KEY", "DEBUG"))}
    env.update({"DJANGO_SETTINGS_MODULE": "norec.settings", **env_overrides})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_the_default_secret_key():
    result = run_django(["check"], NOREC_ENV="production", ALLOWED_HOSTS="exchange.norec.no")
    assert result.returncode != 0
    assert "Refusing to start in production" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_debug_and_missing_hosts():
    result = run_django(["check"], NOREC_ENV="production", SECRET_KEY=GOOD_KEY, DEBUG="true")
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr


def test_safe_production_configuration_passes_check_deploy_without_warnings():
    result = run_django(
        ["check", "--deploy", "--fail-level", "WARNING"],
        NOREC_ENV="production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="exchange.norec.no",
        EMAIL_HOST="smtp.norec.example",
        NOREC_SITE_URL="https://exchange.norec.no",
        DATABASE_URL=os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/norec"),
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_demo_defaults_need_no_environment():
    result = run_django(["check"])
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"secret_key": "short", "debug": False, "allowed_hosts": ["a"]}, ["SECRET_KEY"]),
        ({"secret_key": GOOD_KEY, "debug": True, "allowed_hosts": []}, ["DEBUG", "ALLOWED_HOSTS"]),
        ({"secret_key": GOOD_KEY, "debug": False, "allowed_hosts": ["a"]}, []),
        ({"secret_key": GOOD_KEY, "debug": False, "allowed_hosts": ["*"]}, ["ALLOWED_HOSTS"]),
        (
            {
                "secret_key": GOOD_KEY,
                "debug": False,
                "allowed_hosts": ["a"],
                "email_backend": "django.core.mail.backends.console.EmailBackend",
                "site_url": "http://exchange.norec.no",
            },
            ["EMAIL_HOST", "NOREC_SITE_URL"],
        ),
    ],
)
def test_production_problems_names_each_problem(kwargs, expected):
    problems = production_problems(default_secret_key="default", **kwargs)
    assert len(problems) == len(expected)
    for word, problem in zip(expected, problems, strict=True):
        assert word in problem
