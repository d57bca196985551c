"""The training app's state machine as the no-dead-ends check walks it (norec.core.machines): an
enrolment, with the pages where its next steps are offered and what it waits for."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from norec.core.machines import StateMachine, register_machine
from norec.core.models import User
from norec.core.roles import Role
from training.models import Enrolment, EnrolmentState
from training.models.rules import session_begun


def enrolment_pages(enrolment: Enrolment) -> list[str]:
    return [reverse("training:session_detail", args=[enrolment.session_id]), reverse("training:sessions")]


def enrolment_people(enrolment: Enrolment) -> list:
    """Any adviser (training is the programme's), the person's organisation's contacts, and a participant themself."""
    advisers = list(User.objects.filter(role=Role.ADVISER, is_active=True).order_by("pk")[:1])
    if enrolment.participant_id:
        contacts = enrolment.participant.leg.home_organisation.contacts.filter(is_active=True)
        return [*advisers, *contacts, enrolment.participant.user]
    return [*advisers, *User.objects.filter(organisations__contacts=enrolment.person).distinct()]


def waiting_position(enrolment: Enrolment) -> int:
    return (
        Enrolment.objects.filter(
            session_id=enrolment.session_id, state=EnrolmentState.WAITING, waiting_since__lt=enrolment.waiting_since
        ).count()
        + 1
    )


def enrolment_waits(enrolment: Enrolment) -> list[str]:
    """A confirmed place waits for the first day (attendance is recorded then); a waiting one, for a free place."""
    if enrolment.state == EnrolmentState.CONFIRMED:
        return session_begun.reasons(enrolment)
    if enrolment.state == EnrolmentState.WAITING:
        return [
            _("Number %(position)s on the waiting list: moved up when a place is free (until %(date)s).")
            % {
                "position": waiting_position(enrolment),
                "date": date_format(enrolment.session.starts_on, "DATE_FORMAT"),
            }
        ]
    return []


ENROLMENT = StateMachine(
    name="enrolment",
    model=Enrolment,
    states=EnrolmentState,
    state=lambda enrolment: enrolment.state,
    pages=enrolment_pages,
    people=enrolment_people,
    final=frozenset({EnrolmentState.ATTENDED, EnrolmentState.MISSED, EnrolmentState.CANCELLED}),
    exits=frozenset({EnrolmentState.CANCELLED}),
    waits=enrolment_waits,
)


def register_machines() -> None:
    register_machine(ENROLMENT)
