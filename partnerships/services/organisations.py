"""Partner organisations: advisers register them, keep their details and invite their contacts."""

from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from norec.core.audit import record_event
from norec.core.idempotency import claim_submission, record_result
from norec.core.invitations import find_or_create_invited_user, invite_user
from norec.core.models import Invitation, User
from norec.core.roles import Role
from partnerships.events import OrganisationEvent
from partnerships.models import Partner, PartnerOrganisation
from partnerships.permissions import can_manage_organisations
from partnerships.waiting_state import waiting_changed

# What an adviser types about an organisation, in the order the form shows it.
ORGANISATION_FIELDS = ("name", "country", "kind")


def add_organisation(*, name: str, country: str, kind: str, submission: UUID | None = None, by: User):
    """Register an organisation. `submission` is the form's token: sent again, it raises
    AlreadySubmitted (with the organisation made the first time) and adds nothing."""
    _require_adviser(by)
    values = {"name": name.strip(), "country": str(country), "kind": kind}
    with transaction.atomic():
        claim = claim_submission(submission, by=by)  # first: a form sent again is answered, not checked
        organisation = PartnerOrganisation(**values)
        _check(organisation)
        organisation = _saved(organisation)
        record_result(claim, organisation.pk)
        record_event(organisation, action=OrganisationEvent.ADDED, by=by, data=values)
    return organisation


def change_organisation(organisation: PartnerOrganisation, *, name: str, country: str, kind: str, by: User):
    """Keep an organisation's details up to date; the history records each change as before and after.

    Its country stays once it takes part in a partnership: the countries decide the direction of
    the partnership and of every exchange leg, which were checked against them."""
    _require_adviser(by)
    with transaction.atomic():
        organisation = PartnerOrganisation.objects.select_for_update().get(pk=organisation.pk)
        before = {field: str(getattr(organisation, field)) for field in ORGANISATION_FIELDS}
        after = {"name": name.strip(), "country": str(country), "kind": kind}
        changes = {field: [before[field], after[field]] for field in before if before[field] != after[field]}
        if not changes:
            return organisation
        if "country" in changes and Partner.objects.filter(organisation=organisation).exists():
            raise ValidationError(
                {
                    "country": _(
                        "%(organisation)s takes part in a partnership, so its country stays: it decides the "
                        "direction of the exchanges."
                    )
                    % {"organisation": organisation.name}
                }
            )
        for field, value in after.items():
            setattr(organisation, field, value)
        _check(organisation)
        organisation = _saved(organisation)
        record_event(organisation, action=OrganisationEvent.EDITED, by=by, data={"changes": changes})
        if "name" in changes:  # what its cases wait for names it ("the signature of …")
            waiting_changed(Partner.objects.filter(organisation=organisation).values_list("partnership_id", flat=True))
    return organisation


def invite_partner_contact(
    organisation: PartnerOrganisation,
    *,
    email: str,
    full_name: str,
    preferred_language: str,
    submission: UUID | None = None,
    by: User,
) -> tuple[User, Invitation | None]:
    """Make someone a contact of the organisation; invite them by email if they have no password yet.
    The same form sent twice raises AlreadySubmitted (with the contact) and invites once."""
    with transaction.atomic():
        organisation = PartnerOrganisation.objects.select_for_update().get(pk=organisation.pk)
        claim = claim_submission(submission, by=by)
        user = find_or_create_invited_user(
            email=email, full_name=full_name, role=Role.PARTNER_CONTACT, preferred_language=preferred_language
        )
        if organisation.contacts.filter(pk=user.pk).exists():
            raise ValidationError(_("%(email)s is already a contact of this organisation.") % {"email": user.email})
        organisation.contacts.add(user)
        record_result(claim, user.pk)
        record_event(organisation, action=OrganisationEvent.CONTACT_ADDED, by=by, data={"contact": user.email})
        invitation = None if user.has_usable_password() else invite_user(user, by=by)
    return user, invitation


def _require_adviser(user: User) -> None:
    if not can_manage_organisations(user):
        raise PermissionDenied


def _check(organisation: PartnerOrganisation) -> None:
    """The model's own checks (lengths, choices), and one organisation per name and country, said
    at the name, whatever the case of its letters."""
    organisation.full_clean(validate_unique=False, validate_constraints=False)
    same = PartnerOrganisation.objects.filter(name__iexact=organisation.name, country=organisation.country)
    existing = same.exclude(pk=organisation.pk).first()
    if existing is not None:
        raise ValidationError(
            {
                "name": _("%(organisation)s is already registered. Open it from the list of organisations.")
                % {"organisation": existing}
            }
        )


def _saved(organisation: PartnerOrganisation) -> PartnerOrganisation:
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError as error:  # registered by someone else at the same moment
        raise ValidationError(
            {
                "name": _("%(organisation)s is already registered. Open it from the list of organisations.")
                % {"organisation": organisation}
            }
        ) from error
    return organisation
