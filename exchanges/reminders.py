"""The exchanges' reminders (norec.core.reminders): checklist items due soon and overdue, to whoever
is responsible (the participant, or the sending or host organisation's contacts; the sending
organisation's when the participant has no account yet), and the round reports (C06, C04) coming
due, overdue, or returned and not resubmitted, to the case's partner contacts.

The checklist kinds read only the items that fire in the window, by due date (the index
`checklist_open_due`): three queries whatever the number of items."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exchanges.models import (
    TAKING_PART,
    ChecklistItem,
    ExchangeRound,
    ItemStatus,
    ReportKind,
    Responsible,
    RoundReport,
    RoundState,
)
from exchanges.models.reports import MONTHS_TO_REPORT
from norec.core.reminders.registry import Due, ReminderKind, Window, offsets, register_reminder_kind
from norec.core.roles import Role
from partnerships.models import FinalReportStatus
from partnerships.reminders import contacts_of, day, local_iso, to_case_contacts

# Rounds whose participants still work through their checklists.
LIVE_ROUND_STATES = (RoundState.RECRUITING, RoundState.PREPARING, RoundState.IN_EXCHANGE, RoundState.FOLLOW_UP)
CONTACTS = frozenset({Role.PARTNER_CONTACT})


def _items(anchors: set[date]) -> list[dict]:
    return list(
        ChecklistItem.objects.filter(
            status=ItemStatus.OPEN,
            due_on__in=sorted(anchors),
            participant__status__in=TAKING_PART,
            participant__leg__exchange_round__state__in=LIVE_ROUND_STATES,
        ).values(
            "pk",
            "title",
            "due_on",
            "responsible",
            "participant_id",
            "participant__full_name",
            "participant__user_id",
            "participant__user__is_active",
            "participant__leg__home_organisation_id",
            "participant__leg__host_organisation_id",
            "participant__leg__exchange_round__agreement__partnership_id",
        )
    )


def _item_dues(window: Window, anchors: set[date]) -> list[Due]:
    items = _items(anchors)
    case_of = "participant__leg__exchange_round__agreement__partnership_id"
    contacts = contacts_of({item[case_of] for item in items}, window.today)
    found = []
    for item in items:
        details = {
            "title": item["title"],
            "participant": item["participant__full_name"],
            "due_on": item["due_on"].isoformat(),
        }
        subject = f"checklistitem:{item['pk']}"
        if item["responsible"] == Responsible.PARTICIPANT and item["participant__user__is_active"]:
            url = reverse("exchanges:portal") + f"#item-{item['pk']}"
            found.append(Due(item["participant__user_id"], subject, url, item["due_on"], {**details, "own": True}))
            continue
        # The host's contacts for the host's items; the sending organisation's for the rest (and
        # for a participant's own items while the participant has no account, or a closed one).
        organisation = item[
            "participant__leg__host_organisation_id"
            if item["responsible"] == Responsible.HOST
            else "participant__leg__home_organisation_id"
        ]
        url = reverse("exchanges:participant_detail", args=[item["participant_id"]]) + f"#item-{item['pk']}"
        for user_id in contacts.get((item[case_of], organisation), ()):
            found.append(Due(user_id, subject, url, item["due_on"], details))
    return found


def find_items_due_soon(window: Window) -> list[Due]:
    return _item_dues(window, window.still_ahead(window.anchors_ahead(offsets("checklist_due_soon")["days_before"])))


def find_items_overdue(window: Window) -> list[Due]:
    return _item_dues(window, window.anchors_behind(**offsets("checklist_overdue")))


def describe_item(details: dict, *, overdue: bool) -> str:
    values = {"title": _(details["title"]), "participant": details["participant"], "date": day(details["due_on"])}
    if details.get("own"):
        return (_("%(title)s: it was due on %(date)s.") if overdue else _("%(title)s: due on %(date)s.")) % values
    if overdue:
        return _("%(title)s (%(participant)s): it was due on %(date)s.") % values
    return _("%(title)s (%(participant)s): due on %(date)s.") % values


# --- Round reports -------------------------------------------------------------------------------


def _reports_owed() -> list[tuple[dict, str, date]]:
    """(round, kind, due date) for every report a round in follow-up has not submitted or had
    accepted: the rounds in follow-up are few, whatever the size of the caseload."""
    rounds = ExchangeRound.objects.filter(state=RoundState.FOLLOW_UP)
    for kind in ReportKind:
        done = RoundReport.objects.filter(
            exchange_round=OuterRef("pk"),
            kind=kind,
            status__in=(FinalReportStatus.SUBMITTED, FinalReportStatus.ACCEPTED),
        )
        rounds = rounds.annotate(**{f"has_{kind.value}": Exists(done)})
    owed = []
    for row in rounds.values(
        "pk",
        "number",
        "planned_end",
        "agreement__partnership_id",
        "agreement__partnership__name",
        *(f"has_{kind.value}" for kind in ReportKind),
    ):
        for kind in ReportKind:
            if not row[f"has_{kind.value}"]:
                owed.append((row, kind, row["planned_end"] + relativedelta(months=MONTHS_TO_REPORT[kind])))
    return owed


def _report_dues(window: Window, anchors: set[date]) -> list[Due]:
    def due(owing) -> dict:
        row, kind, due_on = owing
        return {
            "subject": f"roundreport:{row['pk']}:{kind.value}",
            "url": _round_url(row["agreement__partnership_id"], row["number"]) + "#reports",
            "due_on": due_on,
            "details": {
                "report": kind.value,
                "case": row["agreement__partnership__name"],
                "round": row["number"],
                "due_on": due_on.isoformat(),
            },
        }

    owed = [owing for owing in _reports_owed() if owing[2] in anchors]
    return to_case_contacts(window, owed, lambda owing: owing[0]["agreement__partnership_id"], due)


def _round_url(case_id: int, number: int) -> str:
    return reverse("exchanges:round_detail", args=[case_id, number])


def find_reports_due(window: Window) -> list[Due]:
    return _report_dues(window, window.still_ahead(window.anchors_ahead(offsets("round_report_due")["days_before"])))


def find_reports_overdue(window: Window) -> list[Due]:
    return _report_dues(window, window.anchors_behind(**offsets("round_report_overdue")))


def find_returned_reports(window: Window) -> list[Due]:
    anchors = window.anchors_behind(**offsets("round_report_returned"))
    newer = RoundReport.objects.filter(
        exchange_round=OuterRef("exchange_round"), kind=OuterRef("kind"), submitted_at__gt=OuterRef("submitted_at")
    )
    rows = list(
        RoundReport.objects.filter(
            status=FinalReportStatus.RETURNED,
            exchange_round__state=RoundState.FOLLOW_UP,
            decided_at__date__in=sorted(anchors),
        )
        .exclude(Exists(newer))
        .values(
            "pk",
            "kind",
            "decided_at",
            "exchange_round__number",
            "exchange_round__agreement__partnership_id",
            "exchange_round__agreement__partnership__name",
        )
    )
    return to_case_contacts(
        window,
        rows,
        lambda row: row["exchange_round__agreement__partnership_id"],
        lambda row: {
            "subject": f"roundreport:{row['pk']}",
            "url": _round_url(row["exchange_round__agreement__partnership_id"], row["exchange_round__number"])
            + "#reports",
            "details": {
                "report": row["kind"],
                "case": row["exchange_round__agreement__partnership__name"],
                "round": row["exchange_round__number"],
                "since": local_iso(row["decided_at"]),
            },
        },
    )


def _report_values(details: dict) -> dict:
    return {"report": ReportKind(details["report"]).label, "case": details["case"], "number": details["round"]}


def register() -> None:
    register_reminder_kind(
        ReminderKind(
            name="checklist_overdue",
            label=gettext_lazy("Checklist items overdue"),
            find=find_items_overdue,
            describe=lambda details: describe_item(details, overdue=True),
            roles=frozenset({Role.PARTICIPANT, Role.PARTNER_CONTACT}),
            mandatory=True,
            order=10,
        )
    )
    register_reminder_kind(
        ReminderKind(
            name="round_report_overdue",
            label=gettext_lazy("Round reports overdue"),
            find=find_reports_overdue,
            describe=lambda d: (
                _("%(report)s of “%(case)s”, round %(number)s, was due on %(date)s.")
                % {**_report_values(d), "date": day(d["due_on"])}
            ),
            roles=CONTACTS,
            mandatory=True,
            order=12,
        )
    )
    register_reminder_kind(
        ReminderKind(
            name="checklist_due_soon",
            label=gettext_lazy("Checklist items due soon"),
            find=find_items_due_soon,
            describe=lambda details: describe_item(details, overdue=False),
            roles=frozenset({Role.PARTICIPANT, Role.PARTNER_CONTACT}),
            order=30,
        )
    )
    register_reminder_kind(
        ReminderKind(
            name="round_report_due",
            label=gettext_lazy("Round reports due soon"),
            find=find_reports_due,
            describe=lambda d: (
                _("%(report)s of “%(case)s”, round %(number)s, is due on %(date)s.")
                % {**_report_values(d), "date": day(d["due_on"])}
            ),
            roles=CONTACTS,
            order=42,
        )
    )
    register_reminder_kind(
        ReminderKind(
            name="round_report_returned",
            label=gettext_lazy("Round reports returned for revision"),
            find=find_returned_reports,
            describe=lambda d: (
                _(
                    "%(report)s of “%(case)s”, round %(number)s, was returned for revision on %(date)s "
                    "and is not submitted again yet."
                )
                % {**_report_values(d), "date": day(d["since"])}
            ),
            roles=CONTACTS,
            order=61,
        )
    )
