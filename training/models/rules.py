"""Who may take an enrolment's transitions (the `permission=` of its @transition methods), and
when (its `conditions=`). training.permissions reads these to say why a step is not possible."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from norec.core.fsm import Condition, RolePermission


def is_adviser(enrolment, user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_adviser)


def is_enroller(enrolment, user) -> bool:
    """The adviser, or a partner contact who may enrol this person (training.permissions)."""
    from training.permissions import may_enrol_for

    return is_adviser(enrolment, user) or may_enrol_for(user, enrolment)


ADVISER = RolePermission(is_adviser, _("Only a programme adviser may do this."))
ENROLLER = RolePermission(
    is_enroller, _("Only the programme adviser and the person's own organisation's partner contacts may do this.")
)


@Condition
def has_free_place(enrolment) -> list:
    session = enrolment.session
    if session.places_taken() >= session.capacity:
        return [_("Every place on %(session)s is taken.") % {"session": session}]
    return []


@Condition
def session_full(enrolment) -> list:
    """The waiting list is for a full session only: with a place free, the enrolment is confirmed."""
    return [_("A place is free.")] if has_free_place(enrolment) else []


@Condition
def session_begun(enrolment) -> list:
    """Attendance is recorded from the session's first day."""
    session = enrolment.session
    if timezone.localdate() < session.starts_on:
        return [
            _("Attendance is recorded from the first day, %(date)s.")
            % {"date": date_format(session.starts_on, "DATE_FORMAT")}
        ]
    return []


@Condition
def session_not_begun(enrolment) -> list:
    session = enrolment.session
    if timezone.localdate() >= session.starts_on:
        return [
            _("%(session)s began on %(date)s: its enrolments can no longer change; the adviser records attendance.")
            % {"session": session, "date": date_format(session.starts_on, "DATE_FORMAT")}
        ]
    return []


@Condition
def in_time_or_accepted(enrolment) -> list:
    """Placed by its deadline; after it, once an adviser has accepted it with a reason."""
    session = enrolment.session
    if timezone.localdate() > session.enrolment_deadline and not enrolment.late_reason:
        return [
            _("The enrolment deadline was %(date)s: the programme adviser decides on later requests.")
            % {"date": date_format(session.enrolment_deadline, "DATE_FORMAT")}
        ]
    return []
