"""The end of the exchange and the final follow-up report."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from norec.core.models import User
from norec.core.uploads import validate_document
from partnerships.events import CaseEvent
from partnerships.models import (
    AgreementRound,
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
)

# --- Exchange and follow-up ---


def mark_exchange_done(case: Partnership, *, round_number: int, by: User) -> AgreementRound:
    """The adviser marks a round's exchange done; when the last one is done, the follow-up starts."""
    with transaction.atomic():
        case = lock_case(case, check_revision=False)
        require(refusal_reasons(case, CaseAction.MARK_EXCHANGE_DONE, by, round_number=round_number))
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
            from_state, to_state = take_case_transition(case, "start_follow_up", by)
            record_case_event(case, action=CaseEvent.FOLLOW_UP_STARTED, by=by, from_state=from_state, to_state=to_state)
    return exchange_round


def submit_final_report(case: Partnership, *, text: str, attachment: UploadedFile, by: User) -> FollowUpReport:
    text = require_text(text, _("Write the final report."))
    if attachment is None:
        raise ValidationError(_("Attach the final report document."), code="required")
    validate_document(attachment)
    with transaction.atomic():
        case = lock_case(case, check_revision=False)
        require(refusal_reasons(case, CaseAction.SUBMIT_FINAL_REPORT, by))
        report = FollowUpReport.objects.create(
            partnership=case,
            text=text,
            attachment=attachment,
            attachment_filename=original_name(attachment),
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
    comment = require_text(comment, _("Say what the partners should revise in the report."))
    with transaction.atomic():
        case = lock_case(case, check_revision=False)
        require(refusal_reasons(case, CaseAction.RETURN_FINAL_REPORT, by))
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
        case = lock_case(case, check_revision=False)
        require(refusal_reasons(case, CaseAction.ACCEPT_FINAL_REPORT, by))
        report = _lock_pending_report(case)
        report.status = FinalReportStatus.ACCEPTED
        report.adviser_comment = comment.strip()
        report.decided_at = timezone.now()
        report.save(update_fields=["status", "adviser_comment", "decided_at"])
        record_case_event(
            case, action=CaseEvent.FINAL_REPORT_ACCEPTED, by=by, comment=comment, data={"report_id": report.pk}
        )
        from_state, to_state = take_case_transition(case, "complete", by)
        record_case_event(case, action=CaseEvent.COMPLETED, by=by, from_state=from_state, to_state=to_state)
        report.partnership = case
    return report
