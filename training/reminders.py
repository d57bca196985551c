"""Training's reminders (norec.core.reminders): a course session coming up, with its venue and
travel days, to whoever is enrolled; participants without course 1 weeks before they leave, or
without course 2 before they return, to their sending organisation's contacts; and partner
contacts who still lack partner training once their partnership has an agreement."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exchanges.models import ExchangeMonths, Participant, ParticipantStatus, RoundState
from exchanges.models.legs import months_after
from norec.core.reminders.registry import Due, ReminderKind, Window, offsets, register_reminder_kind
from norec.core.roles import Role
from partnerships.models import Agreement, Phase
from partnerships.reminders import contacts_of, day
from training.models import HOLDING_STATES, CourseKind, CourseSession, Enrolment, EnrolmentState
from training.schedule import travel_days

CONTACTS = frozenset({Role.PARTNER_CONTACT})
SIGNED_PHASES = (Phase.EXCHANGE, Phase.FOLLOW_UP)


def find_upcoming_sessions(window: Window) -> list[Due]:
    anchors = window.still_ahead(window.anchors_ahead(offsets("session_upcoming")["days_before"]))
    rows = list(
        Enrolment.objects.filter(
            state=EnrolmentState.CONFIRMED, session__cancelled_at__isnull=True, session__starts_on__in=sorted(anchors)
        ).values("pk", "participant__user_id", "person_id", "session_id")
    )
    sessions = {
        s.pk: s for s in CourseSession.objects.select_related("venue").filter(pk__in={r["session_id"] for r in rows})
    }
    found = []
    for row in rows:
        recipient = row["person_id"] or row["participant__user_id"]
        if recipient is None:  # a participant without an account: their contacts enrolled them
            continue
        session = sessions[row["session_id"]]
        travel = travel_days(session)
        details = {
            "course": session.kind,
            "venue": session.venue.name,
            "starts_on": session.starts_on.isoformat(),
            "ends_on": session.ends_on.isoformat(),
            "arrive": travel.arrive.isoformat() if travel else "",
            "leave": travel.leave.isoformat() if travel else "",
        }
        found.append(
            Due(recipient, f"enrolment:{row['pk']}", reverse("training:my_courses"), session.starts_on, details)
        )
    return found


def describe_session(details: dict) -> str:
    values = {
        "course": CourseKind(details["course"]).label,
        "venue": details["venue"],
        "first": day(details["starts_on"]),
        "last": day(details["ends_on"]),
    }
    if details["arrive"]:
        return _("%(course)s in %(venue)s, %(first)s to %(last)s: arrive on %(arrive)s, leave on %(leave)s.") % {
            **values,
            "arrive": day(details["arrive"]),
            "leave": day(details["leave"]),
        }
    return _("%(course)s (%(venue)s), %(first)s to %(last)s.") % values


def _without_course(kind: CourseKind):
    holding = Enrolment.objects.filter(participant=OuterRef("pk"), session__kind=kind, state__in=HOLDING_STATES)
    return Participant.objects.filter(status=ParticipantStatus.ACTIVE).exclude(Exists(holding))


def _course_dues(window: Window, rows: list[dict], kind: CourseKind, dates: dict[int, date]) -> list[Due]:
    contacts = contacts_of({row["leg__exchange_round__agreement__partnership_id"] for row in rows}, window.today)
    found = []
    for row in rows:
        sending = (row["leg__exchange_round__agreement__partnership_id"], row["leg__home_organisation_id"])
        details = {"participant": row["full_name"], "course": kind.value, "on": dates[row["pk"]].isoformat()}
        url = reverse("exchanges:participant_detail", args=[row["pk"]])
        for user_id in contacts.get(sending, ()):
            found.append(Due(user_id, f"participant:{row['pk']}:{kind.value}", url, dates[row["pk"]], details))
    return found


FIELDS = ("pk", "full_name", "leg__home_organisation_id", "leg__exchange_round__agreement__partnership_id")


def find_missing_course_1(window: Window) -> list[Due]:
    anchors = window.still_ahead(window.anchors_ahead(offsets("course_1_missing")["days_before"]))
    rows = list(
        _without_course(CourseKind.COURSE_1)
        .filter(
            leg__departure__in=sorted(anchors),
            leg__exchange_round__state__in=(RoundState.RECRUITING, RoundState.PREPARING),
        )
        .values(*FIELDS, "leg__departure")
    )
    return _course_dues(window, rows, CourseKind.COURSE_1, {row["pk"]: row["leg__departure"] for row in rows})


def find_missing_course_2(window: Window) -> list[Due]:
    """A leg returns `months` after its departure (or on a date agreed by amendment): the query
    narrows to departures a few days around each firing return, per length, and the return dates
    are then compared exactly (a month's last day takes the days after it that month has none of)."""
    anchors = window.still_ahead(window.anchors_ahead(offsets("course_2_missing")["days_before"]))
    if not anchors:
        return []
    near = Q(leg__returns_on__in=sorted(anchors))
    for months in ExchangeMonths.values:
        earliest = min(anchors) - relativedelta(months=months) - timedelta(days=3)
        latest = max(anchors) - relativedelta(months=months) + timedelta(days=3)
        near |= Q(leg__returns_on__isnull=True, leg__months=months, leg__departure__range=(earliest, latest))
    rows = list(
        _without_course(CourseKind.COURSE_2)
        .filter(near, leg__exchange_round__state__in=(RoundState.PREPARING, RoundState.IN_EXCHANGE))
        .values(*FIELDS, "leg__departure", "leg__months", "leg__returns_on")
    )
    returns = {
        row["pk"]: row["leg__returns_on"] or months_after(row["leg__departure"], row["leg__months"]) for row in rows
    }
    rows = [row for row in rows if returns[row["pk"]] in anchors]
    return _course_dues(window, rows, CourseKind.COURSE_2, returns)


def describe_missing_course(details: dict) -> str:
    values = {
        "participant": details["participant"],
        "course": CourseKind(details["course"]).label,
        "date": day(details["on"]),
    }
    if details["course"] == CourseKind.COURSE_1:
        return _("%(participant)s leaves on %(date)s and is not enrolled on %(course)s.") % values
    return _("%(participant)s returns on %(date)s and is not enrolled on %(course)s.") % values


def find_contacts_without_partner_training(window: Window) -> list[Due]:
    anchors = window.anchors_behind(**offsets("partner_training_missing"))
    agreements = list(
        Agreement.objects.filter(partnership__phase__in=SIGNED_PHASES, period_start__in=sorted(anchors)).values(
            "partnership_id", "partnership__name"
        )
    )
    contacts = contacts_of({row["partnership_id"] for row in agreements}, window.today)
    names = {row["partnership_id"]: row["partnership__name"] for row in agreements}
    people = {user_id: names[case_id] for (case_id, _organisation), users in contacts.items() for user_id in users}
    trained = set(
        Enrolment.objects.filter(
            person_id__in=people, session__kind=CourseKind.PARTNER_TRAINING, state__in=HOLDING_STATES
        ).values_list("person_id", flat=True)
    )
    url = reverse("training:sessions")
    return [
        Due(user_id, f"partner_training:{user_id}", url, None, {"case": case_name})
        for user_id, case_name in sorted(people.items())
        if user_id not in trained
    ]


def register() -> None:
    register_reminder_kind(
        ReminderKind(
            name="session_upcoming",
            label=gettext_lazy("Courses coming up"),
            find=find_upcoming_sessions,
            describe=describe_session,
            roles=frozenset({Role.PARTICIPANT, Role.PARTNER_CONTACT}),
            order=35,
        )
    )
    register_reminder_kind(
        ReminderKind(
            name="course_1_missing",
            label=gettext_lazy("Participants not enrolled on course 1"),
            find=find_missing_course_1,
            describe=describe_missing_course,
            roles=CONTACTS,
            order=50,
        )
    )
    register_reminder_kind(
        ReminderKind(
            name="course_2_missing",
            label=gettext_lazy("Participants not enrolled on course 2"),
            find=find_missing_course_2,
            describe=describe_missing_course,
            roles=CONTACTS,
            order=51,
        )
    )
    register_reminder_kind(
        ReminderKind(
            name="partner_training_missing",
            label=gettext_lazy("Partner training not taken yet"),
            find=find_contacts_without_partner_training,
            describe=lambda d: (
                _("You have not taken partner training yet; as a contact of “%(case)s”, you may enrol on a session.")
                % {"case": d["case"]}
            ),
            roles=CONTACTS,
            order=55,
        )
    )
