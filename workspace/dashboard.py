"""What the adviser's dashboard reads: a constant number of queries, whatever the caseload.

Every figure is counted in SQL (conditional aggregation, windows), every list is cut at a few
rows with its full count beside it, and nothing is read row by row. `scope` is whose cases: one
adviser's (her own, or the one the head of programme chose), or everyone's (None)."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.db import models
from django.db.models import Case, CharField, Count, F, IntegerField, Q, Sum, Value, When, Window
from django.db.models.functions import Cast, Coalesce, ExtractYear
from django.utils.translation import gettext as _

from amendments.models import Amendment, AmendmentState
from exchanges.models import (
    RECRUITED,
    TAKING_PART,
    ChecklistItem,
    ExchangeRound,
    ItemStatus,
    Participant,
    ParticipantStatus,
    RoundReport,
    RoundState,
)
from norec.core.dates import MonthsAfter
from norec.core.models import User
from norec.core.reminders.selectors import all_reminders, with_text
from partnerships.models import (
    NORTH_COUNTRIES,
    OPEN_PHASES,
    Application,
    ApplicationStatus,
    FinalReportStatus,
    FollowUpReport,
    Partnership,
    Phase,
    RoundDirection,
)
from partnerships.selectors import lists
from partnerships.selectors.waiting import WaitingFor
from training.selectors import sessions_with_counts

LIST_ROWS = 8  # each list's rows; its full count stands beside it
SOON_DAYS = 60  # "returning soon": within this many days
MONTHS_BACK, MONTHS_AHEAD = 18, 6  # the months "abroad over time" shows around this one
YEARS = 5  # the years "participants per direction" shows: next year (departures planned) the last
ROUNDS_IN_PROGRESS = (RoundState.PREPARING, RoundState.IN_EXCHANGE, RoundState.FOLLOW_UP)

# What a case waits for, as the dashboard groups it: the adviser, the partners, or (during the
# exchange, where the sources do not tell the two apart in SQL) the partners or their participants.
EXCHANGE_OTHERS = "others"
BUCKETS = (WaitingFor.ADVISER, WaitingFor.PARTNERS, EXCHANGE_OTHERS, "")


class WaitKind(models.TextChoices):
    APPLICATION = "application", "application"
    AMENDMENT = "amendment", "amendment"
    ROUND_REPORT = "round_report", "round_report"
    FINAL_REPORT = "final_report", "final_report"


def caseload(scope: User | None):
    """The open cases of the scope."""
    cases = Partnership.objects.filter(phase__in=OPEN_PHASES)
    return cases if scope is None else cases.filter(adviser=scope)


def _of(path: str, scope: User | None) -> dict:
    """The filter that keeps rows of the scope's cases, `path` leading to the case."""
    return {} if scope is None else {f"{path}__adviser": scope}


# --- cases by phase and by whom they wait for, per adviser ---------------------------------------


@dataclass
class AdviserLoad:
    """One adviser's open cases: per phase, and per whom they wait for."""

    adviser_id: int
    name: str = ""
    phases: dict = field(default_factory=dict)  # Phase -> count
    waiting: dict = field(default_factory=dict)  # bucket -> count
    by_phase: dict = field(default_factory=dict)  # (phase, bucket) -> count
    overdue: int = 0

    @property
    def total(self) -> int:
        return sum(self.phases.values())

    @property
    def phase_counts(self) -> list[int]:
        return [self.phases.get(phase, 0) for phase in OPEN_PHASES]

    @property
    def waiting_for_adviser(self) -> int:
        return self.waiting.get(WaitingFor.ADVISER, 0)


def case_counts(scope: User | None) -> tuple[AdviserLoad, dict[int, AdviserLoad]]:
    """The scope's open cases counted by adviser, phase and whom they wait for (one query): the
    totals, and each adviser's."""
    # By the waiting state kept on each case (partnerships.waiting_state), an indexed column.
    cases = caseload(scope).annotate(
        bucket=Case(
            When(waiting_for=WaitingFor.ADVISER, then=Value(WaitingFor.ADVISER)),
            When(
                phase=Phase.EXCHANGE,
                waiting_for__in=(WaitingFor.PARTNERS, WaitingFor.PARTICIPANTS),
                then=Value(EXCHANGE_OTHERS),
            ),
            When(phase=Phase.EXCHANGE, then=Value("")),
            When(waiting_for=WaitingFor.PARTNERS, then=Value(WaitingFor.PARTNERS)),
            default=Value(""),
            output_field=CharField(),
        )
    )
    rows = cases.order_by().values("adviser_id", "phase", "bucket").annotate(total=Count("pk"))
    overall, per_adviser = AdviserLoad(0), {}
    for row in rows:
        load = per_adviser.setdefault(row["adviser_id"], AdviserLoad(row["adviser_id"]))
        for one in (overall, load):
            one.phases[row["phase"]] = one.phases.get(row["phase"], 0) + row["total"]
            one.waiting[row["bucket"]] = one.waiting.get(row["bucket"], 0) + row["total"]
            one.by_phase[row["phase"], row["bucket"]] = row["total"] + one.by_phase.get(
                (row["phase"], row["bucket"]), 0
            )
    return overall, per_adviser


