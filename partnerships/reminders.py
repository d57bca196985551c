"""The partnerships' reminders (norec.core.reminders): an application returned and not resubmitted
(to the partner contacts), one waiting for a decision (to the adviser), and the final follow-up
report coming due, overdue, or returned and not resubmitted (to the partner contacts).

`contacts_of` is how every app finds a case's partner contacts for its reminders: only partners in
force today, so the contacts of a partner that left hear nothing more."""

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from norec.core.dates import long_date
from norec.core.reminders.registry import Due, ReminderKind, Window, offsets, register_reminder_kind
from norec.core.roles import Role
from partnerships.models import (
    Agreement,
    Application,
    ApplicationStatus,
    FinalReportStatus,
    FollowUpReport,
    Partner,
    Phase,
)

CONTACTS = frozenset({Role.PARTNER_CONTACT})
ADVISERS = frozenset({Role.ADVISER})


def contacts_of(case_ids: Iterable[int], today: date, *, organisation_ids: Iterable[int] | None = None) -> dict:
    """{(case id, organisation id): [contact user ids]} of the partners in force on `today`; one query."""
    partners = Partner.objects.current(today).filter(partnership_id__in=set(case_ids))
    if organisation_ids is not None:
        partners = partners.filter(organisation_id__in=set(organisation_ids))
    found: dict[tuple[int, int], list[int]] = defaultdict(list)
    rows = partners.filter(organisation__contacts__role=Role.PARTNER_CONTACT).values_list(
        "partnership_id", "organisation_id", "organisation__contacts"
    )
    for case_id, organisation_id, user_id in rows:
        found[(case_id, organisation_id)].append(user_id)
    return found


def contacts_by_case(case_ids: Iterable[int], today: date) -> dict[int, set[int]]:
    by_case: dict[int, set[int]] = defaultdict(set)
    for (case_id, _organisation), users in contacts_of(case_ids, today).items():
        by_case[case_id].update(users)
    return by_case


def to_case_contacts(window: Window, rows: Iterable, case_of: Callable, due: Callable) -> list[Due]:
    """A reminder to every partner contact in force of each row's case (`case_of(row)`), `due(row)`
    giving its subject, url, due date and details: one query for the contacts, whatever the rows."""
    rows = list(rows)
    contacts = contacts_by_case({case_of(row) for row in rows}, window.today)
    return [Due(recipient_id=user_id, **due(row)) for row in rows for user_id in sorted(contacts[case_of(row)])]


def local_iso(moment: datetime | None) -> str:
    """A moment's day in the site's time zone, as stored in a reminder's details."""
    return timezone.localdate(moment).isoformat() if moment else ""


def day(value: str) -> str:
    """An ISO date of a reminder's details, as the reader's language writes it (each date once per
    language: a digest run formats the same due dates thousands of times)."""
    return long_date(_parsed(value))


@functools.lru_cache(maxsize=4096)
def _parsed(value: str) -> date:
    return parse_date(value)


def _case_url(case_id: int, anchor: str = "") -> str:
    return reverse("partnerships:case_detail", args=[case_id]) + anchor


# --- Applications --------------------------------------------------------------------------------


def _applications(window: Window, status: str, field: str, timing: str):
    anchors = window.anchors_behind(**offsets(timing))
    return Application.objects.filter(
        status=status, partnership__phase=Phase.APPLICATION, **{f"{field}__date__in": sorted(anchors)}
    ).values("pk", "partnership_id", "partnership__name", "partnership__adviser_id", field)


def find_returned_applications(window: Window) -> list[Due]:
    return to_case_contacts(
        window,
        _applications(window, ApplicationStatus.RETURNED, "decided_at", "application_returned"),
        _case_id,
        lambda row: {
            "subject": f"application:{row['pk']}",
            "url": reverse("partnerships:application_edit", args=[row["partnership_id"]]),
            "details": {"case": row["partnership__name"], "since": local_iso(row["decided_at"])},
        },
    )


def find_waiting_applications(window: Window) -> list[Due]:
    rows = _applications(window, ApplicationStatus.SUBMITTED, "submitted_at", "application_waiting")
    return [
        Due(
            recipient_id=row["partnership__adviser_id"],
            subject=f"application:{row['pk']}",
            url=_case_url(row["partnership_id"]),
            details={"case": row["partnership__name"], "since": local_iso(row["submitted_at"])},
        )
        for row in rows
        if row["partnership__adviser_id"]
    ]


# --- The final follow-up report ----------------------------------------------------------------


def final_report_due_on(period_end: date) -> date:
    return period_end + relativedelta(months=settings.FINAL_REPORT_MONTHS_AFTER_AGREEMENT)


