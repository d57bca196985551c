"""Who may go on which course, and why not: the programme's rules for an enrolment, checked by
the enrolment service under its lock and shown by the enrolment form before anything is sent.

- Participant course 1 ends before the participant departs.
- Participant course 2 prepares the return: it falls in the second half of the exchange and ends
  before the participant comes home.
- Partner training is for the contacts of organisations with a signed agreement, once per person.
- The introduction seminar is for the representatives of organisations in a pre-study.
- Nobody holds two places in one kind (one missed may be made up in a later session)."""

from datetime import date, timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exchanges.models import Participant, ParticipantStatus
from norec.core.models import User
from partnerships.models import Partnership, Phase
from training.models import HOLDING_STATES, CourseKind, CourseSession, Enrolment, EnrolmentState

PARTICIPANT_COURSES = (CourseKind.COURSE_1, CourseKind.COURSE_2)
SIGNED_PHASES = (Phase.EXCHANGE, Phase.FOLLOW_UP)


def _day(value: date) -> str:
    return date_format(value, "DATE_FORMAT")


def course_2_window(participant: Participant) -> tuple[date, date]:
    """The first day a course 2 may start and the last day it may end (the day before the return)."""
    leg = participant.leg
    middle = leg.departure + (leg.return_date - leg.departure) / 2
    return middle, leg.return_date - timedelta(days=1)


def session_reasons(session: CourseSession) -> list[str]:
    """Why no one can enrol on this session now ([] = open)."""
    if session.is_cancelled:
        return [_("This session was cancelled.")]
    if timezone.localdate() >= session.starts_on:
        return [_("This session began on %(date)s.") % {"date": _day(session.starts_on)}]
    return []


def already_holding(session: CourseSession, *, participant=None, person=None) -> Enrolment | None:
    """Their enrolment in this course (requested, confirmed, waiting or attended), if any."""
    found = Enrolment.objects.filter(session__kind=session.kind, state__in=HOLDING_STATES).select_related(
        "session__venue"
    )
    found = found.filter(participant=participant) if participant is not None else found.filter(person=person)
    return found.order_by("-session__starts_on").first()


def _holding_reason(holding: Enrolment, name: str) -> str:
    place = holding.session
    if holding.state == EnrolmentState.ATTENDED:
        return _("%(name)s attended %(course)s in %(venue)s on %(date)s: each person needs it once.") % {
            "name": name,
            "course": place.get_kind_display(),
            "venue": place.venue,
            "date": _day(place.starts_on),
        }
    return _("%(name)s is already enrolled on %(course)s in %(venue)s from %(date)s (%(state)s).") % {
        "name": name,
        "course": place.get_kind_display(),
        "venue": place.venue,
        "date": _day(place.starts_on),
        "state": holding.get_state_display().lower(),
    }


def participant_reasons(session: CourseSession, participant: Participant) -> list[str]:
    kind = session.course
    if kind not in PARTICIPANT_COURSES:
        return [_("%(course)s is for partner contacts, not participants.") % {"course": kind.label}]
    if participant.status != ParticipantStatus.ACTIVE:
        return [_("%(name)s no longer takes part in the exchange.") % {"name": participant.full_name}]
    leg = participant.leg
    reasons = []
    if kind == CourseKind.COURSE_1 and session.ends_on >= leg.departure:
        reasons.append(
            _("Course 1 is taken before the exchange: this session ends on %(end)s and %(name)s leaves on %(leave)s.")
            % {"end": _day(session.ends_on), "name": participant.full_name, "leave": _day(leg.departure)}
        )
    if kind == CourseKind.COURSE_2:
        first, last = course_2_window(participant)
        if session.starts_on < first or session.ends_on > last:
            reasons.append(
                _(
                    "Course 2 prepares the return: for %(name)s it falls between %(first)s and %(last)s "
                    "(the second half of the exchange, before the return)."
                )
                % {"name": participant.full_name, "first": _day(first), "last": _day(last)}
            )
    holding = already_holding(session, participant=participant)
    if holding is not None:
        reasons.append(_holding_reason(holding, participant.full_name))
    return reasons


