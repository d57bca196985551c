"""The collaboration agreement: made from the approved application, signed by every partner."""

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from norec.core.models import User
from norec.core.uploads import validate_signed_copy
from partnerships.events import CaseEvent
from partnerships.models import (
    Agreement,
    AgreementSignature,
    Application,
    PartnerOrganisation,
    SignatureMethod,
)
from partnerships.notifications import record_case_event
from partnerships.permissions import CaseAction, refusal_reasons
from partnerships.services.locking import (
    lock_case,
    original_name,
    require,
    take_case_transition,
)
from partnerships.signals import agreement_made


def make_agreement(application: Application) -> Agreement:
    """Make the collaboration agreement from the approved application's content. Apps that keep
    per-agreement data (exchanges: its rounds, from the planned rounds) receive agreement_made."""
    planned = list(application.rounds.all())
    goals = application.organisation_goals.select_related("organisation")
    with transaction.atomic():
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
        agreement_made.send(sender=Agreement, agreement=agreement, application=application)
    return agreement


# --- Collaboration agreement ---


def sign_agreement(
    agreement: Agreement,
    *,
    organisation: PartnerOrganisation,
    by: User,
    signed_copy: UploadedFile | None = None,
    expected_revision: int | None = None,
) -> AgreementSignature:
    """Record one organisation's signature: a contact's confirmation, or an uploaded signed copy
    (the adviser may upload one received on paper). The last signature starts the exchange."""
    if signed_copy is not None:
        validate_signed_copy(signed_copy)
    with transaction.atomic():
        # A signature does not raise the revision (only the last one's transition does), so partners
        # signing for different organisations at once do not refuse each other.
        case = lock_case(agreement.partnership, expected_revision=expected_revision)
        require(
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
            signature.signed_copy_filename = original_name(signed_copy)
        signature.save()
        record_case_event(
            case,
            action=CaseEvent.AGREEMENT_SIGNED,
            by=by,
            comment=": ".join(filter(None, [organisation.name, signature.signed_copy_filename])),
            data={"organisation_id": organisation.pk, "method": signature.method},
        )
        if case.agreement.is_signed_by_all:
            from_state, to_state = take_case_transition(case, "start_exchange", by)
            record_case_event(case, action=CaseEvent.EXCHANGE_STARTED, by=by, from_state=from_state, to_state=to_state)
    return signature
