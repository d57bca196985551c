"""The round reports (C06 results, C04 accounts) and the end of a round: submit, return or
accept a report; a round whose two reports are accepted is reported, and the adviser closes it.
Each function locks the case first (partnerships' lock order), then the round, then the report."""

from decimal import Decimal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.events import RoundEvent
from exchanges.models import (
    BudgetLine,
    ExchangeRound,
    ReportKind,
    RoundBudgetLine,
    RoundReport,
    activity_cap_reasons,
    both_reports_accepted,
    round_agreement_gaps,
    round_budget_reasons,
)
from exchanges.permissions import (
    approve_agreement_refusal_reasons,
    budget_refusal_reasons,
    close_refusal_reasons,
    decide_report_refusal_reasons,
    report_wrong_state,
    submit_report_refusal_reasons,
    wrong_state,
)
from norec.core.fsm import take_transition
from norec.core.idempotency import claim_submission, record_result
from norec.core.limits import (
    COMMENT_MAX_LENGTH,
    LONG_TEXT_MAX_LENGTH,
    REPORT_MAX_LENGTH,
    check_amount,
    check_length,
)
from norec.core.models import User
from norec.core.uploads import validate_document
from partnerships.notifications import record_case_event
from partnerships.services.locking import lock_case, original_name, require, require_text, save_guarded


def _lock_round(exchange_round: ExchangeRound, expected_revision: int | None) -> ExchangeRound:
    case = lock_case(exchange_round.agreement.partnership, expected_revision=expected_revision)
    locked = ExchangeRound.objects.select_for_update().select_related("agreement").get(pk=exchange_round.pk)
    locked.agreement.partnership = case
    return locked


def submit_round_report(
    exchange_round: ExchangeRound,
    *,
    kind: str,
    text: str,
    actuals: dict[str, Decimal] | None = None,
    attachment: UploadedFile | None = None,
    expected_revision: int | None = None,
    submission: UUID | None = None,
    by: User,
) -> RoundReport:
    """A partner contact submits the round's results report, or its financial report with the
    actual amount of every budget line. The same form sent twice raises AlreadySubmitted."""
    kind = ReportKind(kind)
    text = require_text(text, _("Write the report."), max_length=REPORT_MAX_LENGTH)
    amounts = {}
    if kind == ReportKind.FINANCIAL:
        amounts = {line: (actuals or {}).get(line) for line in BudgetLine.values}
        if any(amount is None or amount < 0 for amount in amounts.values()):
            raise ValidationError(_("Give the actual amount of every budget line (0 where nothing was spent)."))
        for line, amount in amounts.items():
            check_amount(amount, label=BudgetLine(line).label)
    if attachment is not None:
        validate_document(attachment)
    with transaction.atomic():
        exchange_round = _lock_round(exchange_round, expected_revision)
        claim = claim_submission(submission, by=by)  # before the checks: a second click is answered, not refused
        require(submit_report_refusal_reasons(exchange_round, kind, by))
        report = RoundReport.objects.create(
            exchange_round=exchange_round,
            kind=kind,
            text=text,
            actuals={line: str(amount) for line, amount in amounts.items()},
            attachment=attachment or "",
            attachment_filename=original_name(attachment) if attachment else "",
            submitted_by=by,
        )
        record_result(claim, report.pk)
        record_case_event(
            exchange_round.partnership,
            action=RoundEvent.REPORT_SUBMITTED,
            by=by,
            data={"round": exchange_round.number, "report_id": report.pk, "kind": kind.value},
        )
    return report


def _lock_report(report: RoundReport, expected_revision: int | None) -> RoundReport:
    exchange_round = _lock_round(report.exchange_round, expected_revision)
    locked = RoundReport.objects.select_for_update().get(pk=report.pk)
    locked.exchange_round = exchange_round
    return locked


def return_round_report(
    report: RoundReport, *, comment: str, expected_revision: int | None = None, by: User
) -> RoundReport:
    comment = require_text(comment, _("Say what the partners should revise in the report."))
    with transaction.atomic():
        report = _lock_report(report, expected_revision)
        require(decide_report_refusal_reasons(report, "return_for_revision", by))
        take_transition(report, "return_for_revision", by, comment, wrong_state=report_wrong_state)
        save_guarded(report)
        _record_decision(report, RoundEvent.REPORT_RETURNED, by, comment)
    return report


def accept_round_report(
    report: RoundReport, *, comment: str = "", expected_revision: int | None = None, by: User
) -> RoundReport:
    """Accept a round report. The financial report's amounts become the budget lines' actuals;
    with both reports accepted, the round is reported."""
    check_length(comment.strip(), COMMENT_MAX_LENGTH)
    with transaction.atomic():
        report = _lock_report(report, expected_revision)
        require(decide_report_refusal_reasons(report, "accept", by))
        take_transition(report, "accept", by, comment.strip(), wrong_state=report_wrong_state)
        save_guarded(report)
        if report.kind == ReportKind.FINANCIAL:
            for line, amount in report.actual_amounts().items():
                RoundBudgetLine.objects.update_or_create(
                    exchange_round=report.exchange_round, line=line, defaults={"actual": amount}
                )
        _record_decision(report, RoundEvent.REPORT_ACCEPTED, by, comment.strip())
        exchange_round = report.exchange_round
        if not both_reports_accepted.reasons(exchange_round):
            from_state, to_state = take_transition(exchange_round, "mark_reported", by, by, wrong_state=wrong_state)
            save_guarded(exchange_round)
            _record_round(exchange_round, RoundEvent.REPORTED, by, from_state, to_state)
    return report


