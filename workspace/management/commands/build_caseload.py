"""`manage.py build_caseload --cases 500`: a realistic caseload for the benchmark and the demo."""

from django.core.management.base import BaseCommand, CommandError

from norec.core.demo import DEMO_PASSWORD
from workspace.caseload import FIRST_ADVISER, already_built, build_caseload

PARTICIPANTS_PER_CASE = 20


class Command(BaseCommand):
    help = "Build a realistic caseload at a chosen scale through the services (see workspace/caseload)."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=500, help="partnerships to build (default 500)")
        parser.add_argument("--participants", type=int, help="participants (default 20 per case: 10,000 at 500)")
        parser.add_argument("--sessions", type=int, default=100, help="course sessions over two years (default 100)")
        parser.add_argument(
            "--demo-password", action="store_true", help="the demo's password for the people built (else none)"
        )

    def handle(self, *args, cases: int, participants: int | None, sessions: int, demo_password: bool, **options):
        participants = PARTICIPANTS_PER_CASE * cases if participants is None else participants
        if not (50 <= cases <= 20_000 and 0 <= participants <= 200_000 and 1 <= sessions <= 1_000):
            raise CommandError("--cases 50 to 20,000, --participants 0 to 200,000, --sessions 1 to 1,000")
        if already_built():
            self.stdout.write("A built caseload is already here: nothing to do.")
            return
        built = build_caseload(
            scale=cases,
            participants=participants,
            sessions=sessions,
            password=DEMO_PASSWORD if demo_password else None,
            progress=lambda line: self.stderr.write(line),
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Built {built.cases} cases, {built.rounds} rounds, {built.organisations} organisations, "
                f"{built.participants} participants, {built.checklist_items} checklist items and "
                f"{built.sessions} course sessions in {built.seconds} s."
            )
        )
        if demo_password:
            self.stdout.write(
                f"Sign in as {FIRST_ADVISER} (an adviser) or contact1@partner.example with {DEMO_PASSWORD}."
            )