def _cases_owing_a_final_report():
    """Cases in follow-up with no final report submitted or accepted, and their agreement's end: a
    handful of cases (those in follow-up), whatever the size of the caseload."""
    open_report = FollowUpReport.objects.filter(
        partnership=OuterRef("partnership"),
        status__in=(FinalReportStatus.SUBMITTED, FinalReportStatus.ACCEPTED),
    )
    return (
        Agreement.objects.filter(partnership__phase=Phase.FOLLOW_UP)
        .exclude(Exists(open_report))
        .values("partnership_id", "partnership__name", "period_end")
    )


def _final_report_dues(window: Window, anchors: set[date]) -> list[Due]:
    owed = [(row, final_report_due_on(row["period_end"])) for row in _cases_owing_a_final_report()]
    return to_case_contacts(
        window,
        [(row, due) for row, due in owed if due in anchors],
        lambda owing: owing[0]["partnership_id"],
        lambda owing: {
            "subject": f"final_report:{owing[0]['partnership_id']}",
            "url": _case_url(owing[0]["partnership_id"], "#final-report"),
            "due_on": owing[1],
            "details": {"case": owing[0]["partnership__name"], "due_on": owing[1].isoformat()},
        },
    )


def find_final_reports_due(window: Window) -> list[Due]:
    return _final_report_dues(
        window, window.still_ahead(window.anchors_ahead(offsets("final_report_due")["days_before"]))
    )


def find_final_reports_overdue(window: Window) -> list[Due]:
    return _final_report_dues(window, window.anchors_behind(**offsets("final_report_overdue")))


def find_returned_final_reports(window: Window) -> list[Due]:
    anchors = window.anchors_behind(**offsets("final_report_returned"))
    newer = FollowUpReport.objects.filter(
        partnership=OuterRef("partnership"), submitted_at__gt=OuterRef("submitted_at")
    )
    returned = (
        FollowUpReport.objects.filter(
            status=FinalReportStatus.RETURNED, partnership__phase=Phase.FOLLOW_UP, decided_at__date__in=sorted(anchors)
        )
        .exclude(Exists(newer))
        .values("pk", "partnership_id", "partnership__name", "decided_at")
    )
    return to_case_contacts(
        window,
        returned,
        _case_id,
        lambda row: {
            "subject": f"final_report:{row['partnership_id']}",
            "url": _case_url(row["partnership_id"], "#final-report"),
            "details": {"case": row["partnership__name"], "since": local_iso(row["decided_at"])},
        },
    )


def _case_id(row: dict) -> int:
    return row["partnership_id"]


def register() -> None:
    register_reminder_kind(
        ReminderKind(
            name="final_report_overdue",
            label=gettext_lazy("Final reports overdue"),
            find=find_final_reports_overdue,
            describe=lambda d: (
                _("The final report of “%(case)s” was due on %(date)s.") % {"case": d["case"], "date": day(d["due_on"])}
            ),
            roles=CONTACTS,
            mandatory=True,
            order=15,
        )
    )
    register_reminder_kind(
        ReminderKind(
            name="final_report_due",
            label=gettext_lazy("Final reports due soon"),
            find=find_final_reports_due,
            describe=lambda d: (
                _("The final report of “%(case)s” is due on %(date)s.") % {"case": d["case"], "date": day(d["due_on"])}
            ),
            roles=CONTACTS,
            order=45,
        )
    )
    register_reminder_kind(
        ReminderKind(
            name="application_returned",
            label=gettext_lazy("Applications returned for revision"),
            find=find_returned_applications,
            describe=lambda d: (
                _("The application of “%(case)s” was returned for revision on %(date)s and is not submitted again yet.")
                % {"case": d["case"], "date": day(d["since"])}
            ),
            roles=CONTACTS,
            order=60,
        )
    )
    register_reminder_kind(
        ReminderKind(
            name="final_report_returned",
            label=gettext_lazy("Final reports returned for revision"),
            find=find_returned_final_reports,
            describe=lambda d: (
                _(
                    "The final report of “%(case)s” was returned for revision on %(date)s "
                    "and is not submitted again yet."
                )
                % {"case": d["case"], "date": day(d["since"])}
            ),
            roles=CONTACTS,
            order=62,
        )
    )
    register_reminder_kind(
        ReminderKind(
            name="application_waiting",
            label=gettext_lazy("Applications waiting for your decision"),
            find=find_waiting_applications,
            describe=lambda d: (
                _("The application of “%(case)s” has waited for your decision since %(date)s.")
                % {"case": d["case"], "date": day(d["since"])}
            ),
            roles=ADVISERS,
            order=80,
        )
    )
