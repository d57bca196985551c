"""The participants' checklist items the training app ticks: "Enrolled in Training 1" and "…2" of
the programme's checklist, found by their stable keys (exchanges.item_keys), never by title."""

from django.utils.translation import gettext_lazy as _

from training.models import CourseKind

ENROLMENT_ITEM_KEYS = {CourseKind.COURSE_1: "enrolled_course_1", CourseKind.COURSE_2: "enrolled_course_2"}
KEY_LABELS = {
    "enrolled_course_1": _("Enrolment in participant course 1 (ticked by the training app)"),
    "enrolled_course_2": _("Enrolment in participant course 2 (ticked by the training app)"),
}


def register_item_keys() -> None:
    from exchanges.item_keys import register_item_key

    for key in ENROLMENT_ITEM_KEYS.values():
        register_item_key(key, KEY_LABELS[key])
