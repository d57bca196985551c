from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from norec.core.audit import record_event
from norec.core.fsm import TransitionRefused, take_transition
from norec.core.invitations import find_or_create_invited_user, invite_user
from norec.core.models import AuditEvent, Invitation, User
from norec.core.roles import Role
from partnerships.events import CaseEvent, OrganisationEvent
from partnerships.models import (
    Agreement,
    AgreementRound,
    AgreementSignature,
    Application,
    ApplicationOrganisationGoal,
    FinalReportStatus,
    FollowUpReport,
    Partner,
    PartnerMeeting,
    PartnerOrganisation,
    Partnership,
    PlannedRound,
    SeminarRepresentative,
    SignatureMethod,
)
from partnerships.notifications import record_case_event
from partnerships.permissions import CaseAction, can_open_cases, refusal_reasons, wrong_state
from partnerships.uploads import validate_document, validate_signed_copy


def invite_partner_contact(
    organisation: PartnerOrganisation, *, email: str, full_name: str, preferred_language: str, by: User
) -> tuple[User, Invitation | None]:
    """Make someone a contact of the organisation; invite them by email if they have no password yet."""
    with transaction.atomic():
        organisation = PartnerOrganisation.objects.select_for_update().get(pk=organisation.pk)
        user = find_or_create_invited_user(
            email=email, full_name=full_name, role=Role.PARTNER_CONTACT, preferred_language=preferred_language
        )
        if organisation.contacts.filter(pk=user.pk).exists():
            raise ValidationError(_("%(email)s is already a contact of this organisation.") % {"email": user.email})
        organisation.contacts.add(user)
        record_event(organisation, action=OrganisationEvent.CONTACT_ADDED, by=by, data={"contact": user.email})
        invitation = None if user.has_usable_password() else invite_user(user, by=by)
    return user, invitation


# --- Partnership cases ---------------------------------------------------------------------
#
# One function per action. Each locks the case row (select_for_update, always the case before its
# application, so two actions can never deadlock), re-reads, checks with the same rules the views
# use to decide which buttons to show (partnerships.permissions), acts, and records a timeline
# event with the case as subject. Three kinds of "no":
#   - TransitionRefused(reasons): not allowed now, or not for you; reasons are sentences to show.
#   - EditConflict: an application draft was saved by someone else since you loaded it.
#   - ValidationError: the input itself is wrong (empty comment, bad file), as from a form.


