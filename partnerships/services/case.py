"""Opening a case, leaving it early, and comments."""

from collections.abc import Sequence
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from norec.core.idempotency import claim_submission, record_result
from norec.core.limits import COMMENT_MAX_LENGTH, check_length
from norec.core.models import AuditEvent, User
from partnerships import signals
from partnerships.events import CaseEvent
from partnerships.models import (
    Partner,
    PartnerOrganisation,
    Partnership,
)
from partnerships.notifications import record_case_event
from partnerships.permissions import CaseAction, open_case_refusals, refusal_reasons
from partnerships.services.locking import (
    lock_case,
    require,
    require_text,
    take_case_transition,
)

NAME_MAX_LENGTH = 200  # Partnership.name


def create_partnership(
    *,
    name: str,
    organisations: Sequence[PartnerOrganisation],
    coordinating: PartnerOrganisation,
    adviser: User,
    submission: UUID | None = None,
    by: User,
    language: str = "en",
) -> Partnership:
    """Open a case in the pre-study phase, with its partners and the coordinating partner.

    `submission` is the form's token: sent again, it raises AlreadySubmitted and opens nothing."""
    require(open_case_refusals(by))
    name = require_text(name, _("Give the partnership a name."), max_length=NAME_MAX_LENGTH)
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
        claim = claim_submission(submission, by=by)
        case = Partnership.objects.create(name=name, adviser=adviser, language=language)
        record_result(claim, case.pk)
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


# --- Leaving early, and comments ---


def withdraw(case: Partnership, *, comment: str = "", expected_revision: int | None = None, by: User) -> Partnership:
    """The partners withdraw, in the pre-study or before their application is approved."""
    check_length(comment, COMMENT_MAX_LENGTH)
    with transaction.atomic():
        case = lock_case(case, expected_revision=expected_revision)
        from_state, to_state = take_case_transition(case, "withdraw", by)
        record_case_event(
            case, action=CaseEvent.WITHDRAWN, by=by, from_state=from_state, to_state=to_state, comment=comment
        )
    return case


def terminate(case: Partnership, *, reason: str, expected_revision: int | None = None, by: User) -> Partnership:
    """The adviser ends an open case early; the reason is kept on the case and in the timeline."""
    reason = require_text(reason, _("Give the reason for ending the partnership."))
    with transaction.atomic():
        case = lock_case(case, expected_revision=expected_revision)
        from_state, to_state = take_case_transition(case, "terminate", by, reason)
        signals.case_ended.send(sender=Partnership, case=case, reason=reason, by=by)  # first: what follows
        record_case_event(
            case, action=CaseEvent.TERMINATED, by=by, from_state=from_state, to_state=to_state, comment=reason
        )
    return case


def add_comment(
    case: Partnership,
    *,
    text: str,
    expected_revision: int | None = None,
    submission: UUID | None = None,
    by: User,
) -> AuditEvent:
    """A comment on the timeline. From a stale page it is refused like any action: it may answer
    a question the case has moved past. The same form sent twice adds it once (AlreadySubmitted)."""
    text = require_text(text, _("Write a comment."))
    with transaction.atomic():
        case = lock_case(case, expected_revision=expected_revision)
        require(refusal_reasons(case, CaseAction.COMMENT, by))
        claim = claim_submission(submission, by=by)
        event = record_case_event(case, action=CaseEvent.COMMENT, by=by, comment=text)
        record_result(claim, event.pk)
        return event