def adviser_loads(per_adviser: dict[int, AdviserLoad], advisers, today: date) -> list[AdviserLoad]:
    """Every active adviser's load (one with no open case too), and one who has left but still
    holds open cases (said so: hers to give on), with the overdue checklist items of each caseload
    (one query)."""
    overdue = dict(
        _overdue_items(None, today)
        .order_by()
        .values_list("participant__leg__exchange_round__agreement__partnership__adviser_id")
        .annotate(total=Count("pk"))
        .values_list("participant__leg__exchange_round__agreement__partnership__adviser_id", "total")
    )
    loads = []
    for adviser in advisers:
        load = per_adviser.get(adviser.pk, AdviserLoad(adviser.pk))
        load.name, load.overdue = adviser.full_name or adviser.email, overdue.get(adviser.pk, 0)
        if not adviser.is_active:
            load.name = _("%(name)s (has left)") % {"name": load.name}
        loads.append(load)
    return loads


def advisers_to_choose():
    return lists.advisers_to_choose()


# --- what waits for the adviser ------------------------------------------------------------------


@dataclass
class Waits:
    rows: list[dict]
    counts: dict  # WaitKind -> count

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _waiting_sources(scope: User | None) -> list:
    """For each thing that waits for the adviser's decision, since when: (kind, queryset) whose
    rows are (kind, case id, case name, number, object id, since)."""

    def shape(queryset, kind, case, since, number):
        # Prefixed: a report has a field named kind. Unordered: SQLite (the demo) refuses an ORDER BY
        # (a model's default one) inside a UNION's parts.
        return (
            queryset.order_by()
            .annotate(
                wait_kind=Value(kind, output_field=CharField()),
                wait_case=F(f"{case}__pk"),
                wait_case_name=F(f"{case}__name"),
                wait_number=Cast(number, IntegerField()),
                wait_pk=F("pk"),
                wait_since=F(since),
            )
            .values_list("wait_kind", "wait_case", "wait_case_name", "wait_number", "wait_pk", "wait_since")
        )

    no_number = Value(None, output_field=IntegerField())
    return [
        shape(
            Application.objects.filter(
                status=ApplicationStatus.SUBMITTED, partnership__phase=Phase.APPLICATION, **_of("partnership", scope)
            ),
            WaitKind.APPLICATION,
            "partnership",
            "submitted_at",
            no_number,
        ),
        shape(
            Amendment.objects.filter(state=AmendmentState.SUBMITTED, **_of("partnership", scope)),
            WaitKind.AMENDMENT,
            "partnership",
            "submitted_at",
            no_number,
        ),
        shape(
            RoundReport.objects.filter(
                status=FinalReportStatus.SUBMITTED, **_of("exchange_round__agreement__partnership", scope)
            ),
            WaitKind.ROUND_REPORT,
            "exchange_round__agreement__partnership",
            "submitted_at",
            F("exchange_round__number"),
        ),
        shape(
            FollowUpReport.objects.filter(status=FinalReportStatus.SUBMITTED, **_of("partnership", scope)),
            WaitKind.FINAL_REPORT,
            "partnership",
            "submitted_at",
            no_number,
        ),
    ]


def waiting_for_adviser(scope: User | None, *, now: datetime, limit: int = LIST_ROWS) -> Waits:
    """What waits for the adviser's decision, the oldest first (one query), and how much of each
    kind (one query)."""
    first, *others = _waiting_sources(scope)
    names = ("kind", "case_id", "case_name", "number", "pk", "since")
    rows = [dict(zip(names, row, strict=True)) for row in first.union(*others, all=True).order_by("wait_since")[:limit]]
    for row in rows:
        row["days"] = max((now - row["since"]).days, 0) if row["since"] else 0
    firsts = [
        source.order_by().values_list("wait_kind").annotate(total=Count("pk")).values_list("wait_kind", "total")
        for source in _waiting_sources(scope)
    ]
    counts = dict(firsts[0].union(*firsts[1:], all=True))
    return Waits(rows, counts)


# --- checklists and participants ----------------------------------------------------------------


def _overdue_items(scope: User | None, today: date):
    return ChecklistItem.objects.filter(
        status=ItemStatus.OPEN,
        due_on__lt=today,
        participant__status__in=TAKING_PART,
        **_of("participant__leg__exchange_round__agreement__partnership", scope),
    )


def overdue_items(scope: User | None, *, today: date, limit: int = LIST_ROWS) -> tuple[list, int]:
    """The oldest overdue checklist items of the scope's participants, and how many (one query)."""
    rows = list(
        _overdue_items(scope, today)
        .annotate(total=Window(Count("pk")))
        .select_related("participant")
        .only("title", "due_on", "participant__full_name")
        .order_by("due_on", "pk")[:limit]
    )
    return rows, rows[0].total if rows else 0