class EditConflict(Exception):
    """The application was saved by someone else after the editor loaded it. Nothing was saved;
    `current` is the application as it is now, so the editor can compare and save again."""

    def __init__(self, current: Application):
        self.current = current
        editor = current.last_edited_by.full_name if current.last_edited_by else _("Someone else")
        self.message = _(
            "%(name)s saved a newer version of the application at %(time)s while you were editing. "
            "Your changes have not been saved: compare them with the current version and save again."
        ) % {"name": editor, "time": date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT")}
        super().__init__(self.message)


@dataclass(frozen=True)
class PlannedRoundData:
    """One planned round as typed into the application form; any field may still be empty in a draft."""

    direction: str = ""
    participants: int | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    budget: Decimal | None = None


def _changed_by_someone_else(case: Partnership) -> str:
    return _(
        "Someone else changed this case while you were working on it (it is now in the “%(phase)s” phase). "
        "Reload the page to see the change, then try again."
    ) % {"phase": case.get_phase_display()}


def _lock_case(case: Partnership, *, check_revision: bool = True) -> Partnership:
    """Lock and re-read the case.

    With check_revision, a case that went through a transition, or whose application draft was
    saved, since `case` was read is refused: the user decided on a page that no longer shows the
    truth. (A view can carry the revision its page showed in a hidden field and set it on the
    instance, to catch changes across page loads.)"""
    fresh = Partnership.objects.select_for_update().select_related("adviser").get(pk=case.pk)
    if check_revision and fresh.revision != case.revision:
        raise TransitionRefused([_changed_by_someone_else(fresh)])
    return fresh


def _lock_application(application: Application, *, check_revision: bool = True) -> Application:
    # Always the case first, then its application: one lock order, so two actions cannot deadlock.
    case = _lock_case(application.partnership, check_revision=check_revision)
    fresh = Application.objects.select_for_update().get(pk=application.pk)
    fresh.partnership = case  # the locked copy, so the checks read what we hold
    return fresh


def _require(reasons) -> None:
    if reasons:
        raise TransitionRefused(reasons)


def _take_transition(instance, name: str, by: User, *args) -> tuple[str, str]:
    """Check, run and save one FSM transition; returns (from_state, to_state)."""
    from_state, to_state = take_transition(instance, name, by, *args, wrong_state=wrong_state)
    case = instance if isinstance(instance, Partnership) else instance.partnership
    case.revision += 1
    if case is not instance:
        _save(instance)
    _save(case)
    return from_state, to_state


def _save(instance, *, update_fields: Sequence[str] | None = None) -> None:
    try:
        instance.save(update_fields=update_fields)
    except ConcurrentTransition as error:
        # Only reachable if something saved the row without our lock; still, never a 500.
        raise TransitionRefused(
            [_("Someone else changed this case at the same moment. Reload the page to see the change, then try again.")]
        ) from error


def _require_text(text: str, message) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(message, code="required")
    return text


def _original_name(upload) -> str:
    return PurePath(upload.name or "").name[:255]


def create_partnership(
    *,
    name: str,
    organisations: Sequence[PartnerOrganisation],
    coordinating: PartnerOrganisation,
    adviser: User,
    by: User,
) -> Partnership:
    """Open a case in the pre-study phase, with its partners and the coordinating partner."""
    if not can_open_cases(by):
        raise TransitionRefused([_("Only programme advisers may open a partnership case.")])
    name = _require_text(name, _("Give the partnership a name."))
    organisations = list({organisation.pk: organisation for organisation in organisations}.values())
    if len(organisations) < 2:
        raise ValidationError(_("A partnership needs at least two partner organisations."), code="too_few")
    if coordinating.pk not in {organisation.pk for organisation in organisations}:
        raise ValidationError(_("The coordinating partner must be one of the partner organisations."))
    if all(organisation.is_north for organisation in organisations):
        raise ValidationError(_("A partnership needs at least one partner outside Norway."))
    if not (adviser.is_active and adviser.is_adviser):
        raise ValidationError(_("%(name)s is not a programme adviser.") % {"name": adviser.full_name})
    with transaction.atomic():
        case = Partnership.objects.create(name=name, adviser=adviser)
        Partner.objects.bulk_create(
            Partner(partnership=case, organisation=organisation, is_coordinating=organisation.pk == coordinating.pk)
            for organisation in organisations
        )
        record_case_event(
            case,
            action=CaseEvent.CREATED,
            by=by,
            to_state=case.phase,
            data={
                "organisations": [organisation.name for organisation in organisations],
                "coordinating": coordinating.name,
                "adviser": adviser.email,
            },
        )
    return case


# --- Pre-study ---


def add_seminar_representative(
    case: Partnership,
    *,
    organisation: PartnerOrganisation,
    full_name: str,
    seminar_date: date,
    email: str = "",
    by: User,
) -> SeminarRepresentative:
    full_name = _require_text(full_name, _("Give the representative's name."))
    with transaction.atomic():
        case = _lock_case(case, check_revision=False)
        _require(refusal_reasons(case, CaseAction.RECORD_PRE_STUDY, by, organisation=organisation))
        representative = SeminarRepresentative.objects.create(
            partnership=case, organisation=organisation, full_name=full_name, email=email, seminar_date=seminar_date
        )
        record_case_event(
            case,
            action=CaseEvent.REPRESENTATIVE_ADDED,
            by=by,
            comment=f"{full_name} ({organisation.name})",
            data={"representative_id": representative.pk, "organisation_id": organisation.pk},
        )
    return representative


def remove_seminar_representative(representative: SeminarRepresentative, *, by: User) -> None:
    with transaction.atomic():
        case = _lock_case(representative.partnership, check_revision=False)
        _require(refusal_reasons(case, CaseAction.RECORD_PRE_STUDY, by, organisation=representative.organisation))
        representative.delete()
        record_case_event(
            case,
            action=CaseEvent.REPRESENTATIVE_REMOVED,
            by=by,
            comment=f"{representative.full_name} ({representative.organisation.name})",
        )


def record_partner_meeting(
    case: Partnership,
    *,
    date: date,
    place: str,
    participants: str,
    minutes: UploadedFile | None = None,
    by: User,
) -> PartnerMeeting:
    """Record (or correct) the partner meeting; the minutes may come now or in a later call."""
    place = _require_text(place, _("Say where the partner meeting took place."))
    participants = _require_text(participants, _("List who took part in the partner meeting."))
    if minutes is not None:
        validate_document(minutes)
    with transaction.atomic():
        case = _lock_case(case, check_revision=False)
        _require(refusal_reasons(case, CaseAction.RECORD_PRE_STUDY, by))
        meeting = PartnerMeeting.objects.filter(partnership=case).first() or PartnerMeeting(partnership=case)
        meeting.date, meeting.place, meeting.participants = date, place, participants
        if minutes is not None:
            meeting.minutes = minutes
            meeting.minutes_filename = _original_name(minutes)
        meeting.save()
        record_case_event(
            case,
            action=CaseEvent.MEETING_RECORDED,
            by=by,
            comment=f"{date:%Y-%m-%d}, {place}",
            data={"meeting_id": meeting.pk},
        )
        if minutes is not None:
            record_case_event(case, action=CaseEvent.MINUTES_UPLOADED, by=by, comment=meeting.minutes_filename)
    return meeting


# --- Application ---


def start_application(case: Partnership, *, by: User) -> Application:
    """Close the pre-study and open the application, with an empty goals entry per organisation."""
    with transaction.atomic():
        case = _lock_case(case)
        from_state, to_state = _take_transition(case, "start_application", by)
        application, _created = Application.objects.get_or_create(partnership=case)
        ApplicationOrganisationGoal.objects.bulk_create(
            [ApplicationOrganisationGoal(application=application, organisation=o) for o in case.organisations.all()],
            ignore_conflicts=True,
        )
        record_case_event(case, action=CaseEvent.APPLICATION_STARTED, by=by, from_state=from_state, to_state=to_state)
    return application


def save_application_draft(
    application: Application,
    *,
    common_goals: str,
    cooperation: str,
    budget_total: Decimal | None,
    organisation_goals: Mapping[int, str],
    rounds: Sequence[PlannedRoundData],
    expected_version: int,
    by: User,
) -> Application:
    """Save the whole draft (goals per organisation id, rounds replaced in the given order).

    `expected_version` is the version the editor loaded; if someone saved since, EditConflict is
    raised and nothing changes, so the caller can show both versions and keep what was typed.
    The case's revision goes up, so a Submit from a page older than this save is refused."""
    with transaction.atomic():
        application = _lock_application(application, check_revision=False)
        case = application.partnership
        _require(refusal_reasons(case, CaseAction.EDIT_APPLICATION, by))
        if application.version != expected_version:
            raise EditConflict(application)
        goals = {goal.organisation_id: goal for goal in application.organisation_goals.all()}
        unknown = set(organisation_goals) - set(goals)
        if unknown:
            raise ValidationError(_("Goals can only be given for the partnership's own organisations."))
        for organisation_id, text in organisation_goals.items():
            goals[organisation_id].goals = text.strip()
        ApplicationOrganisationGoal.objects.bulk_update(goals.values(), ["goals"])
        application.rounds.all().delete()
        PlannedRound.objects.bulk_create(
            PlannedRound(application=application, number=number, **asdict(planned))
            for number, planned in enumerate(rounds, start=1)
        )
        application.common_goals = common_goals.strip()
        application.cooperation = cooperation.strip()
        application.budget_total = budget_total
        application.version += 1
        application.last_edited_by = by
        _save(application)
        # The content changed: a Submit from a page loaded before this save would send what its
        # sender has not seen, so pages older than this save are refused like after a transition.
        case.revision += 1
        _save(case, update_fields=["revision"])
        record_case_event(case, action=CaseEvent.APPLICATION_DRAFT_SAVED, by=by, data={"version": application.version})
    return application


def submit_application(application: Application, *, by: User) -> Application:
    with transaction.atomic():
        application = _lock_application(application)
        from_state, to_state = _take_transition(application, "submit", by)
        record_case_event(
            application.partnership,
            action=CaseEvent.APPLICATION_SUBMITTED,
            by=by,
            from_state=from_state,
            to_state=to_state,
        )
    return application


def return_application(application: Application, *, comment: str, by: User) -> Application:
    """Send the application back to the partners with the adviser's comments on what to revise."""
    comment = _require_text(comment, _("Say what the partners should revise."))
    with transaction.atomic():
        application = _lock_application(application)
        from_state, to_state = _take_transition(application, "return_for_revision", by, comment)
        record_case_event(
            application.partnership,
            action=CaseEvent.APPLICATION_RETURNED,
            by=by,
            from_state=from_state,
            to_state=to_state,
            comment=comment,
        )
    return application


def approve_application(application: Application, *, comment: str = "", by: User) -> Agreement:
    """Approve, and make the collaboration agreement from the application's content for signing."""
    with transaction.atomic():
        application = _lock_application(application)
        from_state, to_state = _take_transition(application, "approve", by)
        case = application.partnership
        record_case_event(
            case,
            action=CaseEvent.APPLICATION_APPROVED,
            by=by,
            from_state=from_state,
            to_state=to_state,
            comment=comment,
        )
        agreement = _make_agreement(application)
        record_case_event(case, action=CaseEvent.AGREEMENT_CREATED, by=by, data={"agreement_id": agreement.pk})
    return agreement


def _make_agreement(application: Application) -> Agreement:
    planned = list(application.rounds.all())
    goals = application.organisation_goals.select_related("organisation")
    agreement = Agreement.objects.create(
        partnership=application.partnership,
        application=application,
        period_start=min(r.planned_start for r in planned),
        period_end=max(r.planned_end for r in planned),
        common_goals=application.common_goals,
        cooperation=application.cooperation,
        organisation_goals=[
            {
                "organisation_id": goal.organisation_id,
                "organisation": goal.organisation.name,
                "country": goal.organisation.country.code,
                "goals": goal.goals,
            }
            for goal in goals
        ],
        budget_total=application.budget_total,
    )
    AgreementRound.objects.bulk_create(
        AgreementRound(
            agreement=agreement,
            number=r.number,
            direction=r.direction,
            participants=r.participants,
            planned_start=r.planned_start,
            planned_end=r.planned_end,
            budget=r.budget,
        )
        for r in planned
    )
    return agreement


def decline_application(application: Application, *, comment: str, by: User) -> Application:
    """Turn the application down; the case ends as declined. The comment gives the grounds."""
    comment = _require_text(comment, _("Give the grounds for declining the application."))
    with transaction.atomic():
        application = _lock_application(application)
        case = application.partnership
        from_status, to_status = _take_transition(application, "decline", by, comment)
        from_phase, to_phase = _take_transition(case, "decline", by)
        record_case_event(
            case,
            action=CaseEvent.APPLICATION_DECLINED,
            by=by,
            from_state=from_status,
            to_state=to_status,
            comment=comment,
        )
        record_case_event(case, action=CaseEvent.DECLINED, by=by, from_state=from_phase, to_state=to_phase)
    return application


# --- Collaboration agreement ---


def sign_agreement(
    agreement: Agreement,
    *,
    organisation: PartnerOrganisation,
    by: User,
    signed_copy: UploadedFile | None = None,
) -> AgreementSignature:
    """Record one organisation's signature: a contact's confirmation, or an uploaded signed copy
    (the adviser may upload one received on paper). The last signature starts the exchange."""
    if signed_copy is not None:
        validate_signed_copy(signed_copy)
    with transaction.atomic():
        # Signatures of different organisations do not conflict, so an older revision is no reason to refuse.
        case = _lock_case(agreement.partnership, check_revision=False)
        _require(
            refusal_reasons(
                case, CaseAction.SIGN_AGREEMENT, by, organisation=organisation, with_copy=signed_copy is not None
            )
        )
        signature = AgreementSignature(
            agreement=case.agreement,
            organisation=organisation,
            signed_by=by,
            method=SignatureMethod.UPLOAD if signed_copy is not None else SignatureMethod.CONFIRMATION,
        )
        if signed_copy is not None:
            signature.signed_copy = signed_copy
            signature.signed_copy_filename = _original_name(signed_copy)
        signature.save()
        record_case_event(
            case,
            action=CaseEvent.AGREEMENT_SIGNED,
            by=by,
            comment=": ".join(filter(None, [organisation.name, signature.signed_copy_filename])),
            data={"organisation_id": organisation.pk, "method": signature.method},
        )
        if case.agreement.is_signed_by_all:
            from_state, to_state = _take_transition(case, "start_exchange", by)
            record_case_event(case, action=CaseEvent.EXCHANGE_STARTED, by=by, from_state=from_state, to_state=to_state)
    return signature


# --- Exchange and follow-up ---


def mark_exchange_done(case: Partnership, *, round_number: int, by: User) -> AgreementRound:
    """The adviser marks a round's exchange done; when the last one is done, the follow-up starts."""
    with transaction.atomic():
        case = _lock_case(case, check_revision=False)
        _require(refusal_reasons(case, CaseAction.MARK_EXCHANGE_DONE, by, round_number=round_number))
        exchange_round = case.agreement.rounds.select_for_update().get(number=round_number)
        exchange_round.exchange_done_at = timezone.now()
        exchange_round.exchange_done_by = by
        exchange_round.save(update_fields=["exchange_done_at", "exchange_done_by"])
        record_case_event(
            case,
            action=CaseEvent.ROUND_EXCHANGE_DONE,
            by=by,
            comment=str(exchange_round),
            data={"round": exchange_round.number},
        )
        if not case.agreement.rounds.filter(exchange_done_at__isnull=True).exists():
            from_state, to_state = _take_transition(case, "start_follow_up", by)
            record_case_event(case, action=CaseEvent.FOLLOW_UP_STARTED, by=by, from_state=from_state, to_state=to_state)
    return exchange_round


def submit_final_report(case: Partnership, *, text: str, attachment: UploadedFile, by: User) -> FollowUpReport:
    text = _require_text(text, _("Write the final report."))
    if attachment is None:
        raise ValidationError(_("Attach the final report document."), code="required")
    validate_document(attachment)
    with transaction.atomic():
        case = _lock_case(case, check_revision=False)
        _require(refusal_reasons(case, CaseAction.SUBMIT_FINAL_REPORT, by))
        report = FollowUpReport.objects.create(
            partnership=case,
            text=text,
            attachment=attachment,
            attachment_filename=_original_name(attachment),
            submitted_by=by,
        )
        record_case_event(
            case,
            action=CaseEvent.FINAL_REPORT_SUBMITTED,
            by=by,
            comment=report.attachment_filename,
            data={"report_id": report.pk},
        )
    return report


def _lock_pending_report(case: Partnership) -> FollowUpReport:
    return case.final_reports.select_for_update().get(status=FinalReportStatus.SUBMITTED)


def return_final_report(case: Partnership, *, comment: str, by: User) -> FollowUpReport:
    comment = _require_text(comment, _("Say what the partners should revise in the report."))
    with transaction.atomic():
        case = _lock_case(case, check_revision=False)
        _require(refusal_reasons(case, CaseAction.RETURN_FINAL_REPORT, by))
        report = _lock_pending_report(case)
        report.status = FinalReportStatus.RETURNED
        report.adviser_comment = comment
        report.decided_at = timezone.now()
        report.save(update_fields=["status", "adviser_comment", "decided_at"])
        record_case_event(
            case, action=CaseEvent.FINAL_REPORT_RETURNED, by=by, comment=comment, data={"report_id": report.pk}
        )
    return report


def accept_final_report(case: Partnership, *, comment: str = "", by: User) -> FollowUpReport:
    """Accept the final report, which completes the case."""
    with transaction.atomic():
        case = _lock_case(case, check_revision=False)
        _require(refusal_reasons(case, CaseAction.ACCEPT_FINAL_REPORT, by))
        report = _lock_pending_report(case)
        report.status = FinalReportStatus.ACCEPTED
        report.adviser_comment = comment.strip()
        report.decided_at = timezone.now()
        report.save(update_fields=["status", "adviser_comment", "decided_at"])
        record_case_event(
            case, action=CaseEvent.FINAL_REPORT_ACCEPTED, by=by, comment=comment, data={"report_id": report.pk}
        )
        from_state, to_state = _take_transition(case, "complete", by)
        record_case_event(case, action=CaseEvent.COMPLETED, by=by, from_state=from_state, to_state=to_state)
        report.partnership = case
    return report


# --- Leaving early, and comments ---


def withdraw(case: Partnership, *, comment: str = "", by: User) -> Partnership:
    """The partners withdraw, in the pre-study or before their application is approved."""
    with transaction.atomic():
        case = _lock_case(case)
        from_state, to_state = _take_transition(case, "withdraw", by)
        record_case_event(
            case, action=CaseEvent.WITHDRAWN, by=by, from_state=from_state, to_state=to_state, comment=comment
        )
    return case


def terminate(case: Partnership, *, reason: str, by: User) -> Partnership:
    """The adviser ends an open case early; the reason is kept on the case and in the timeline."""
    reason = _require_text(reason, _("Give the reason for ending the partnership."))
    with transaction.atomic():
        case = _lock_case(case)
        from_state, to_state = _take_transition(case, "terminate", by, reason)
        record_case_event(
            case, action=CaseEvent.TERMINATED, by=by, from_state=from_state, to_state=to_state, comment=reason
        )
    return case


def add_comment(case: Partnership, *, text: str, by: User) -> AuditEvent:
    text = _require_text(text, _("Write a comment."))
    _require(refusal_reasons(case, CaseAction.COMMENT, by))
    return record_case_event(case, action=CaseEvent.COMMENT, by=by, comment=text)
