"""The daily reminder sweep's benchmark: `make bench` runs it first (or `.venv/bin/python bench/sweep.py`).

1. drops and re-creates a PostgreSQL database on 127.0.0.1 (`norec_bench_sweep`, or --database) and
   migrates it, with the bench's environment (bench/run.py: the same settings as the build of the
   caseload, Celery tasks in-process, emails dropped);
2. bulk-creates a caseload shaped for the checklist reminders, in steps up to each size of --sizes
   (10,000 then 100,000 open checklist items): organisations with two partner contacts each,
   partnerships in the exchange phase with their partners, application and agreement, two rounds
   each (one in exchange, one preparing), two legs a round (one each way), five participants a leg
   (every other one with a user account) and ten open items each, due on days spread evenly from
   400 days before to 400 days after today, the participant, the sending or the host organisation
   responsible in turn. So about one item in fifteen fires today (due in 14 or 3 days, or overdue
   by 1, 8, 15, ... 365 days): more than in a real caseload, where few items stay open for months
   past their date, so the measurement errs on the heavy side. The first case of each step has
   legs leaving and returning on the days the training kinds fire (courses 1 and 2 missing), so the
   same kinds find something at every size;
3. at each size, after ANALYZE: runs `run_reminder_sweep(today)` once to warm up and then --runs
   times, each inside a transaction rolled back afterwards (so every run decides the same day, the
   digests are rendered and written to the outbox, and no on_commit hook runs: nothing is sent),
   timing it and counting its SQL queries (left out: the savepoint and its release that the bench's
   transaction makes of the sweep's own begin and commit); one more run, untimed, captures the SQL
   (Django's CaptureQueriesContext) to check the count, and prints the reminders decided by kind;
4. prints | items | reminders | emails | queries | best s | median s |. Exits 1 when the query count
   differs between sizes, the largest size's median exceeds --max-seconds (2 s) or nothing fired,
   unless --no-fail.

Everything talks to 127.0.0.1 only.
"""

import argparse
import os
import re
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import build_env, production_env, recreate_database  # noqa: E402

ITEMS_PER_PARTICIPANT = 10
PARTICIPANTS_PER_LEG = 5
ROUNDS = 2  # per case: round 1 in exchange, round 2 preparing
LEGS = 2  # per round: one each way
ITEMS_PER_CASE = ROUNDS * LEGS * PARTICIPANTS_PER_LEG * ITEMS_PER_PARTICIPANT  # 200
ORGANISATIONS_PER_100_CASES = 26  # as bench/caseload.py: each organisation in about eight cases
SPREAD_DAYS = 400  # items are due from 400 days ago to 400 days ahead
SPREAD_STEP = 337  # item n is due on day (n * 337) mod 801: prime to 801, so every day gets its share


def arguments_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--database",
        default="norec_bench_sweep",
        help="the PostgreSQL database to drop, build and measure (default norec_bench_sweep)",
    )
    parser.add_argument(
        "--sizes", default="10000,100000", help="open checklist items to measure at, growing (default 10000,100000)"
    )
    parser.add_argument("--runs", type=int, default=3, help="measured runs per size, after one warm-up (default 3)")
    parser.add_argument("--max-seconds", type=float, default=2.0, help="the largest size's median limit (default 2)")
    parser.add_argument("--no-fail", action="store_true", help="exit 0 whatever the counts and times")
    parser.add_argument("--show-queries", action="store_true", help="print each query of the largest size's last run")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one run at the largest size")
    parser.add_argument("--redis-db", type=int, default=5, help="the Redis database of the cache (default 5)")
    return parser


def main() -> int:
    arguments = arguments_parser().parse_args()
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", arguments.database):
        sys.exit("--database: lower-case letters, digits and underscores only")
    sizes = [int(size) for size in arguments.sizes.split(",")]
    if sizes != sorted(set(sizes)) or sizes[0] <= 0:
        sys.exit("--sizes: growing positive numbers, e.g. 10000,100000")

    media = Path(tempfile.mkdtemp(prefix="norec-bench-sweep-"))
    os.environ.update(
        build_env(production_env(media, database=arguments.database, redis_db=arguments.redis_db)),
        LOG_LEVEL="WARNING",
    )
    print(f"Building the sweep's caseload in the database {arguments.database} …", file=sys.stderr)
    recreate_database(arguments.database)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return Bench(arguments, sizes).run()


