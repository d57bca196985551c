"""The zero-setup demo's database is SQLite: every main page answers there as on PostgreSQL (the
dashboard's UNION, the search's fallback, the lists and downloads), for each kind of person, with
the demo data and a small large caseload (`build_caseload`) beside it, built in the Makefile's order."""

import json
import subprocess
import sys

from tests.test_make_demo import ROOT, demo_environment  # noqa: F401 (a fixture)

PAGES = {
    "adviser@norec.example": [
        "/",
        "/dashboard/",
        "/dashboard/?scope=all",
        "/search/?q=Amnia",
        "/search/?q=Mulago&kind=organisations",
        "/search/?q=helse",
        "/cases/?scope=all&sort=waiting",
        "/cases/export.csv?scope=all",
        "/cases/export.xlsx?scope=all",
        "/organisations/?sort=-country",
        "/rounds/?scope=all",
        "/rounds/export.csv?scope=all",
        "/participants/caseload/?scope=all&sort=-departure",
        "/participants/caseload/export.xlsx?scope=all",
        "/training/",
        "/training/needs/",
        "/training/enrolments/",
        "/training/enrolments/export.csv",
        "/amendments/",
        "/reminders/sent/",
        "SUMMARY",
    ],
    "adviser1@norec.example": ["/", "/dashboard/", "/cases/?scope=all", "/search/?q=Nakto"],
    "sarah@mulago.example": ["/", "/search/?q=Amina", "/rounds/", "/training/enrolments/", "/cases/export.csv"],
    "amina@participant.example": ["/", "/my-exchange/", "/my-courses/"],
}

SCRIPT = """
import json, sys
import django
django.setup()
from django.test import Client
from norec.core.demo import seed_demo_without_emails
from norec.core.models import User
from partnerships.models import Partnership
seed_demo_without_emails()
summary = f"/cases/{Partnership.objects.order_by('pk').first().pk}/summary.pdf"
answers = {}
for email, paths in json.loads(sys.argv[1]).items():
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(email=email))
    for path in paths:
        path = summary if path == "SUMMARY" else path
        response = client.get(path, follow=True)
        answers[f"{email} {path}"] = response.status_code
print(json.dumps(answers))
"""


def test_every_main_page_answers_on_sqlite(demo_environment):  # noqa: F811
    # DEBUG on: static files by their plain names, without collectstatic's manifest (slow, and not the point).
    env = {**demo_environment, "DEBUG": "true", "CELERY_TASK_ALWAYS_EAGER": "true"}
    manage = [sys.executable, "manage.py"]
    # As `make demo DEMO_CASES=…` does: the demo's cases first (made only where there are none), then the caseload.
    commands = (
        ["migrate", "--no-input", "-v", "0"],
        ["seed_demo", "-v", "0"],
        ["build_caseload", "--cases", "50", "--participants", "200"],
    )
    for command in commands:
        result = subprocess.run([*manage, *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=400)
        assert result.returncode == 0, result.stdout + result.stderr
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps(PAGES)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=400,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert {page: status for page, status in answers.items() if status != 200} == {}
