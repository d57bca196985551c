"""What a case in its exchange waits for, and from whom: registered with partnerships.hooks as a
waiting source (ExchangesConfig.ready()), so the case list and the homes say it.

- The **adviser**: a round whose planned end has passed, to mark its exchange done; a submitted
  round report, to accept or return.
- The **partners**: checklist items their organisations are responsible for (the sending or the
  host organisation), overdue; and a round's reports in its follow-up, until submitted.
- The **participants**: their own checklist items, overdue.

`since` answers in SQL (the list sorts by it); `owed` in words, for a page of cases in one query.
Withdrawn participants owe nothing (their open items are closed when they withdraw); a
participant back early still owes the follow-up work."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.utils.translation import gettext, ngettext

from exchanges.models import (
    MONTHS_TO_REPORT,
    UNFINISHED_STATES,
    ChecklistItem,
    ExchangeRound,
    ItemStatus,
    ParticipantStatus,
    ReportKind,
    ReportStatus,
    Responsible,
    RoundReport,
    RoundState,
)
from norec.core.dates import long_date
from partnerships.hooks import Owed, WaitingSource
from partnerships.selectors.waiting import WaitingFor

OWING = (ParticipantStatus.ACTIVE, ParticipantStatus.RETURNED_EARLY)
OPEN_REPORT = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)  # a returned report is due again


def _earliest(queryset, field: str):
    """The earliest `field` of `queryset` as a moment (a date becomes its midnight): a subquery."""
    value = Subquery(queryset.order_by(field).values(field)[:1])
    if isinstance(queryset.model._meta.get_field(field), models.DateTimeField):
        return value
    return Cast(value, models.DateTimeField())


def _overdue_items(today: date, case):
    return ChecklistItem.objects.filter(
        participant__leg__exchange_round__agreement__partnership=case,
        participant__status__in=OWING,
        status=ItemStatus.OPEN,
        due_on__lt=today,
    )


def _report_open(kind: str):
    return Exists(RoundReport.objects.filter(exchange_round=OuterRef("pk"), kind=kind, status__in=OPEN_REPORT))


def since(party: str, today: date) -> list:
    case = OuterRef("pk")
    rounds = ExchangeRound.objects.filter(agreement__partnership=case)
    if party == WaitingFor.ADVISER:
        return [
            _earliest(rounds.filter(state__in=UNFINISHED_STATES, planned_end__lte=today), "planned_end"),
            _earliest(
                RoundReport.objects.filter(exchange_round__agreement__partnership=case, status=ReportStatus.SUBMITTED),
                "submitted_at",
            ),
        ]
    if party == WaitingFor.PARTNERS:
        to_report = rounds.filter(state=RoundState.FOLLOW_UP).filter(
            ~_report_open(ReportKind.RESULTS) | ~_report_open(ReportKind.FINANCIAL)
        )
        return [
            _earliest(_overdue_items(today, case).exclude(responsible=Responsible.PARTICIPANT), "due_on"),
            _earliest(to_report, "exchange_done_at"),
        ]
    if party == WaitingFor.PARTICIPANTS:
        return [_earliest(_overdue_items(today, case).filter(responsible=Responsible.PARTICIPANT), "due_on")]
    return []


def report_status(kind: str):
    """The status of the round's current report of `kind` (None: none submitted, or returned)."""
    current = RoundReport.objects.filter(exchange_round=OuterRef("pk"), kind=kind, status__in=OPEN_REPORT)
    return Subquery(current.values("status")[:1])


