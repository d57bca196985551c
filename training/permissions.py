"""May X do Y in training, and if not, why. Views and templates ask here; the enrolment's
transitions declare the same answers as their `permission=` (training.models.rules)."""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.models import Participant, ParticipantStatus
from norec.core import fsm
from norec.core.models import User
from norec.core.roles import Role
from partnerships.models import PartnerOrganisation
from training.models import OPEN_STATES, CourseSession, Enrolment, EnrolmentState


def _active(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def is_adviser(user) -> bool:
    return _active(user) and user.is_adviser


def may_plan_sessions(user) -> bool:
    """Advisers plan, change and cancel sessions and record attendance."""
    return is_adviser(user)


def may_browse_sessions(user) -> bool:
    """Advisers and partner contacts see the programme's sessions (contacts, to enrol their people)."""
    return _active(user) and (user.is_adviser or user.is_partner_contact)


def get_session_for_user(user, pk: int) -> CourseSession:
    """The session for those who may browse sessions; 404 for everyone else (participants see
    their own enrolments, not the programme's sessions)."""
    if not may_browse_sessions(user):
        get_object_or_404(CourseSession.objects.none(), pk=pk)
    return get_object_or_404(CourseSession.objects.select_related("venue", "created_by"), pk=pk)


def contact_organisations(user):
    if not (_active(user) and user.is_partner_contact):
        return PartnerOrganisation.objects.none()
    return PartnerOrganisation.objects.filter(contacts=user)


def enrolments_visible_to(user):
    """Advisers see every enrolment; a partner contact their organisations' participants and
    contacts; a participant their own; nobody else any."""
    enrolments = Enrolment.objects.all()
    if not _active(user):
        return enrolments.none()
    if user.is_adviser:
        return enrolments
    if user.is_partner_contact:
        organisations = contact_organisations(user)
        return enrolments.filter(
            Q(participant__leg__home_organisation__in=organisations) | Q(person__organisations__in=organisations)
        ).distinct()
    if user.is_participant:
        return enrolments.filter(participant__user=user)
    return enrolments.none()


def get_enrolment_for_user(user, pk: int) -> Enrolment:
    return get_object_or_404(
        enrolments_visible_to(user).select_related(
            "session__venue", "participant__leg__home_organisation", "participant__leg__host_organisation", "person"
        ),
        pk=pk,
    )


def participants_to_enrol(user):
    """The participants `user` may enrol: those taking part whom their organisations send."""
    participants = Participant.objects.filter(status=ParticipantStatus.ACTIVE)
    if is_adviser(user):
        return participants
    return participants.filter(leg__home_organisation__in=contact_organisations(user))


def participants_to_list(user):
    """Whom an enrol form lists for `user`: a contact's own participants; an adviser's caseload's
    (an adviser may enrol anyone, but a list of the whole programme helps no one)."""
    participants = participants_to_enrol(user)
    if is_adviser(user):
        return participants.filter(leg__exchange_round__agreement__partnership__adviser=user)
    return participants


def people_to_list(user):
    """A contact's colleagues and themself; for an adviser, the contacts of their caseload's organisations."""
    people = people_to_enrol(user)
    if is_adviser(user):
        return people.filter(organisations__memberships__partnership__adviser=user).distinct()
    return people


def people_to_enrol(user):
    """The partner contacts `user` may enrol on partner training or the seminar: themself and the
    other contacts of their organisations (an adviser: any partner contact)."""
    contacts = User.objects.filter(is_active=True, role=Role.PARTNER_CONTACT)
    if is_adviser(user):
        return contacts
    return contacts.filter(organisations__in=contact_organisations(user)).distinct()


def may_enrol_for(user, enrolment: Enrolment) -> bool:
    """The person's own organisation's partner contacts (or an adviser) act on their enrolment."""
    if is_adviser(user):
        return True
    if enrolment.participant_id:
        return contact_organisations(user).filter(pk=enrolment.participant.leg.home_organisation_id).exists()
    return people_to_enrol(user).filter(pk=enrolment.person_id).exists()


def enrolment_wrong_state(enrolment: Enrolment, action_label) -> str:
    return _("“%(action)s” is not possible: the enrolment of %(name)s is “%(state)s”.") % {
        "action": action_label,
        "name": enrolment.name,
        "state": enrolment.get_state_display(),
    }


def transition_refusal_reasons(enrolment: Enrolment, transition_name: str, user) -> list[str]:
    return fsm.transition_refusal_reasons(enrolment, transition_name, user, wrong_state=enrolment_wrong_state)


def cancel_refusal_reasons(enrolment: Enrolment, user) -> list[str]:
    return transition_refusal_reasons(enrolment, "cancel", user)


def may_decide_late_request(enrolment: Enrolment, user) -> bool:
    return is_adviser(user) and enrolment.state == EnrolmentState.REQUESTED


def may_record_attendance(session: CourseSession, user) -> bool:
    return is_adviser(user) and not session.is_cancelled and timezone.localdate() >= session.starts_on


def may_cancel_session(session: CourseSession, user) -> bool:
    return is_adviser(user) and not session.is_cancelled and timezone.localdate() <= session.ends_on


def letter_offered(enrolment: Enrolment, today) -> bool:
    """An invitation letter (for a visa) is for a confirmed place at a venue one travels to, until
    the session has ended (no query)."""
    session = enrolment.session
    return (
        enrolment.state in (EnrolmentState.CONFIRMED, EnrolmentState.ATTENDED)
        and not session.is_cancelled
        and not session.venue.is_digital
        and session.ends_on >= today
    )


def may_download_letter(enrolment: Enrolment, user) -> bool:
    return (
        letter_offered(enrolment, timezone.localdate()) and enrolments_visible_to(user).filter(pk=enrolment.pk).exists()
    )


def cancel_offered(enrolment: Enrolment, user, today) -> bool:
    """Whether a list of enrolments already scoped to `user` (enrolments_visible_to) offers
    "Cancel" on this one, without a query per row: an open enrolment of a session not begun, to
    an adviser or a partner contact (the service checks the person is theirs, cancel_refusal_reasons)."""
    session = enrolment.session
    return (
        enrolment.state in OPEN_STATES
        and not session.is_cancelled
        and today < session.starts_on
        and _active(user)
        and (user.is_adviser or user.is_partner_contact)
    )
