"""What a case in its exchange waits for, and from whom: registered with partnerships.hooks as a
waiting source (ExchangesConfig.ready()), so the case list and the homes say it.

- The **adviser**: a round whose planned end has passed, to mark its exchange done; a submitted
  round report, to accept or return; a round agreement the partners made complete (or changed
  after its approval), to approve.
- The **partners**: checklist items their organisations are responsible for (the sending or the
  host organisation), overdue; and a round's reports in its follow-up, until submitted.
- The **participants**: their own checklist items, overdue.

The SQL (`adviser_since`, `others_since`) says since when, for the list's sort: the partners' and
the participants' overdue items are one question, the costly one (a case's items are thousands),
asked once per row. `owed` says it in words for a page of cases in one query, each thing with its
own date. Withdrawn participants owe nothing (their open items are closed when they withdraw); a
participant back early still owes the follow-up work."""

from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta
from django.db import models
from django.db.models import Count, Exists, F, FilteredRelation, Func, Min, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext_lazy

from exchanges.models import (
    MONTHS_TO_REPORT,
    TAKING_PART,
    UNFINISHED_STATES,
    ChecklistItem,
    ExchangeLeg,
    ExchangeRound,
    ItemStatus,
    Participant,
    ParticipantStatus,
    ReportKind,
    ReportStatus,
    Responsible,
    RoundReport,
    RoundState,
)
from partnerships.hooks import Owed, WaitingSource
from partnerships.selectors.waiting import WaitingFor
from partnerships.words import day, message, said

OWING = (ParticipantStatus.ACTIVE, ParticipantStatus.COMPLETED, ParticipantStatus.RETURNED_EARLY)
OPEN_REPORT = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)  # a returned report is due again
PARTY_OF = {
    Responsible.SENDING: WaitingFor.PARTNERS,
    Responsible.HOST: WaitingFor.PARTNERS,
    Responsible.PARTICIPANT: WaitingFor.PARTICIPANTS,
}


# A round agreement the partners have made complete, waiting for the adviser's approval while its
# round may still change it (planned or recruiting).
_AGREEMENT_TO_APPROVE = Q(
    state__in=(RoundState.PLANNED, RoundState.RECRUITING),
    agreement_ready_at__isnull=False,
    agreement_approved_at__isnull=True,
)


def _earliest(queryset, field: str):
    """The earliest `field` of `queryset` as a moment (a date: its midnight, UTC; the sort needs
    no more), a subquery of MIN(), which PostgreSQL plans from the case down its foreign keys
    (ORDER BY … LIMIT 1 walked the whole due-date index, every case's items, to meet this case's)."""
    value = Subquery(queryset.order_by().annotate(earliest=Func(F(field), function="MIN")).values("earliest"))
    if isinstance(queryset.model._meta.get_field(field), models.DateTimeField):
        return value
    return Cast(value, models.DateTimeField())


def _report_open(kind: str):
    return Exists(RoundReport.objects.filter(exchange_round=OuterRef("pk"), kind=kind, status__in=OPEN_REPORT))


def adviser_since(today: date) -> list:
    case = OuterRef("pk")
    ended = ExchangeRound.objects.filter(
        agreement__partnership=case, state__in=UNFINISHED_STATES, planned_end__lte=today
    )
    submitted = RoundReport.objects.filter(exchange_round__agreement__partnership=case, status=ReportStatus.SUBMITTED)
    to_approve = ExchangeRound.objects.filter(agreement__partnership=case).filter(_AGREEMENT_TO_APPROVE)
    return [
        _earliest(ended, "planned_end"),
        _earliest(submitted, "submitted_at"),
        _earliest(to_approve, "agreement_ready_at"),
    ]


def others_since(today: date) -> list:
    case = OuterRef("pk")
    overdue = ChecklistItem.objects.filter(
        participant__leg__exchange_round__agreement__partnership=case,
        participant__status__in=OWING,
        status=ItemStatus.OPEN,
        due_on__lt=today,
    )
    to_report = ExchangeRound.objects.filter(agreement__partnership=case, state=RoundState.FOLLOW_UP).filter(
        ~_report_open(ReportKind.RESULTS) | ~_report_open(ReportKind.FINANCIAL)
    )
    return [_earliest(overdue, "due_on"), _earliest(to_report, "exchange_done_at")]


def report_status(kind: str, field: str = "status"):
    """The status (or another field) of the round's current report of `kind` (None: none
    submitted, or returned)."""
    current = RoundReport.objects.filter(exchange_round=OuterRef("pk"), kind=kind, status__in=OPEN_REPORT)
    return Subquery(current.values(field)[:1])


