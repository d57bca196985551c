"""The invitation letter of a confirmed enrolment, which participants show when they apply for a
visa, and what the public verification page may show of it: the name, the course, the dates and
whether the letter is valid, nothing more."""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from training.models import Enrolment, EnrolmentState
from training.schedule import travel_days

# Who pays what (DOMAIN.md, Courses): partners pay the travel to the course, Norec board and lodging.
COSTS = (
    _("The partner organisation pays the travel to and from the course."),
    _("Norec pays board and lodging at the venue for the days of the course."),
)


def letter_context(request, enrolment: Enrolment, *, today: date) -> dict:
    session = enrolment.session
    participant = enrolment.participant
    verify_url = request.build_absolute_uri(reverse("training:verify_letter"))
    return {
        "enrolment": enrolment,
        "session": session,
        "name": enrolment.name,
        "nationality": participant.nationality.name if participant else "",
        "date_of_birth": participant.date_of_birth if participant else None,
        # Who at Norec answers for the letter: the adviser who planned the session.
        "signatory": session.created_by,
        "organisation": participant.leg.home_organisation.name if participant else "",
        "travel": travel_days(session),
        "costs": COSTS,
        "code": enrolment.verification_code,
        "verify_url": verify_url,
        "today": today,
    }


@dataclass(frozen=True)
class Verification:
    name: str
    course: str
    starts_on: date
    ends_on: date
    valid: bool


def verify(code: str) -> Verification | None:
    """What an embassy may learn from a letter's code: None for a code no letter carries."""
    code = code.strip().upper().replace(" ", "")
    if len(code) == 12:
        code = f"{code[:4]}-{code[4:8]}-{code[8:]}"
    if len(code) != 14:
        return None
    enrolment = (
        Enrolment.objects.filter(verification_code=code)
        .select_related("session", "participant", "person")
        .only(
            "state",
            "verification_code",
            "participant__full_name",
            "person__full_name",
            "person__email",
            "session__kind",
            "session__starts_on",
            "session__ends_on",
            "session__cancelled_at",
        )
        .first()
    )
    if enrolment is None:
        return None
    session = enrolment.session
    valid = enrolment.state in (EnrolmentState.CONFIRMED, EnrolmentState.ATTENDED) and not session.is_cancelled
    return Verification(enrolment.name, session.get_kind_display(), session.starts_on, session.ends_on, valid)