def owed(case_pks: list[int], today: date) -> dict[int, list[Owed]]:
    """Who owes what in each case: one query, a row per leg of each round (a round without legs
    gives one row), with the overdue items counted by the party responsible."""
    item = "legs__participant_set__checklist"
    overdue = Q(
        **{f"{item}__status": ItemStatus.OPEN, f"{item}__due_on__lt": today},
        legs__participant_set__status__in=OWING,
    )
    counts = {
        party: Count(item, filter=overdue & Q(**{f"{item}__responsible": party}))
        for party in (Responsible.SENDING, Responsible.HOST, Responsible.PARTICIPANT)
    }
    rows = (
        ExchangeRound.objects.filter(agreement__partnership_id__in=case_pks)
        .exclude(state=RoundState.CLOSED)
        .annotate(**{f"report_{kind}": report_status(kind) for kind in ReportKind})
        .values(
            "pk",
            "agreement__partnership_id",
            "number",
            "state",
            "planned_end",
            *(f"report_{kind}" for kind in ReportKind),
            "legs__home_organisation__name",
            "legs__host_organisation__name",
        )
        .annotate(**counts)
        .order_by("agreement__partnership_id", "number", "legs__home_organisation__name")
    )
    return _say(rows, today)


def _say(rows, today: date) -> dict[int, list[Owed]]:
    """The rows of `owed` as sentences, per case: the adviser's first, then the partners' (each
    organisation's items, then the reports), then the participants'."""
    texts = _Texts()
    cases: dict[int, dict] = {}
    seen_rounds: set[int] = set()
    for row in rows:
        case = cases.setdefault(
            row["agreement__partnership_id"], {"adviser": [], "organisations": {}, "reports": [], "participants": 0}
        )
        organisations = case["organisations"]
        if row[Responsible.SENDING]:
            name = row["legs__home_organisation__name"]
            organisations[name] = organisations.get(name, 0) + row[Responsible.SENDING]
        if row[Responsible.HOST]:
            name = row["legs__host_organisation__name"]
            organisations[name] = organisations.get(name, 0) + row[Responsible.HOST]
        case["participants"] += row[Responsible.PARTICIPANT]
        if row["pk"] in seen_rounds:
            continue  # the round's own facts, once (a row per leg)
        seen_rounds.add(row["pk"])
        case["adviser"].extend(texts.for_adviser(row, today))
        case["reports"].extend(texts.reports_due(row, today))
    found = {}
    for pk, case in cases.items():
        lines = [Owed(WaitingFor.ADVISER, text) for text in case["adviser"]]
        lines += [
            Owed(WaitingFor.PARTNERS, texts.items(name, count)) for name, count in sorted(case["organisations"].items())
        ]
        lines += [Owed(WaitingFor.PARTNERS, text) for text in case["reports"]]
        if case["participants"]:
            lines.append(Owed(WaitingFor.PARTICIPANTS, texts.items(texts.participants, case["participants"])))
        if lines:
            found[pk] = lines
    return found


class _Texts:
    """The sentences of one page, each label translated once."""

    def __init__(self):
        self.participants = gettext("Participants")
        self.kinds = {kind.value: str(kind.label) for kind in ReportKind}

    def items(self, who: str, count: int) -> str:
        return ngettext(
            "%(who)s: %(count)s overdue checklist item", "%(who)s: %(count)s overdue checklist items", count
        ) % {"who": who, "count": count}

    def for_adviser(self, row, today: date) -> list[str]:
        lines = []
        if row["state"] in UNFINISHED_STATES and row["planned_end"] <= today:
            lines.append(
                gettext("Round %(number)s ended on %(date)s: its exchange to mark done")
                % {"number": row["number"], "date": long_date(row["planned_end"])}
            )
        for kind, label in self.kinds.items():
            if row[f"report_{kind}"] == ReportStatus.SUBMITTED:
                lines.append(
                    gettext("Round %(number)s: %(report)s to decide") % {"number": row["number"], "report": label}
                )
        return lines

    def reports_due(self, row, today: date) -> list[str]:
        if row["state"] != RoundState.FOLLOW_UP:
            return []
        lines = []
        for kind, label in self.kinds.items():
            if row[f"report_{kind}"] is not None:
                continue
            due_on = row["planned_end"] + relativedelta(months=MONTHS_TO_REPORT[kind])  # as models.report_due_on
            values = {"number": row["number"], "report": label, "date": long_date(due_on)}
            if due_on < today:
                lines.append(gettext("Round %(number)s: %(report)s overdue since %(date)s") % values)
            else:
                lines.append(gettext("Round %(number)s: %(report)s due %(date)s") % values)
        return lines


EXCHANGE_WAITING = WaitingSource(since=since, owed=owed)
