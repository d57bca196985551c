"""The programme's courses (DOMAIN.md, Training; seed 003) and how long each runs.

Participant courses 1 and 2 and partner training are week courses: they start on Sunday
afternoon and end with a farewell party on Friday; attendees arrive on the Sunday morning and
leave on the Saturday after. The introduction seminar runs three days. E-learning is Norec's
online programme: it has a deadline, not sessions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CourseKind(models.TextChoices):
    COURSE_1 = "course_1", _("Participant course 1")  # a week, before the exchange
    COURSE_2 = "course_2", _("Participant course 2")  # a week, preparing the return home
    E_LEARNING = "e_learning", _("E-learning")  # completed before returning home
    INTRODUCTION_SEMINAR = "introduction_seminar", _("Introduction seminar")  # three days, in the pre-study
    PARTNER_TRAINING = "partner_training", _("Partner training")  # a week, once per contact person

    @property
    def is_week_course(self) -> bool:
        return self in WEEK_COURSES


WEEK_COURSES = frozenset({CourseKind.COURSE_1, CourseKind.COURSE_2, CourseKind.PARTNER_TRAINING})
# Days a session runs, from its first to its last (a week course: Sunday to Friday).
COURSE_DAYS = {
    CourseKind.COURSE_1: 6,
    CourseKind.COURSE_2: 6,
    CourseKind.PARTNER_TRAINING: 6,
    CourseKind.INTRODUCTION_SEMINAR: 3,
}


class CourseLanguage(models.TextChoices):
    """The languages Norec's courses are taught in."""

    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    PORTUGUESE = "pt", _("Portuguese")
