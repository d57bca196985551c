"""The participants' checklist items the training app ticks: "Enrolled in Training 1" and "…2" of
the programme's checklist, found by their stable keys (exchanges.item_keys), never by title."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from training.models import CourseKind

ENROLMENT_ITEM_KEYS = {CourseKind.COURSE_1: "enrolled_course_1", CourseKind.COURSE_2: "enrolled_course_2"}
KEY_LABELS = {
    "enrolled_course_1": _("Enrolment in participant course 1 (ticked by the training app)"),
    "enrolled_course_2": _("Enrolment in participant course 2 (ticked by the training app)"),
}


# The participant's e-learning, due before the return (seed 003) or, by Norec's choice, before
# the departure (an older page): settings.NOREC_ELEARNING_DUE_BEFORE.
E_LEARNING_KEY = "e_learning_completed"


def e_learning_due_from() -> str:
    return settings.NOREC_ELEARNING_DUE_BEFORE


def register_item_keys() -> None:
    from exchanges.item_keys import register_item_key

    for key in ENROLMENT_ITEM_KEYS.values():
        register_item_key(key, KEY_LABELS[key])
    register_item_key(
        E_LEARNING_KEY, _("E-learning (its deadline follows Norec's rule for e-learning)"), due_from=e_learning_due_from
    )
