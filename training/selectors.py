"""Read queries of the training pages: a constant number of queries per page, whatever the rows."""

from datetime import date, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchanges.models import Participant, ParticipantStatus
from norec.core.listing import Column, Sorting
from norec.core.models import User
from norec.core.roles import Role
from partnerships.models import Partnership
from training.eligibility import SIGNED_PHASES
from training.models import (
    HOLDING_STATES,
    PLACE_STATES,
    CourseKind,
    CourseSession,
    Enrolment,
    EnrolmentState,
)
from training.permissions import cancel_offered, enrolments_visible_to, letter_offered
from training.schedule import travel_days

# How long before a departure a participant without course 1 is listed for the adviser.
COURSE_1_WARNING_WEEKS = 12


def sessions_with_counts(*, upcoming_from: date | None = None):
    """Sessions with their places taken, waiting list and late requests counted (one query)."""
    sessions = CourseSession.objects.select_related("venue").annotate(
        taken=Count("enrolments", filter=Q(enrolments__state__in=PLACE_STATES)),
        waiting=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.WAITING)),
        requested=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.REQUESTED)),
    )
    if upcoming_from is not None:
        sessions = sessions.filter(ends_on__gte=upcoming_from, cancelled_at__isnull=True)
    # A query with a GROUP BY keeps no default ordering (Django's rule): the order is said here.
    return sessions.order_by("starts_on", "kind", "venue__name", "pk")


def fill_rate(session) -> int:
    return round(100 * session.taken / session.capacity) if session.capacity else 0


def _with_positions(enrolments: list[Enrolment]) -> list[Enrolment]:
    """Each waiting enrolment's place in its session's waiting list (1 = next to move up), from
    the whole list, whoever else's enrolments the reader may not see."""
    waiting = [enrolment for enrolment in enrolments if enrolment.state == EnrolmentState.WAITING]
    if not waiting:
        return enrolments
    order = (
        Enrolment.objects.filter(state=EnrolmentState.WAITING, session__in={e.session_id for e in waiting})
        .order_by("session_id", "waiting_since", "pk")
        .values_list("session_id", "pk")
    )
    positions, counters = {}, {}
    for session_id, pk in order:
        counters[session_id] = counters.get(session_id, 0) + 1
        positions[pk] = counters[session_id]
    for enrolment in enrolments:
        enrolment.position = positions.get(enrolment.pk)
    return enrolments


def _loaded(enrolments):
    return enrolments.select_related(
        "session__venue",
        "participant__leg__home_organisation",
        "participant__leg__host_organisation",
        "participant__user",
        "person",
        "partnership",
    )


def session_enrolments(session: CourseSession, user) -> list[Enrolment]:
    """The session's enrolments the reader may see, confirmed first, then waiting in order."""
    enrolments = _loaded(enrolments_visible_to(user).filter(session=session)).order_by(
        F("waiting_since").asc(nulls_first=True), "pk"
    )
    found = _with_positions(list(enrolments))
    for enrolment in found:
        enrolment.session = session
    return found


def with_actions(enrolments: list[Enrolment], user, today: date) -> list[Enrolment]:
    """What each listed enrolment offers `user` (no query per row)."""
    for enrolment in enrolments:
        enrolment.may_cancel = cancel_offered(enrolment, user, today)
        enrolment.may_letter = letter_offered(enrolment, today)
        enrolment.travel = travel_days(enrolment.session)
    return enrolments


def enrolments_of(user, *, open_only: bool = False) -> list[Enrolment]:
    """The enrolments of the people `user` may see, newest session first."""
    enrolments = _loaded(enrolments_visible_to(user)).order_by("-session__starts_on", "pk")
    if open_only:
        enrolments = enrolments.filter(state__in=HOLDING_STATES)
    return with_actions(_with_positions(list(enrolments)), user, timezone.localdate())


def contacts_needing_partner_training():
    """Partner contacts of organisations with a signed agreement who have neither attended nor hold
    a place on partner training."""
    signed = Partnership.objects.filter(phase__in=SIGNED_PHASES, partners__organisation__contacts=OuterRef("pk"))
    trained = Enrolment.objects.filter(
        person=OuterRef("pk"), session__kind=CourseKind.PARTNER_TRAINING, state__in=HOLDING_STATES
    )
    return (
        User.objects.filter(is_active=True, role=Role.PARTNER_CONTACT)
        .filter(Exists(signed))
        .exclude(Exists(trained))
        .prefetch_related("organisations")
        .order_by("full_name", "pk")
    )


def missed_course_1(enrolments: list[Enrolment]) -> list[Enrolment]:
    """Of a case's enrolments (all of a participant's are on their case), those of course 1 that
    were missed by someone who holds no other place on it since."""
    course_1 = [e for e in enrolments if e.participant_id and e.session.kind == CourseKind.COURSE_1]
    holding = {e.participant_id for e in course_1 if e.state in HOLDING_STATES}
    return [e for e in course_1 if e.state == EnrolmentState.MISSED and e.participant_id not in holding]