def case_for_person(session: CourseSession, person: User) -> Partnership | None:
    """The case a contact goes to this course for: partner training, a signed partnership of their
    organisation; the introduction seminar, a pre-study."""
    phases = (Phase.PRE_STUDY,) if session.course == CourseKind.INTRODUCTION_SEMINAR else SIGNED_PHASES
    return (
        Partnership.objects.filter(phase__in=phases, partners__organisation__contacts=person)
        .order_by("pk")
        .distinct()
        .first()
    )


def person_reasons(session: CourseSession, person: User) -> list[str]:
    kind = session.course
    name = person.get_full_name() or person.email
    if kind in PARTICIPANT_COURSES:
        return [_("%(course)s is for participants; enrol them from their exchange.") % {"course": kind.label}]
    reasons = []
    if not person.is_active or not person.is_partner_contact:
        reasons.append(_("%(name)s is not a partner contact.") % {"name": name})
    elif case_for_person(session, person) is None:
        if kind == CourseKind.INTRODUCTION_SEMINAR:
            reasons.append(
                _("The introduction seminar is for organisations in a pre-study; %(name)s's are not.") % {"name": name}
            )
        else:
            reasons.append(
                _("Partner training follows a signed collaboration agreement; %(name)s's organisations have none.")
                % {"name": name}
            )
    holding = already_holding(session, person=person)
    if holding is not None:
        reasons.append(_holding_reason(holding, name))
    return reasons


def enrolment_reasons(session: CourseSession, *, participant=None, person=None) -> list[str]:
    """Why this person cannot be enrolled on this session ([] = they can)."""
    reasons = session_reasons(session)
    if reasons:
        return reasons
    if participant is not None:
        return participant_reasons(session, participant)
    return person_reasons(session, person)


def is_late(session: CourseSession) -> bool:
    return timezone.localdate() > session.enrolment_deadline


def _not_holding(kind, **person):
    return ~Exists(Enrolment.objects.filter(session__kind=kind, state__in=HOLDING_STATES, **person))


# Course 1 prepares a departure some weeks or months ahead: a form lists those leaving within this
# time after the session (an adviser may still enrol someone leaving later, from a later session).
COURSE_1_LEAD = timedelta(days=183)


def listed_participants(session: CourseSession, participants):
    """Of `participants`, those the rules may let go on this participant course (the service checks
    each precisely): course 1, leaving after it ends; course 2, left before it starts, at most a year
    before; none already holding a place on the course."""
    if session.course == CourseKind.COURSE_1:
        participants = participants.filter(
            leg__departure__gt=session.ends_on, leg__departure__lte=session.ends_on + COURSE_1_LEAD
        )
    else:
        participants = participants.filter(
            leg__departure__lt=session.starts_on, leg__departure__gt=session.ends_on - timedelta(days=366)
        )
    return participants.filter(_not_holding(session.kind, participant=OuterRef("pk")))


def listed_people(session: CourseSession, people):
    """Of `people` (partner contacts), those of an organisation the course is for, not holding a place on it."""
    phases = (Phase.PRE_STUDY,) if session.course == CourseKind.INTRODUCTION_SEMINAR else SIGNED_PHASES
    cases = Partnership.objects.filter(phase__in=phases, partners__organisation__contacts=OuterRef("pk"))
    return people.filter(Exists(cases)).filter(_not_holding(session.kind, person=OuterRef("pk")))


LISTED = {
    CourseKind.COURSE_1: gettext_lazy(
        "Listed: your participants who leave within six months after this session and have no place on course 1."
    ),
    CourseKind.COURSE_2: gettext_lazy(
        "Listed: your participants abroad when this session starts who have no place on course 2."
    ),
    CourseKind.PARTNER_TRAINING: gettext_lazy(
        "Listed: you and the contacts of your organisations with a signed agreement who have not had partner training."
    ),
    CourseKind.INTRODUCTION_SEMINAR: gettext_lazy(
        "Listed: you and the contacts of your organisations in a pre-study who are not enrolled yet."
    ),
}
