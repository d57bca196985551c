"""The demo's training, made through the services: sessions at every venue, past and upcoming;
the Clean water engineers' participants on their courses (course 1 attended before they left, a
full course 2 session with Joseph on its waiting list); round 3's Ruth missed course 1 (flagged on
the case) and Bwalya holds a place on the next; the Lusaka coordinator trained, the Mulago one
enrolled; a pre-study's representative on the digital introduction seminar.

Sessions that ran before the demo's records begin are recorded by their outcome (who attended,
who missed), as records brought over from an earlier system would be: the services refuse, rightly,
to enrol anyone on a session that has begun. Everything ahead is made through the services."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from exchanges.models import ExchangeRound, Participant, ParticipantStatus
from partnerships.models import Partnership, Phase
from training import services
from training.models import CourseKind, CourseLanguage, CourseSession, Enrolment, EnrolmentState, Venue
from training.schedule import last_day


def sunday_on_or_after(day: date) -> date:
    return day + timedelta(days=(6 - day.weekday()) % 7)


def _plan(demo, kind, venue: str, starts_on: date, capacity: int, *, language=CourseLanguage.ENGLISH):
    return services.plan_session(
        by=demo.adviser,
        kind=kind,
        venue=Venue.objects.get(name=venue),
        starts_on=starts_on,
        ends_on=last_day(kind, starts_on),
        capacity=capacity,
        language=language,
        enrolment_deadline=starts_on - timedelta(days=21),
    )


def _history(demo, session: CourseSession, *, attended=(), missed=(), people=()) -> None:
    """Who attended or missed a session that ran before the demo's records begin (see above)."""
    outcomes = [(p, EnrolmentState.ATTENDED) for p in attended] + [(p, EnrolmentState.MISSED) for p in missed]
    for participant, state in outcomes:
        Enrolment.objects.create(
            session=session,
            partnership=participant.partnership,
            participant=participant,
            state=state,
            requested_by=contact_for(demo, participant),
            confirmed_at=timezone.now(),
            attendance_by=demo.adviser,
        )
    for person, case in people:
        Enrolment.objects.create(
            session=session,
            partnership=case,
            person=person,
            state=EnrolmentState.ATTENDED,
            requested_by=person,
            confirmed_at=timezone.now(),
            attendance_by=demo.adviser,
        )


def contact_for(demo, participant):
    return demo.shared["contacts"][participant.leg.home_organisation_id]


def seed_demo_training(demo) -> None:
    if CourseSession.objects.exists():
        return  # built on an earlier run
    today = timezone.localdate()
    ahead = sunday_on_or_after(today + timedelta(days=35))  # open for enrolment (deadline 3 weeks before)
    contacts, organisations = demo.shared.get("contacts") or {}, demo.shared.get("organisations") or {}
    cases = demo.shared.get("cases") or {}
    water = cases.get("Clean water engineers")
    by_name = {p.full_name: p for p in Participant.objects.filter(leg__exchange_round__agreement__partnership=water)}
    lusaka, mulago = organisations.get("lusaka"), organisations.get("mulago")

    # Round 2 left about five months ago: its course 1 ran a fortnight before.
    round_two = ExchangeRound.objects.get(agreement__partnership=water, number=2)
    leg_two = round_two.legs.order_by("pk").first()
    went = [p for p in by_name.values() if p.leg.exchange_round_id == round_two.pk]
    ran = _plan(demo, CourseKind.COURSE_1, "Kampala", sunday_on_or_after(leg_two.departure - timedelta(days=20)), 6)
    _history(demo, ran, attended=went)

    # Course 2 in the second half of their year, full: Amina and Chanda have the places, Joseph waits.
    course_2_day = sunday_on_or_after(max(leg_two.departure + relativedelta(months=7), ahead))
    course_2 = _plan(demo, CourseKind.COURSE_2, "Kampala", course_2_day, 2)
    for name in ("Amina Participant", "Chanda Mwale", "Joseph Phiri"):
        participant = by_name.get(name)
        if participant is not None and participant.status == ParticipantStatus.ACTIVE:
            services.enrol(course_2, participant=participant, by=contacts[participant.leg.home_organisation_id])

    # Round 3 recruits: Ruth missed a course 1 three weeks ago (flagged on the case); Mutale went.
    ruth, mutale = by_name.get("Ruth Nabirye"), by_name.get("Mutale Banda")
    missed = _plan(demo, CourseKind.COURSE_1, "Johannesburg", sunday_on_or_after(today - timedelta(days=26)), 10)
    _history(demo, missed, attended=[p for p in (mutale,) if p], missed=[p for p in (ruth,) if p])
    next_course_1 = _plan(demo, CourseKind.COURSE_1, "Bangkok", ahead, 12)
    bwalya = by_name.get("Bwalya Zulu")
    if bwalya is not None and bwalya.leg.departure > next_course_1.ends_on:
        services.enrol(next_course_1, participant=bwalya, by=contacts[lusaka.pk])
    _plan(demo, CourseKind.COURSE_1, "Nairobi", ahead + timedelta(weeks=8), 12, language=CourseLanguage.FRENCH)
    _plan(demo, CourseKind.COURSE_2, "Johannesburg", ahead + timedelta(weeks=12), 12)

    # Partner training: Lusaka's coordinator went last year; Mulago's is enrolled in Kathmandu.
    trained = _plan(demo, CourseKind.PARTNER_TRAINING, "Bangkok", sunday_on_or_after(today - timedelta(days=330)), 20)
    _history(demo, trained, people=[(contacts[lusaka.pk], water)])
    partner_training = _plan(demo, CourseKind.PARTNER_TRAINING, "Kathmandu", ahead + timedelta(weeks=4), 16)
    services.enrol(partner_training, person=contacts[mulago.pk], by=contacts[mulago.pk])

    # Every venue has run courses: Kathmandu's partner training and the online seminar last year
    # (Community radio's coordinators went), and a Nairobi course 1 cancelled when its hotel closed.
    radio = cases.get("Community radio")
    nairobi, kathmandu = organisations.get("nairobi"), organisations.get("kathmandu")
    ran_kathmandu = _plan(
        demo, CourseKind.PARTNER_TRAINING, "Kathmandu", sunday_on_or_after(today - timedelta(days=200)), 16
    )
    ran_online = _plan(
        demo, CourseKind.INTRODUCTION_SEMINAR, "Digital", sunday_on_or_after(today - timedelta(days=400)), 30
    )
    if radio is not None:
        _history(demo, ran_kathmandu, people=[(contacts[kathmandu.pk], radio)])
        _history(demo, ran_online, people=[(contacts[nairobi.pk], radio), (contacts[kathmandu.pk], radio)])
    closed = _plan(demo, CourseKind.COURSE_1, "Nairobi", sunday_on_or_after(today + timedelta(days=60)), 20)
    services.cancel_session(
        closed, reason="The course hotel closed for renovation; the course moves to Kampala.", by=demo.adviser
    )

    # The introduction seminar, online, for the organisations in a pre-study.
    seminar = _plan(demo, CourseKind.INTRODUCTION_SEMINAR, "Digital", ahead + timedelta(days=2), 30)
    pre_study = Partnership.objects.filter(phase=Phase.PRE_STUDY).prefetch_related("partners__organisation").first()
    if pre_study is not None:
        for partner in pre_study.partners.all():
            contact = contacts.get(partner.organisation_id)
            if contact is not None and contact.pk not in seminar.enrolments.values_list("person", flat=True):
                services.enrol(seminar, person=contact, by=contact)
                break
