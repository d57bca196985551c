"""Who may see or do what to partner organisations and partnerships. The one place that decides."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from partnerships.models import PartnerOrganisation


def get_organisation_for_user(user, pk: int) -> PartnerOrganisation:
    """The organisation if the user may see it; 404 for 'does not exist' and 'not yours' alike."""
    return get_object_or_404(PartnerOrganisation.objects.visible_to(user), pk=pk)


def can_list_organisations(user) -> bool:
    return user.is_authenticated and (user.is_adviser or user.is_partner_contact)


def can_invite_contacts(user, organisation: PartnerOrganisation) -> bool:
    return user.is_authenticated and user.is_active and user.is_adviser


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
