"""Who may see partner organisations, add and edit them, invite their contacts and read their history."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from partnerships.models import (
    PartnerOrganisation,
)


def get_organisation_for_user(user, pk: int) -> PartnerOrganisation:
    """The organisation if the user may see it; 404 for 'does not exist' and 'not yours' alike."""
    return get_object_or_404(PartnerOrganisation.objects.visible_to(user), pk=pk)


def can_list_organisations(user) -> bool:
    return user.is_authenticated and (user.is_adviser or user.is_partner_contact)


def can_manage_organisations(user) -> bool:
    """Norec's advisers register organisations and keep their details; their contacts only read them."""
    return bool(user.is_authenticated and user.is_active and user.is_adviser)


def can_invite_contacts(user, organisation: PartnerOrganisation) -> bool:
    return can_manage_organisations(user)


def can_see_organisation_history(user, organisation: PartnerOrganisation) -> bool:
    """The organisation's audit history (admin changes, contacts added) is for Norec's advisers."""
    return bool(user.is_authenticated and user.is_active and user.is_adviser)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