def close_round(exchange_round: ExchangeRound, *, expected_revision: int | None = None, by: User) -> ExchangeRound:
    """The adviser closes a reported round: nothing more is expected of it."""
    with transaction.atomic():
        exchange_round = _lock_round(exchange_round, expected_revision)
        require(close_refusal_reasons(exchange_round, by))
        from_state, to_state = take_transition(exchange_round, "close", by, by, wrong_state=wrong_state)
        save_guarded(exchange_round)
        _record_round(exchange_round, RoundEvent.CLOSED, by, from_state, to_state)
    return exchange_round


def _record_decision(report: RoundReport, action, by: User, comment: str) -> None:
    exchange_round = report.exchange_round
    record_case_event(
        exchange_round.partnership,
        action=action,
        by=by,
        comment=comment,  # the adviser's words; the round and the report are told from the data
        data={"round": exchange_round.number, "report_id": report.pk, "kind": report.kind},
    )


def _record_round(exchange_round: ExchangeRound, action, by: User, from_state: str, to_state: str) -> None:
    record_case_event(
        exchange_round.partnership,
        action=action,
        by=by,
        from_state=from_state,
        to_state=to_state,
        data={"round": exchange_round.number},
    )


def set_round_agreement(
    exchange_round: ExchangeRound,
    *,
    activities: str,
    contribution: str,
    planned: dict[str, Decimal],
    expected_revision: int | None = None,
    by: User,
) -> ExchangeRound:
    """The round agreement: what the participants will do and how it serves the expected results
    (C01), and the budget by line (C02) within the cap on participant activities and within the
    budget the collaboration agreement gives the round."""
    amounts = {line: Decimal(planned.get(line) or 0) for line in BudgetLine.values}
    if any(amount < 0 for amount in amounts.values()):
        raise ValidationError(_("A budget line cannot be negative."))
    for line, amount in amounts.items():
        check_amount(amount, label=BudgetLine(line).label)
    for text in (activities, contribution):
        check_length(text.strip(), LONG_TEXT_MAX_LENGTH)
    cap = activity_cap_reasons(amounts)
    if cap:
        raise ValidationError(cap, code="activity_cap")
    with transaction.atomic():
        exchange_round = _lock_round(exchange_round, expected_revision)
        require(budget_refusal_reasons(exchange_round, by))
        over = round_budget_reasons(amounts, budget=exchange_round.budget, number=exchange_round.number)
        if over:
            raise ValidationError(over, code="round_budget")
        for line, amount in amounts.items():
            RoundBudgetLine.objects.update_or_create(
                exchange_round=exchange_round, line=line, defaults={"planned": amount}
            )
        was_approved = exchange_round.agreement_approved_at is not None
        exchange_round.activities, exchange_round.contribution = activities.strip(), contribution.strip()
        # What the adviser approved has changed: it needs the approval again.
        exchange_round.agreement_approved_at = exchange_round.agreement_approved_by = None
        exchange_round.agreement_ready_at = None if round_agreement_gaps(exchange_round) else timezone.now()
        save_guarded(
            exchange_round,
            update_fields=[
                "activities",
                "contribution",
                "agreement_ready_at",
                "agreement_approved_at",
                "agreement_approved_by",
            ],
        )
        record_case_event(
            exchange_round.partnership,
            # The adviser and the other partners hear of a change to what was approved.
            action=RoundEvent.AGREEMENT_REOPENED if was_approved else RoundEvent.AGREEMENT_SET,
            by=by,
            data={
                "round": exchange_round.number,
                "planned": {line: str(a) for line, a in amounts.items()},
                "approval_withdrawn": was_approved,  # the timeline says it needs the approval again
            },
        )
    return exchange_round


def approve_round_agreement(
    exchange_round: ExchangeRound, *, expected_revision: int | None = None, by: User
) -> ExchangeRound:
    """The adviser approves the round agreement (C01 and C02) as it stands."""
    with transaction.atomic():
        exchange_round = _lock_round(exchange_round, expected_revision)
        require(approve_agreement_refusal_reasons(exchange_round, by))
        exchange_round.agreement_approved_at, exchange_round.agreement_approved_by = timezone.now(), by
        save_guarded(exchange_round, update_fields=["agreement_approved_at", "agreement_approved_by"])
        record_case_event(
            exchange_round.partnership,
            action=RoundEvent.AGREEMENT_APPROVED,
            by=by,
            data={"round": exchange_round.number},
        )
    return exchange_round