def owed(case_pks: list[int], today: date) -> dict[int, list[Owed]]:
    """Who owes what in each case: one query, a row per leg of each round (a round without legs
    gives one row), with the overdue items counted, and the earliest due, by the party responsible."""
    # Only the overdue items are joined (a page's cases hold thousands of items).
    overdue = FilteredRelation(
        "legs__participant_set__checklist",
        condition=Q(
            legs__participant_set__checklist__status=ItemStatus.OPEN,
            legs__participant_set__checklist__due_on__lt=today,
        ),
    )
    aggregates = {}
    for responsible in Responsible:
        theirs = Q(overdue__responsible=responsible, legs__participant_set__status__in=OWING)
        aggregates[f"count_{responsible}"] = Count("overdue", filter=theirs)
        aggregates[f"since_{responsible}"] = Min("overdue__due_on", filter=theirs)
    rows = (
        ExchangeRound.objects.filter(agreement__partnership_id__in=case_pks)
        .exclude(state=RoundState.CLOSED)
        .annotate(overdue=overdue)
        .values(
            "pk",
            "agreement__partnership_id",
            "number",
            "state",
            "planned_end",
            "exchange_done_at",
            "agreement_ready_at",
            "agreement_approved_at",
            "legs__home_organisation__name",
            "legs__host_organisation__name",
        )
        .annotate(**aggregates)
        # After the aggregates: asked once per row of the result, not once per item joined.
        .annotate(**{f"report_{kind}": report_status(kind) for kind in ReportKind})
        .annotate(**{f"report_{kind}_at": report_status(kind, "submitted_at") for kind in ReportKind})
        .order_by("agreement__partnership_id", "number", "legs__home_organisation__name")
    )
    return _say(rows, today)


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _say(rows, today: date) -> dict[int, list[Owed]]:
    """The rows of `owed` as sentences, per case: the adviser's first, then the partners' (each
    organisation's items, then the reports), then the participants'."""
    texts = _Texts()
    cases: dict[int, dict] = {}
    seen_rounds: set[int] = set()
    for row in rows:
        case = cases.setdefault(row["agreement__partnership_id"], {"adviser": [], "items": {}, "reports": []})
        for responsible, organisation in (
            (Responsible.SENDING, row["legs__home_organisation__name"]),
            (Responsible.HOST, row["legs__host_organisation__name"]),
            (Responsible.PARTICIPANT, PARTICIPANTS),
        ):
            if row[f"count_{responsible}"]:
                count, since = case["items"].get(organisation, (0, None))
                earliest = min(filter(None, (since, row[f"since_{responsible}"])))
                case["items"][organisation] = (count + row[f"count_{responsible}"], earliest)
        if row["pk"] not in seen_rounds:  # the round's own facts, once (a row per leg)
            seen_rounds.add(row["pk"])
            case["adviser"].extend(texts.for_adviser(row, today))
            case["reports"].extend(texts.reports_due(row, today))
    found = {}
    for pk, case in cases.items():
        participants = case["items"].pop(PARTICIPANTS, None)
        lines = case["adviser"]
        lines += [
            Owed(WaitingFor.PARTNERS, texts.items(name, count), _midnight(since))
            for name, (count, since) in sorted(case["items"].items())
        ]
        lines += case["reports"]
        if participants:
            count, since = participants
            lines.append(Owed(WaitingFor.PARTICIPANTS, texts.items(message(PARTICIPANTS), count), _midnight(since)))
        if lines:
            found[pk] = lines
    return found


# What the rows say, kept on the case in no language (partnerships.words) and read in the reader's.
MESSAGES = {
    "exchanges.participants": gettext_lazy("Participants"),
    "exchanges.items_overdue": ngettext_lazy(
        "%(who)s: %(count)s overdue checklist item", "%(who)s: %(count)s overdue checklist items", "count"
    ),
    "exchanges.round_ended": gettext_lazy("Round %(number)s ended on %(date)s: its exchange to mark done"),
    "exchanges.agreement_to_approve": gettext_lazy("Round %(number)s: its round agreement to approve"),
    "exchanges.report_to_decide": gettext_lazy("Round %(number)s: %(report)s to decide"),
    "exchanges.report_overdue": gettext_lazy("Round %(number)s: %(report)s overdue since %(date)s"),
    "exchanges.report_due": gettext_lazy("Round %(number)s: %(report)s due %(date)s"),
    **{f"exchanges.report_kind.{kind.value}": kind.label for kind in ReportKind},
}
PARTICIPANTS = "exchanges.participants"  # the participants' items, beside each organisation's