def case_enrolments(case: Partnership, user) -> list[Enrolment]:
    """The case's enrolments the reader may see, for the case page's summary: only what it shows
    (a case of 40 participants on courses made the page twice as slow when every related row
    was loaded whole)."""
    enrolments = (
        enrolments_visible_to(user)
        .filter(partnership=case)
        .select_related("session__venue", "participant", "person")
        .only(
            "state",
            "waiting_since",
            "session_id",
            "participant_id",
            "person_id",
            "partnership_id",
            "session__kind",
            "session__starts_on",
            "session__ends_on",
            "session__venue",
            "session__venue__name",
            "participant__full_name",
            "participant__status",  # read when a participant is made (django-fsm keeps its state)
            "person__full_name",
            "person__email",
        )
        .order_by("session__starts_on", "pk")
    )
    return _with_positions(list(enrolments))


def export_enrolments(session: CourseSession) -> list[Enrolment]:
    """Everyone on the session's list an adviser exports: confirmed (or marked), then waiting in order."""
    enrolments = (
        Enrolment.objects.filter(session=session, state__in=(*PLACE_STATES, EnrolmentState.WAITING))
        .select_related("participant__leg__home_organisation", "person")
        .prefetch_related("person__organisations")
        .order_by(F("waiting_since").asc(nulls_first=True), "participant__full_name", "person__full_name", "pk")
    )
    return _with_positions(list(enrolments))


def missed_course_1_anywhere(*, case: str = "") -> QuerySet[Enrolment]:
    """Participants taking part who missed course 1 and hold no other place on it, programme-wide
    (or of the partnerships whose name has `case`)."""
    again = Enrolment.objects.filter(
        participant=OuterRef("participant"), session__kind=CourseKind.COURSE_1, state__in=HOLDING_STATES
    )
    missed = (
        Enrolment.objects.filter(
            session__kind=CourseKind.COURSE_1,
            state=EnrolmentState.MISSED,
            participant__status=ParticipantStatus.ACTIVE,
        )
        .exclude(Exists(again))
        .select_related("participant__leg__home_organisation", "session__venue", "partnership")
        .order_by("participant__leg__departure", "participant__full_name", "pk")
    )
    if case:
        missed = missed.filter(partnership__name__icontains=case)
    return missed


# --- The sessions list and the training needs: their filters and orders -------------------------

SESSION_SORTING = Sorting(
    [
        Column("date", _("Dates"), ("starts_on",)),
        Column("course", _("Course"), ("kind", "starts_on")),
        Column("venue", _("Venue"), ("venue__name", "starts_on")),
        Column("deadline", _("Enrol by"), ("enrolment_deadline",)),
    ],
    default="date",
)
SESSION_WHEN = ("upcoming", "past", "cancelled", "all")


def filter_sessions(sessions, *, today: date, when: str = "upcoming", course: str = "", venue: str = "", year=None):
    """The sessions list's filters: upcoming (not cancelled, not over) unless another time is asked for."""
    if when == "upcoming":
        sessions = sessions.filter(ends_on__gte=today, cancelled_at__isnull=True)
    elif when == "past":
        sessions = sessions.filter(ends_on__lt=today, cancelled_at__isnull=True)
    elif when == "cancelled":
        sessions = sessions.filter(cancelled_at__isnull=False)
    if course:
        sessions = sessions.filter(kind=course)
    if venue:
        sessions = sessions.filter(venue__name__icontains=venue)
    if year:
        sessions = sessions.filter(starts_on__year=year)
    return sessions


NEED_SORTING = Sorting(
    [
        Column("name", _("Name"), ("full_name",)),
        Column("departure", _("Leaves"), ("leg__departure", "full_name")),
        Column("case", _("Partnership"), ("leg__exchange_round__agreement__partnership__name", "full_name")),
    ],
    default="departure",
)


def participants_needing_course_1(*, today: date, case=None, order_by=None, weeks: int = COURSE_1_WARNING_WEEKS):
    """Participants taking part who leave within `weeks` (or are late leaving) without a place on
    course 1, of the partnerships whose name has `case` if asked, in the list's order."""
    holding = Enrolment.objects.filter(
        participant=OuterRef("pk"), session__kind=CourseKind.COURSE_1, state__in=HOLDING_STATES
    )
    found = (
        Participant.objects.filter(status=ParticipantStatus.ACTIVE, leg__departure__gte=today)
        .filter(leg__departure__lte=today + timedelta(weeks=weeks))
        .exclude(Exists(holding))
        .select_related("leg__home_organisation", "leg__exchange_round__agreement__partnership")
    )
    if case:
        found = found.filter(leg__exchange_round__agreement__partnership__name__icontains=case)
    return found.order_by(*(order_by or ("leg__departure", "full_name", "pk")))
