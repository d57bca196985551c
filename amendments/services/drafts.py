"""Drafting an amendment: started from today's values of the agreement (B03) or a round (C05),
changed while the partners draft it, with supporting documents. Each function locks (case, then
amendment), checks, acts and records on the case's timeline, in one transaction."""

from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from amendments import permissions
from amendments.changes import changed_keys
from amendments.events import AmendmentEvent
from amendments.models import MAX_DOCUMENTS, Amendment, AmendmentDocument, AmendmentKind
from amendments.selectors import current_values, open_amendment_for
from amendments.services.locking import lock_amendment
from amendments.validation import proposal_errors
from norec.core.fsm import TransitionRefused
from norec.core.idempotency import claim_submission, record_result
from norec.core.limits import LONG_TEXT_MAX_LENGTH, check_length
from norec.core.models import User
from partnerships.models import Partnership
from partnerships.notifications import record_case_event
from partnerships.services.locking import original_name


def event_data(amendment: Amendment, **more) -> dict:
    return {
        "amendment": amendment.pk,
        "reference": amendment.reference,
        "kind": amendment.kind,
        "round": amendment.exchange_round.number if amendment.exchange_round_id else None,
        **more,
    }


def record(amendment: Amendment, action, by, *, from_state: str = "", comment: str = "", **data):
    return record_case_event(
        amendment.partnership,
        action=action,
        by=by,
        from_state=from_state,
        to_state=amendment.state if from_state else "",
        comment=comment,
        data=event_data(amendment, **data),
    )


def rebased_proposal(amendment: Amendment) -> dict:
    """The amendment's changes laid over today's values: what its form shows. A value another
    amendment changed meanwhile shows as it is now, unless this one changes it too."""
    current = current_values(amendment)
    proposal = dict(current)
    for key in changed_keys(amendment.baseline, amendment.proposal):
        if key in amendment.proposal:
            proposal[key] = amendment.proposal[key]
        else:
            proposal.pop(key, None)
    return proposal


def _check(amendment: Amendment, proposal: dict) -> None:
    if not changed_keys(amendment.baseline, proposal):
        raise ValidationError(_("The amendment changes nothing yet: change at least one value."))
    errors = proposal_errors(amendment, proposal)
    if errors:
        raise ValidationError(errors)


def start_amendment(
    case: Partnership,
    *,
    kind: str,
    proposal: dict,
    justification: str,
    effective_on: date,
    by: User,
    exchange_round=None,
    invite_name: str = "",
    invite_email: str = "",
    submission: UUID | None = None,
) -> Amendment:
    """A draft of a B03 (the agreement) or a C05 (`exchange_round`), against today's values."""
    justification = check_length(justification.strip(), LONG_TEXT_MAX_LENGTH)
    with transaction.atomic():
        claim = claim_submission(submission, by=by)
        case = Partnership.objects.select_for_update().select_related("adviser").get(pk=case.pk)
        if exchange_round is not None:
            exchange_round = type(exchange_round).objects.select_for_update().get(pk=exchange_round.pk)
            exchange_round.agreement.partnership = case
        amendment = Amendment(
            partnership=case,
            kind=kind,
            exchange_round=exchange_round if kind == AmendmentKind.C05 else None,
            justification=justification,
            effective_on=effective_on,
            invite_name=invite_name.strip()[:200] if kind == AmendmentKind.B03 else "",
            invite_email=invite_email.strip().lower() if kind == AmendmentKind.B03 else "",
            created_by=by,
        )
        reasons = permissions.start_refusal_reasons(amendment, by)
        if reasons:
            raise TransitionRefused(reasons)
        amendment.baseline = current_values(amendment)
        amendment.proposal = proposal
        _check(amendment, proposal)
        try:
            with transaction.atomic():
                amendment.save()
        except IntegrityError:  # another open one of the kind was made meanwhile (the constraint's word)
            open_one = open_amendment_for(case, kind=kind, exchange_round=exchange_round)
            raise TransitionRefused([permissions.already_open(open_one)]) from None
        record_result(claim, amendment.pk)
        record(amendment, AmendmentEvent.STARTED, by, changes=len(changed_keys(amendment.baseline, proposal)))
    return amendment


def save_amendment(
    amendment: Amendment,
    *,
    proposal: dict,
    justification: str,
    effective_on: date,
    by: User,
    invite_name: str = "",
    invite_email: str = "",
    expected_revision: int | None = None,
) -> Amendment:
    """Save what a draft (or a returned amendment) asks for, against today's values."""
    justification = check_length(justification.strip(), LONG_TEXT_MAX_LENGTH)
    with transaction.atomic():
        amendment = lock_amendment(amendment, expected_revision=expected_revision)
        reasons = permissions.edit_refusal_reasons(amendment, by)
        if reasons:
            raise TransitionRefused(reasons)
        amendment.justification, amendment.effective_on = justification, effective_on
        if amendment.kind == AmendmentKind.B03:
            amendment.invite_name, amendment.invite_email = invite_name.strip()[:200], invite_email.strip().lower()
        amendment.baseline = current_values(amendment)
        amendment.proposal = proposal
        _check(amendment, proposal)
        amendment.revision += 1
        amendment.save()
        record(amendment, AmendmentEvent.CHANGED, by, changes=len(changed_keys(amendment.baseline, proposal)))
    return amendment


def add_document(amendment: Amendment, *, upload, by: User, expected_revision: int | None = None) -> AmendmentDocument:
    with transaction.atomic():
        amendment = lock_amendment(amendment, expected_revision=expected_revision)
        reasons = permissions.edit_refusal_reasons(amendment, by)
        if reasons:
            raise TransitionRefused(reasons)
        if amendment.documents.count() >= MAX_DOCUMENTS:
            raise ValidationError(
                _("An amendment takes at most %(count)s documents: remove one first.") % {"count": MAX_DOCUMENTS}
            )
        document = AmendmentDocument(amendment=amendment, file=upload, filename=original_name(upload), uploaded_by=by)
        try:
            document.full_clean(exclude=["amendment", "uploaded_by"])
        except ValidationError as error:  # said of the upload field, whatever the model calls it
            raise ValidationError(error.messages) from error
        document.save()
        amendment.revision += 1
        amendment.save(update_fields=["revision"])
        record(amendment, AmendmentEvent.DOCUMENT_ADDED, by, document=document.filename)
    return document


def remove_document(document: AmendmentDocument, *, by: User, expected_revision: int | None = None) -> Amendment:
    with transaction.atomic():
        amendment = lock_amendment(document.amendment, expected_revision=expected_revision)
        reasons = permissions.edit_refusal_reasons(amendment, by)
        if reasons:
            raise TransitionRefused(reasons)
        document = AmendmentDocument.objects.get(pk=document.pk, amendment=amendment)
        name = document.filename
        document.delete()
        amendment.revision += 1
        amendment.save(update_fields=["revision"])
        record(amendment, AmendmentEvent.DOCUMENT_REMOVED, by, document=name)
    return amendment
