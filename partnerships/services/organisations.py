"""Partner organisations: their contacts."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from norec.core.audit import record_event
from norec.core.invitations import find_or_create_invited_user, invite_user
from norec.core.models import Invitation, User
from norec.core.roles import Role
from partnerships.events import OrganisationEvent
from partnerships.models import (
    PartnerOrganisation,
)


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