def return_date():
    """A leg's return as SQL: the day an amendment agreed, or `months` after the departure."""
    return Coalesce(F("leg__returns_on"), MonthsAfter(F("leg__departure"), F("leg__months")))


def abroad(scope: User | None, *, today: date, limit: int = LIST_ROWS) -> tuple[list, int, int]:
    """The scope's participants abroad now, those returning first first, and how many are abroad
    and return within SOON_DAYS (one query: windows count them all before the limit)."""
    soon = today + timedelta(days=SOON_DAYS)
    rows = list(
        Participant.objects.filter(
            status=ParticipantStatus.ACTIVE,
            leg__exchange_round__state=RoundState.IN_EXCHANGE,
            leg__departure__lte=today,
            **_of("leg__exchange_round__agreement__partnership", scope),
        )
        .annotate(returns=return_date())
        .filter(returns__gt=today)
        .annotate(
            total=Window(Count("pk")),
            soon_total=Window(Sum(Case(When(returns__lte=soon, then=1), default=0, output_field=IntegerField()))),
            host=F("leg__host_organisation__name"),
        )
        .only("full_name")
        .order_by("returns", "full_name", "pk")[:limit]
    )
    for row in rows:
        row.is_soon = row.returns <= soon
    return rows, (rows[0].total if rows else 0), (rows[0].soon_total if rows else 0)


def months_around(today: date) -> list[date]:
    first = today.replace(day=1)
    return [first + relativedelta(months=offset) for offset in range(-MONTHS_BACK, MONTHS_AHEAD + 1)]


def abroad_per_month(scope: User | None, months: list[date]) -> list[int]:
    """How many of the scope's participants were (or are planned to be) abroad on the first of
    each month: recruited, gone, not yet back (one query, a count per month)."""
    back = Coalesce(F("returned_on"), return_date())
    participants = Participant.objects.filter(
        status__in=RECRUITED, **_of("leg__exchange_round__agreement__partnership", scope)
    ).annotate(back=back)
    counts = participants.aggregate(
        **{
            f"m{index}": Count("pk", filter=Q(leg__departure__lte=month, back__gt=month))
            for index, month in enumerate(months)
        }
    )
    return [counts[f"m{index}"] for index in range(len(months))]


def participants_per_direction(scope: User | None, years: list[int]) -> dict[tuple[int, str], int]:
    """Recruited participants by the year they leave and their direction, read from their home and
    host organisations' countries as direction_between does (one query)."""
    north = list(NORTH_COUNTRIES)
    direction = Case(
        When(
            leg__home_organisation__country__in=north,
            then=Value(RoundDirection.NORTH_SOUTH),
        ),
        When(leg__host_organisation__country__in=north, then=Value(RoundDirection.SOUTH_NORTH)),
        default=Value(RoundDirection.SOUTH_SOUTH),
        output_field=CharField(),
    )
    rows = (
        Participant.objects.filter(
            status__in=RECRUITED,
            leg__departure__year__gte=years[0],
            leg__departure__year__lte=years[-1],
            **_of("leg__exchange_round__agreement__partnership", scope),
        )
        .annotate(year=ExtractYear("leg__departure"), direction=direction)
        .order_by()
        .values_list("year", "direction")
        .annotate(total=Count("pk"))
    )
    return {(year, direction): total for year, direction, total in rows}


def checklist_progress(scope: User | None, *, limit: int = LIST_ROWS) -> tuple[list, int]:
    """The rounds in progress, the soonest started first: each with its participants' checklist
    items done and applicable (not marked not applicable); and how many rounds (one query)."""
    items = "legs__participant_set__checklist"
    taking_part = Q(legs__participant_set__status__in=TAKING_PART)
    rounds = list(
        ExchangeRound.objects.filter(state__in=ROUNDS_IN_PROGRESS, **_of("agreement__partnership", scope))
        .annotate(
            case_name=F("agreement__partnership__name"),
            case_id=F("agreement__partnership_id"),
            done=Count(f"{items}", filter=taking_part & Q(**{f"{items}__status": ItemStatus.DONE})),
            applicable=Count(f"{items}", filter=taking_part & ~Q(**{f"{items}__status": ItemStatus.NOT_APPLICABLE})),
            total=Window(Count("pk")),
        )
        .only("number", "planned_start")
        .order_by("planned_start", "pk")[:limit]
    )
    return rounds, rounds[0].total if rounds else 0


# --- the programme's courses and reminders --------------------------------------------------------


def upcoming_sessions(*, today: date, limit: int = LIST_ROWS) -> list:
    """The next course sessions with their places taken (one query)."""
    return list(sessions_with_counts(upcoming_from=today).filter(starts_on__gte=today)[:limit])


def failed_reminders(*, limit: int = LIST_ROWS) -> tuple[list, int]:
    """The latest reminders whose email failed, and how many (one query)."""
    rows = list(all_reminders(email="failed").annotate(total=Window(Count("pk")))[:limit])
    return with_text(rows), rows[0].total if rows else 0
