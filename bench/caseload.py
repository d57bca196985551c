"""The benchmark's Django side, run by bench/run.py in a process of its own with the settings it
chooses (so this file never decides where it writes):

    caseload.py build --scale 500 --out pages.json   migrate, build the caseload, sign two people in
    caseload.py queries --pages pages.json           count the SQL queries of each page

The caseload is built by `manage.py build_caseload` (workspace/caseload: through the services
people use, so every case has its real rows and timeline).
"""

import argparse
import json
import os
import sys
import time
from importlib import import_module
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "norec.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from amendments.models import Amendment, AmendmentState  # noqa: E402
from exchanges.models import ExchangeRound, Participant  # noqa: E402
from norec.core.models import User  # noqa: E402
from partnerships.models import PartnerOrganisation, Partnership, Phase  # noqa: E402
from workspace.caseload import FIRST_ADVISER, busiest_organisation  # noqa: E402
from workspace.caseload.exchanges import measured_session  # noqa: E402


def build(scale: int, out: Path, *, participants: int = 10_000, sessions_only: bool = False) -> None:
    started = time.monotonic()
    if not sessions_only:
        call_command("migrate", verbosity=0, interactive=False)
        call_command("build_caseload", cases=scale, participants=participants, sessions=100)
    # The people the benchmark signs in as: the first adviser, and the first contact of the busiest organisation.
    adviser = User.objects.get(email=FIRST_ADVISER)
    busiest = busiest_organisation()
    case = Partnership.objects.filter(adviser=adviser, phase=Phase.EXCHANGE).order_by("pk").first()
    measured_round = ExchangeRound.objects.filter(agreement__partnership=case, number=1).get()
    portal_user = User.objects.filter(participation__leg__exchange_round=measured_round).order_by("pk").first()
    session = measured_session()
    pages = {
        "adviser_cookie": _session_for(adviser),
        "round_url": f"/cases/{case.pk}/rounds/1/",
        "round_participants": Participant.objects.filter(leg__exchange_round=measured_round).count(),
        "participant_cookie": _session_for(portal_user),
        "participants": Participant.objects.count(),
        "contact_cookie": _session_for(busiest.contacts.order_by("pk").first()),
        "case_url": case.get_absolute_url(),
        "cases": Partnership.objects.count(),
        "organisations": PartnerOrganisation.objects.count(),
        "session_url": reverse("training:session_detail", args=[session.pk]),
        "session_enrolments": session.enrolments.count(),
        "amendment_url": Amendment.objects.get(exchange_round=measured_round).get_absolute_url(),
        "amendments_waiting": Amendment.objects.filter(state=AmendmentState.SUBMITTED).count(),
        "history_url": reverse("amendments:history", args=[case.pk]),
        "build_seconds": round(time.monotonic() - started, 1),
    }
    out.write_text(json.dumps(pages, indent=2))


def _session_for(user: User) -> str:
    """A signed-in session as allauth's login would leave it, stored where the settings keep sessions."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def count_queries(pages_file: Path) -> None:
    """Print {path: queries} for each page of pages.json's "pages", loaded once to warm up, then counted."""
    spec = json.loads(pages_file.read_text())
    counts = {}
    for page in spec["pages"]:
        client = Client(HTTP_HOST="127.0.0.1")
        if page.get("cookie"):
            name, value = page["cookie"].split("=", 1)
            client.cookies[name] = value
        client.get(page["path"])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page["path"])
        if response.status_code != 200:
            sys.exit(f"{page['path']} answered {response.status_code}, not 200")
        # By path and who asks: the adviser's and the contact's home are both "/".
        counts[f"{page['path']} {page.get('cookie', '')}"] = len(queries)
    print(json.dumps(counts))


def main() -> None:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    build_command = commands.add_parser("build")
    build_command.add_argument("--scale", type=int, default=500)
    build_command.add_argument("--participants", type=int, default=10_000)
    build_command.add_argument("--out", type=Path, required=True)
    build_command.add_argument("--sessions-only", action="store_true", help="the caseload is there: sign in only")
    queries_command = commands.add_parser("queries")
    queries_command.add_argument("--pages", type=Path, required=True)
    arguments = parser.parse_args()
    if arguments.command == "build":
        build(
            arguments.scale, arguments.out, participants=arguments.participants, sessions_only=arguments.sessions_only
        )
    else:
        count_queries(arguments.pages)


if __name__ == "__main__":
    main()