class _Texts:
    """The words of the rows (partnerships.words: translated when read)."""

    def items(self, who, count: int) -> list:
        return said("exchanges.items_overdue", who=who, count=count)

    def for_adviser(self, row, today: date) -> list[Owed]:
        lines = []
        if row["state"] in UNFINISHED_STATES and row["planned_end"] <= today:
            words = said("exchanges.round_ended", number=row["number"], date=day(row["planned_end"]))
            lines.append(Owed(WaitingFor.ADVISER, words, _midnight(row["planned_end"])))
        if (
            row["state"] in (RoundState.PLANNED, RoundState.RECRUITING)
            and row["agreement_ready_at"]
            and not row["agreement_approved_at"]
        ):
            words = said("exchanges.agreement_to_approve", number=row["number"])
            lines.append(Owed(WaitingFor.ADVISER, words, row["agreement_ready_at"]))
        for kind in ReportKind:
            if row[f"report_{kind}"] == ReportStatus.SUBMITTED:
                words = said("exchanges.report_to_decide", number=row["number"], report=_kind(kind))
                lines.append(Owed(WaitingFor.ADVISER, words, row[f"report_{kind}_at"]))
        return lines

    def reports_due(self, row, today: date) -> list[Owed]:
        if row["state"] != RoundState.FOLLOW_UP:
            return []
        lines = []
        for kind in ReportKind:
            if row[f"report_{kind}"] is not None:
                continue
            due_on = row["planned_end"] + relativedelta(months=MONTHS_TO_REPORT[kind])  # as models.report_due_on
            key = "exchanges.report_overdue" if due_on < today else "exchanges.report_due"
            words = said(key, number=row["number"], report=_kind(kind), date=day(due_on))
            lines.append(Owed(WaitingFor.PARTNERS, words, row["exchange_done_at"]))
        return lines


def _kind(kind: str) -> dict:
    return message(f"exchanges.report_kind.{kind}")


def _count(queryset):
    """How many rows `queryset` has, as a subquery of COUNT() (0 for none)."""
    return Coalesce(Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")), 0)


def legs_of_organisations(rounds: list[ExchangeRound], organisation_ids, today: date) -> list[dict]:
    """What the legs of `rounds` that send from or host at one of `organisation_ids` need of those
    organisations: per leg, its planned participants and those taking part, and its overdue items
    the sending and the host organisation answer for. One query (none without rounds)."""
    if not rounds or not organisation_ids:
        return []
    overdue = ChecklistItem.objects.filter(
        participant__leg=OuterRef("pk"), participant__status__in=OWING, status=ItemStatus.OPEN, due_on__lt=today
    )
    taking_part = Participant.objects.filter(leg=OuterRef("pk"), status__in=TAKING_PART)
    legs = ExchangeLeg.objects.filter(exchange_round__in=rounds).filter(
        Q(home_organisation_id__in=organisation_ids) | Q(host_organisation_id__in=organisation_ids)
    )
    return list(
        legs.annotate(
            taken=_count(taking_part),
            overdue_sending=_count(overdue.filter(responsible=Responsible.SENDING)),
            overdue_host=_count(overdue.filter(responsible=Responsible.HOST)),
        )
        .values(
            "exchange_round_id",
            "participants",
            "home_organisation_id",
            "host_organisation_id",
            "home_organisation__name",
            "host_organisation__name",
            "taken",
            "overdue_sending",
            "overdue_host",
        )
        .order_by("exchange_round__number", "pk")
    )


def open_reports(rounds: list[ExchangeRound]) -> set[tuple[int, str]]:
    """(round id, kind) of the reports of `rounds` submitted or accepted: one query (none without
    rounds). A round's report of a kind not among them is still due."""
    if not rounds:
        return set()
    found = RoundReport.objects.filter(exchange_round__in=rounds, status__in=OPEN_REPORT)
    return set(found.values_list("exchange_round_id", "kind"))


def submitted_reports(rounds: list[ExchangeRound]) -> list[RoundReport]:
    """The reports of `rounds` waiting for the adviser's decision: one query (none without rounds)."""
    if not rounds:
        return []
    found = RoundReport.objects.filter(exchange_round__in=rounds, status=ReportStatus.SUBMITTED)
    return list(found.order_by("exchange_round__number", "kind"))


def ages_to_decide(rounds: list[ExchangeRound]) -> list[Participant]:
    """The participants of `rounds` taking part whose age at departure waits for the adviser's
    decision (Participant.awaiting_age_decision): one query (none without rounds)."""
    if not rounds:
        return []
    waiting = Participant.objects.filter(
        Participant.awaiting_age_decision(), leg__exchange_round__in=rounds, status=ParticipantStatus.ACTIVE
    )
    return list(waiting.select_related("leg").order_by("leg__exchange_round__number", "full_name", "pk"))


EXCHANGE_WAITING = WaitingSource(adviser_since=adviser_since, others_since=others_since, owed=owed, messages=MESSAGES)
