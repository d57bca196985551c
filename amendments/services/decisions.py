"""An amendment's way through the adviser: submitted by the partners, returned, approved (and
applied, in the same transaction) or rejected by the case's adviser, or withdrawn by the partners."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from amendments import permissions
from amendments.changes import change_record, moved_leg_ids
from amendments.events import AmendmentEvent
from amendments.models import Amendment, AmendmentKind
from amendments.services.apply import apply_amendment
from amendments.services.drafts import rebased_proposal, record
from amendments.services.locking import lock_amendment
from amendments.validation import proposal_errors
from exchanges.models import TAKING_PART, Participant
from norec.core.fsm import TransitionRefused, take_transition
from norec.core.limits import COMMENT_MAX_LENGTH, check_length
from norec.core.models import User
from norec.core.notifications import email_about_event
from norec.core.roles import Role


def _take(amendment: Amendment, name: str, by: User, *args) -> str:
    from_state, _to = take_transition(amendment, name, by, *args, wrong_state=permissions.wrong_state)
    amendment.revision += 1
    amendment.save()
    return from_state


def _reason(reason: str, message) -> str:
    reason = check_length((reason or "").strip(), COMMENT_MAX_LENGTH)
    if not reason:
        raise ValidationError(message, code="required")
    return reason


def _valid_now(amendment: Amendment) -> dict:
    """Its changes laid over today's values, if they can be agreed (else the reasons, refused)."""
    values = rebased_proposal(amendment)
    errors = proposal_errors(amendment, values)
    if errors:
        raise TransitionRefused(errors)
    return values


def submit_amendment(amendment: Amendment, *, by: User, expected_revision: int | None = None) -> Amendment:
    with transaction.atomic():
        amendment = lock_amendment(amendment, expected_revision=expected_revision)
        stale = permissions.stale_reasons(amendment)
        if stale and permissions.is_case_contact(amendment, by):
            raise TransitionRefused(
                [*stale, _("Open the amendment, check it against today's values and save it again.")]
            )
        resubmitted = amendment.submitted_at is not None
        from_state = _take(amendment, "submit", by, timezone.now())
        _valid_now(amendment)
        record(amendment, AmendmentEvent.SUBMITTED, by, from_state=from_state, again=resubmitted)
    return amendment


def withdraw_amendment(amendment: Amendment, *, by: User, expected_revision: int | None = None) -> Amendment:
    with transaction.atomic():
        amendment = lock_amendment(amendment, expected_revision=expected_revision)
        from_state = _take(amendment, "withdraw", by)
        record(amendment, AmendmentEvent.WITHDRAWN, by, from_state=from_state)
    return amendment


def _decide(
    amendment: Amendment, transition_name: str, event, *, reason: str, by: User, expected_revision
) -> Amendment:
    """A decision that changes nothing but the amendment (return, reject): lock, take, record."""
    with transaction.atomic():
        amendment = lock_amendment(amendment, expected_revision=expected_revision)
        from_state = _take(amendment, transition_name, by, reason, by, timezone.now())
        record(amendment, event, by, from_state=from_state, comment=reason)
    return amendment


def return_amendment(amendment: Amendment, *, reason: str, by: User, expected_revision: int | None = None) -> Amendment:
    reason = _reason(reason, _("Say what the partners should revise."))
    return _decide(
        amendment,
        "return_for_revision",
        AmendmentEvent.RETURNED,
        reason=reason,
        by=by,
        expected_revision=expected_revision,
    )


def reject_amendment(amendment: Amendment, *, reason: str, by: User, expected_revision: int | None = None) -> Amendment:
    reason = _reason(reason, _("Say why the amendment is rejected."))
    return _decide(
        amendment, "reject", AmendmentEvent.REJECTED, reason=reason, by=by, expected_revision=expected_revision
    )


def approve_amendment(
    amendment: Amendment, *, reason: str, by: User, expected_revision: int | None = None
) -> Amendment:
    """Approve, and apply the change in the same transaction: refused when what it changes has
    moved since it was drafted (the differences are the reasons) or no longer fits."""
    reason = _reason(reason, _("Say why the amendment is approved."))
    with transaction.atomic():
        amendment = lock_amendment(amendment, expected_revision=expected_revision)
        from_state = _take(amendment, "approve", by, reason, by, timezone.now())
        values = _valid_now(amendment)
        case = amendment.partnership
        recorded = change_record(amendment)
        apply_amendment(amendment, values, by=by)
        # Pages that showed the old legs, dates or partners post the old revision and are refused.
        case.revision += 1
        case.save(update_fields=["revision", "updated_at"])
        event = record(
            amendment,
            AmendmentEvent.APPROVED,
            by,
            from_state=from_state,
            comment=reason,
            effective_on=amendment.effective_on.isoformat(),
            **recorded,
        )
        if amendment.kind == AmendmentKind.B03 and amendment.invite_email:
            _invite_joining_contact(amendment, by)
        if amendment.kind == AmendmentKind.C05:
            _tell_participants_of_new_dates(amendment, event)
    return amendment


def _tell_participants_of_new_dates(amendment: Amendment, event) -> None:
    """Each participant whose leg's dates moved hears of it (through the outbox, once)."""
    participants = Participant.objects.filter(
        leg__in=moved_leg_ids(amendment), status__in=TAKING_PART, user__isnull=False
    ).select_related("leg", "user")
    for participant in participants:
        email_about_event(
            event,
            [participant.user],
            template_prefix="emails/amendment_dates",
            context={"amendment": amendment, "leg": participant.leg, "url": reverse("exchanges:portal")},
        )


def _invite_joining_contact(amendment: Amendment, by: User) -> None:
    """The contact the partners named for the joining partner gets an account and an invitation."""
    from norec.core.invitations import find_or_create_invited_user, invite_user
    from partnerships.models import PartnerOrganisation

    joining = [
        int(key.split(":")[1])
        for key in amendment.proposal
        if key.startswith("partner:") and key not in amendment.baseline
    ]
    if not joining:
        return
    organisation = PartnerOrganisation.objects.get(pk=joining[0])
    try:
        with transaction.atomic():
            user = find_or_create_invited_user(
                email=amendment.invite_email,
                full_name=amendment.invite_name or amendment.invite_email,
                role=Role.PARTNER_CONTACT,
                preferred_language=amendment.partnership.language,
            )
            organisation.contacts.add(user)
            if not user.has_usable_password():
                invite_user(user, by=by)
    except ValidationError as error:  # the address belongs to someone of another role: say so, approve still
        record(
            amendment,
            AmendmentEvent.PARTNER_INVITED,
            by,
            comment=" ".join(error.messages),
            email=amendment.invite_email,
        )
        return
    record(amendment, AmendmentEvent.PARTNER_INVITED, by, email=user.email, organisation=organisation.name)