class Bench:
    def __init__(self, arguments: argparse.Namespace, sizes: list[int]):
        from django.utils import timezone

        from exchanges.models import ChecklistTemplate
        from norec.core.models import User
        from norec.core.roles import Role

        self.arguments = arguments
        self.sizes = sizes
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.template_items = list(ChecklistTemplate.objects.get(is_active=True).items.order_by("position", "pk"))
        self.adviser = User.objects.create(
            email="adviser@norec.example", full_name="Adviser", role=Role.ADVISER, password="!"
        )
        self.cases = 0
        self.items = 0
        self.kinds: dict[str, int] = {}

    def run(self) -> int:
        from django.db import connection

        rows = []
        for size in self.sizes:
            started = time.monotonic()
            self.grow(size)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            print(
                f"  {self.items} items in {self.cases} cases, built in {time.monotonic() - started:.0f} s",
                file=sys.stderr,
            )
            rows.append(self.measure(show_queries=self.arguments.show_queries and size == self.sizes[-1]))
        if self.arguments.profile:
            self.profile()

        print(
            f"\nReminder sweep for {self.today} (a one-day window), {self.arguments.runs} runs after a warm-up, "
            "each in a transaction rolled back\n"
        )
        print("| items | reminders | emails | queries | best s | median s |")
        print("|---:|---:|---:|---:|---:|---:|")
        for row in rows:
            print(
                f"| {row['items']:,} | {row['reminders']:,} | {row['digests']:,} | {row['queries']} | "
                f"{row['best']:.3f} | {row['median']:.3f} |"
            )
        problems = []
        if len({row["queries"] for row in rows}) > 1:
            problems.append("the number of queries grows with the number of items")
        if rows[-1]["median"] > self.arguments.max_seconds:
            problems.append(f"{rows[-1]['items']:,} items take more than {self.arguments.max_seconds:g} s")
        if not rows[-1]["reminders"]:
            problems.append("nothing fired: the measurement means nothing")
        if problems:
            print(f"\nReminder sweep: {'; '.join(problems)}", file=sys.stderr)
            return 0 if self.arguments.no_fail else 1
        return 0

    # --- measuring ---------------------------------------------------------------------------------

    def sweep_once(self, *, capture: bool = False):
        """One sweep of today in a transaction rolled back: (result, seconds, queries). The queries are
        counted by a wrapper around each execute, which costs nothing to speak of. With `capture`,
        Django's CaptureQueriesContext keeps their SQL, which does cost (each statement is rendered
        with its parameters, the large INSERTs too: some 0.6 s at 100,000 items): such a run is not
        timed, only counted (the same count) and, with --show-queries, printed."""
        from contextlib import nullcontext

        from django.db import connection, transaction
        from django.db.models import Count
        from django.test.utils import CaptureQueriesContext

        from norec.core.models import Reminder
        from norec.core.reminders.sweep import run_reminder_sweep

        executed = []

        def count(execute, sql, params, many, context):
            executed.append(sql)
            return execute(sql, params, many, context)

        with transaction.atomic():
            watching = CaptureQueriesContext(connection) if capture else nullcontext()
            with watching as captured, connection.execute_wrapper(count):
                started = time.perf_counter()
                result = run_reminder_sweep(self.today)
                seconds = time.perf_counter() - started
            if capture:  # what was decided, by kind, before it is rolled back
                self.kinds = dict(
                    Reminder.objects.values_list("kind").annotate(Count("pk")).order_by("-pk__count", "kind")
                )
            transaction.set_rollback(True)
        if capture:
            return result, None, _without_outer_savepoint(captured.captured_queries, lambda query: query["sql"])
        return result, seconds, _without_outer_savepoint(executed, lambda sql: sql)

    def measure(self, *, show_queries: bool) -> dict:
        from norec.core.models import Reminder

        self.sweep_once()  # warm-up: templates loaded and compiled, the tables in PostgreSQL's cache
        seconds, counts = [], set()
        for _ in range(self.arguments.runs):
            result, elapsed, queries = self.sweep_once()
            seconds.append(elapsed)
            counts.add(len(queries))
        _result, _none, captured = self.sweep_once(capture=True)
        counts.add(len(captured))
        if Reminder.objects.exists():
            sys.exit("a sweep's rows outlived its transaction: the runs are not alike")
        if len(counts) > 1:
            print(f"  the runs at {self.items} items made {sorted(counts)} queries", file=sys.stderr)
        if show_queries:
            for query in captured:
                print(f"  {float(query['time']):7.3f} s  {query['sql'][:300]}", file=sys.stderr)
        print(
            f"  {self.items} items: {result.reminders} reminders in {result.digests} emails, "
            f"{max(counts)} queries, {', '.join(f'{s:.3f}' for s in seconds)} s",
            file=sys.stderr,
        )
        print(f"    by kind: {', '.join(f'{kind} {number}' for kind, number in self.kinds.items())}", file=sys.stderr)
        return {
            "items": self.items,
            "reminders": result.reminders,
            "digests": result.digests,
            "queries": max(counts),
            "best": min(seconds),
            "median": median(seconds),
        }

    def profile(self) -> None:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        self.sweep_once()
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(25)

    # --- building ----------------------------------------------------------------------------------

    def grow(self, size: int) -> None:
        """Add cases until there are `size` open items (the last case's last participants may have fewer)."""
        from datetime import timedelta

        from bench.caseload import _pair, _participant_fields
        from exchanges.models import ChecklistItem, ExchangeLeg, ExchangeRound, ItemStatus, Participant, Responsible
        from norec.core.roles import Role
        from partnerships.models import (
            Agreement,
            Application,
            ApplicationStatus,
            OrganisationKind,
            Partner,
            PartnerOrganisation,
            Partnership,
            Phase,
        )

        today, days = self.today, timedelta(days=1)
        block = self.cases  # names of this step's rows start here, so they never clash with the last step's
        count = -(-(size - self.items) // ITEMS_PER_CASE)
        kinds = list(OrganisationKind)
        south = ["UG", "KE", "TZ", "ZM", "MW", "MZ", "ET", "ZA", "IN", "NP", "VN", "KH", "BD", "LK"]

        organisations = PartnerOrganisation.objects.bulk_create(
            PartnerOrganisation(
                name=f"Organisation {block}-{n:03d}",
                country="NO" if n % 4 == 0 else south[n % len(south)],
                kind=kinds[n % len(kinds)],
            )
            for n in range(max(4, count * ORGANISATIONS_PER_100_CASES // 100))
        )
        contacts = self.users(
            Role.PARTNER_CONTACT, 2 * len(organisations), f"contact{block}-{{}}@partner.example", "Contact {}"
        )
        through = PartnerOrganisation.contacts.through
        through.objects.bulk_create(
            through(partnerorganisation=organisation, user=person)
            for index, organisation in enumerate(organisations)
            for person in contacts[2 * index : 2 * index + 2]
        )

        cases = Partnership.objects.bulk_create(
            Partnership(name=f"Partnership {block + n + 1:04d}", adviser=self.adviser, phase=Phase.EXCHANGE)
            for n in range(count)
        )
        pairs = [_pair(organisations, n) for n in range(count)]
        Partner.objects.bulk_create(
            Partner(partnership=case, organisation=organisation, is_coordinating=coordinating)
            for case, pair in zip(cases, pairs, strict=True)
            for organisation, coordinating in zip(pair, (True, False), strict=True)
        )
        applications = Application.objects.bulk_create(
            Application(
                partnership=case,
                status=ApplicationStatus.APPROVED,
                cooperation="Together.",
                budget_total=Decimal(1_200_000),
                submitted_at=self.now - 500 * days,
                decided_at=self.now - 480 * days,
            )
            for case in cases
        )
        starts = [today - ((block + n) * 37 % 700 + 60) * days for n in range(count)]
        agreements = Agreement.objects.bulk_create(
            Agreement(
                partnership=case,
                application=application,
                period_start=start,
                period_end=start + 3 * 365 * days,
                cooperation="Together.",
                budget_total=Decimal(1_200_000),
            )
            for case, application, start in zip(cases, applications, starts, strict=True)
        )
        plans = [self.legs_of(n, first=n == 0) for n in range(count)]  # per case: its rounds' legs
        rounds = ExchangeRound.objects.bulk_create(
            ExchangeRound(
                agreement=agreement,
                number=number,
                state=state,
                planned_start=min(departure for departure, _months in round_legs),
                planned_end=min(departure for departure, _months in round_legs) + 600 * days,
                budget=Decimal(600_000),
                agreement_approved_at=self.now - 300 * days,
                agreement_approved_by=self.adviser,
            )
            for agreement, plan in zip(agreements, plans, strict=True)
            for number, (state, round_legs) in enumerate(plan, start=1)
        )
        planned = [(round_legs, pair) for plan, pair in zip(plans, pairs, strict=True) for _state, round_legs in plan]
        legs = ExchangeLeg.objects.bulk_create(
            ExchangeLeg(
                exchange_round=exchange_round,
                home_organisation=home,
                host_organisation=host,
                participants=PARTICIPANTS_PER_LEG,
                months=months,
                departure=departure,
            )
            for exchange_round, (round_legs, pair) in zip(rounds, planned, strict=True)
            for (departure, months), (home, host) in zip(round_legs, (pair, pair[::-1]), strict=True)
        )

        people = len(legs) * PARTICIPANTS_PER_LEG
        # Every other participant has accepted the invitation: their own items remind them.
        accounts = iter(
            self.users(Role.PARTICIPANT, (people + 1) // 2, f"participant{block}-{{}}@participant.example", "P {}")
        )
        participants = Participant.objects.bulk_create(
            (
                Participant(
                    leg=leg,
                    user=next(accounts) if number % 2 == 0 else None,
                    created_by=self.adviser,
                    **_participant_fields(
                        f"Participant {block}-{number:05d}", "internal" if number % 3 else "external"
                    ),
                )
                for number, leg in enumerate(leg for leg in legs for _ in range(PARTICIPANTS_PER_LEG))
            ),
            batch_size=2000,
        )

        responsible = [Responsible.PARTICIPANT, Responsible.SENDING, Responsible.HOST]
        template = self.template_items
        items = []
        for number, participant in enumerate(participants):
            for position in range(ITEMS_PER_PARTICIPANT):
                if self.items + len(items) >= size:
                    break
                index = self.items + len(items)  # over every step: the days stay evenly covered
                item = template[(number + position) % len(template)]
                items.append(
                    ChecklistItem(
                        participant=participant,
                        template_item=item,
                        title=item.title,
                        phase=item.phase,
                        responsible=responsible[index % 3],
                        due_from=item.due_from,
                        offset_days=item.offset_days,
                        requires_document=item.requires_document,
                        position=position,
                        due_on=today + (index * SPREAD_STEP % (2 * SPREAD_DAYS + 1) - SPREAD_DAYS) * days,
                        status=ItemStatus.OPEN,
                    )
                )
        ChecklistItem.objects.bulk_create(items, batch_size=5000)
        self.cases += count
        self.items += len(items)

    def legs_of(self, n: int, *, first: bool) -> list:
        """Case `n`'s two rounds as (state, [(departure, months), (departure, months)]): round 1 in
        exchange, left up to 160 days ago; round 2 preparing, leaving within 120 days. The first case of
        each step has its legs on the days the training kinds fire (leaving in 28 and 56 days, returning
        in 45 and 90 days), so every kind that can fire here does so at every size, and the query counts
        of two sizes compare like with like."""
        from datetime import timedelta

        from exchanges.models.legs import months_after
        from exchanges.models.rounds import RoundState

        today, days, spread = self.today, timedelta(days=1), self.cases + n
        if first:
            abroad = [(self.leaving(today + 45 * days, 6), 6), (self.leaving(today + 90 * days, 12), 12)]
            preparing = [(today + 28 * days, 12), (today + 56 * days, 6)]
        else:
            left = today - (spread * 53 % 160 + 1) * days
            leaves = today + (spread * 29 % 120 + 1) * days
            abroad = [(left, 12), (left + 14 * days, 6)]
            preparing = [(leaves, 6), (leaves + 14 * days, 12)]
        assert all(months_after(day, months) > today for day, months in abroad), "round 1 is still abroad"
        return [(RoundState.IN_EXCHANGE, abroad), (RoundState.PREPARING, preparing)]

    @staticmethod
    def leaving(returning, months: int):
        """The departure of a leg of `months` months that returns on `returning`."""
        from datetime import timedelta

        from exchanges.models.legs import months_after

        day = returning - timedelta(days=31 * months)
        while months_after(day, months) < returning:
            day += timedelta(days=1)
        return day

    def users(self, role: str, count: int, email: str, name: str) -> list:
        """`count` people of `role`, one in four reading bokmål (their digests are rendered in it)."""
        from norec.core.models import User

        return User.objects.bulk_create(
            (
                User(
                    email=email.format(n),
                    full_name=name.format(n),
                    role=role,
                    password="!",
                    preferred_language="nb" if n % 4 == 0 else "en",
                )
                for n in range(count)
            ),
            batch_size=2000,
        )


def _without_outer_savepoint(queries: list, sql_of) -> list:
    """The sweep's own queries: its transaction.atomic() is nested in the bench's transaction, so it
    opens and releases a savepoint where, run by the beat, it begins and commits (no statements)."""
    if queries and sql_of(queries[0]).startswith("SAVEPOINT") and sql_of(queries[-1]).startswith("RELEASE"):
        return queries[1:-1]
    sys.exit("the sweep did not run in a savepoint of the bench's transaction")


if __name__ == "__main__":
    sys.exit(main())
