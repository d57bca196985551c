"""The end of the exchange and the final follow-up report."""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from norec.core.idempotency import claim_submission, record_result
from norec.core.limits import COMMENT_MAX_LENGTH, REPORT_MAX_LENGTH, check_length
from norec.core.models import User
from norec.core.uploads import validate_document
from partnerships.events import CaseEvent
from partnerships.models import (
    FinalReportStatus,
    FollowUpReport,
    Partnership,
)
from partnerships.notifications import record_case_event
from partnerships.permissions import CaseAction, refusal_reasons
from partnerships.services.locking import (
    lock_case,
    original_name,
    require,
    require_text,
    take_case_transition,
    take_report_transition,
)
from partnerships.signals import case_completed

# --- Exchange and follow-up ---


def start_follow_up(case: Partnership, *, by: User) -> Partnership:
    """Move the case from the exchange to the follow-up, once every exchange gate says the exchange
    is finished (exchanges calls this when the adviser marks the last round done)."""
    with transaction.atomic():
        case = lock_case(case)
        from_state, to_state = take_case_transition(case, "start_follow_up", by)
        record_case_event(case, action=CaseEvent.FOLLOW_UP_STARTED, by=by, from_state=from_state, to_state=to_state)
    return case


def submit_final_report(
    case: Partnership,
    *,
    text: str,
    attachment: UploadedFile,
    expected_revision: int | None = None,
    submission: UUID | None = None,
    by: User,
) -> FollowUpReport:
    """The partners' final report; the same form sent twice submits it once (AlreadySubmitted)."""
    text = require_text(text, _("Write the final report."), max_length=REPORT_MAX_LENGTH)
    if attachment is None:
        raise ValidationError(_("Attach the final report document."), code="required")
    validate_document(attachment)
    with transaction.atomic():
        case = lock_case(case, expected_revision=expected_revision)
        claim = claim_submission(submission, by=by)  # before the checks: a second click is answered, not refused
        require(refusal_reasons(case, CaseAction.SUBMIT_FINAL_REPORT, by))
        report = FollowUpReport.objects.create(
            partnership=case,
            text=text,
            attachment=attachment,
            attachment_filename=original_name(attachment),
            submitted_by=by,
        )
        record_result(claim, report.pk)
        record_case_event(
            case,
            action=CaseEvent.FINAL_REPORT_SUBMITTED,
            by=by,
            comment=report.attachment_filename,
            data={"report_id": report.pk},
        )
    return report


def _lock_pending_report(case: Partnership, action: CaseAction, by: User) -> FollowUpReport:
    """The submitted report, locked, once `by` may decide on it (the reasons come from its transition)."""
    require(refusal_reasons(case, action, by))
    report = case.final_reports.select_for_update().get(status=FinalReportStatus.SUBMITTED)
    report.partnership = case  # the locked copy, so the transition's conditions read what we hold
    return report


def return_final_report(
    case: Partnership, *, comment: str, expected_revision: int | None = None, by: User
) -> FollowUpReport:
    comment = require_text(comment, _("Say what the partners should revise in the report."))
    with transaction.atomic():
        case = lock_case(case, expected_revision=expected_revision)
        report = _lock_pending_report(case, CaseAction.RETURN_FINAL_REPORT, by)
        take_report_transition(report, "return_for_revision", by, comment)
        record_case_event(
            case, action=CaseEvent.FINAL_REPORT_RETURNED, by=by, comment=comment, data={"report_id": report.pk}
        )
    return report


def accept_final_report(
    case: Partnership, *, comment: str = "", expected_revision: int | None = None, by: User
) -> FollowUpReport:
    """Accept the final report, which completes the case."""
    comment = check_length(comment.strip(), COMMENT_MAX_LENGTH)
    with transaction.atomic():
        case = lock_case(case, expected_revision=expected_revision)
        report = _lock_pending_report(case, CaseAction.ACCEPT_FINAL_REPORT, by)
        take_report_transition(report, "accept", by, comment)
        record_case_event(
            case, action=CaseEvent.FINAL_REPORT_ACCEPTED, by=by, comment=comment, data={"report_id": report.pk}
        )
        from_state, to_state = take_case_transition(case, "complete", by)
        record_case_event(case, action=CaseEvent.COMPLETED, by=by, from_state=from_state, to_state=to_state)
        case_completed.send(sender=Partnership, case=case, by=by)
    return report
