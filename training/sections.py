"""The training section of a case page (partnerships.case_sections): the enrolments of the case's
people that the reader may see, and a flag for each participant who missed course 1 and has no
new place on it, with a link for the partner contacts to enrol them again."""

from django.urls import reverse
from django.utils.translation import gettext as _

from partnerships.case_sections import SectionLink
from training import selectors
from training.models import CourseKind

TRAINING_SECTION = "training/case_training.html"


def training_section(case, user) -> dict | None:
    enrolments = selectors.case_enrolments(case, user)
    missed = selectors.missed_course_1(enrolments)
    if not enrolments and not missed:
        return None
    links = []
    if missed and case.has_contact(user):
        links = [
            SectionLink(
                _("Enrol %(name)s on course 1 again: they missed it") % {"name": enrolment.participant.full_name},
                f"{reverse('training:sessions')}?course={CourseKind.COURSE_1}",
            )
            for enrolment in missed
        ]
    return {"enrolments": enrolments, "missed": missed, "links": links, "may_enrol": case.has_contact(user)}


PORTAL_SECTION = "training/portal_courses.html"


def portal_courses(participant, user) -> dict:
    """A participant's courses on their own page: each with its dates, travel days and letter."""
    return {"enrolments": selectors.enrolments_of(user)}
