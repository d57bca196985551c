"""Demo data: the people and organisations a first-time visitor can sign in as."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from norec.models import User
from norec.roles import Role
from partnerships.models import OrganisationKind, PartnerOrganisation

DEMO_PASSWORD = "norec-demo-2026"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    role: str
    full_name: str


def _demo_user(email: str, full_name: str, role: str, language: str = "en") -> User:
    user, _created = User.objects.update_or_create(
        email=email, defaults={"full_name": full_name, "role": role, "preferred_language": language, "is_active": True}
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


@transaction.atomic
def seed_demo() -> list[DemoLogin]:
    """Create (or refresh) the demo people and organisations. Safe to run again."""
    adviser = _demo_user("adviser@norec.example", "Ingrid Adviser", Role.ADVISER, "nb")
    norway_contact = _demo_user("kari@haukeland.example", "Kari Nordmann", Role.PARTNER_CONTACT)
    uganda_contact = _demo_user("sarah@mulago.example", "Sarah Namubiru", Role.PARTNER_CONTACT)
    participant = _demo_user("amina@participant.example", "Amina Participant", Role.PARTICIPANT)

    norway, _created = PartnerOrganisation.objects.update_or_create(
        name="Haukeland University Hospital", country="NO", defaults={"kind": OrganisationKind.HEALTH}
    )
    uganda, _created = PartnerOrganisation.objects.update_or_create(
        name="Mulago National Referral Hospital", country="UG", defaults={"kind": OrganisationKind.HEALTH}
    )
    norway.contacts.add(norway_contact)
    uganda.contacts.add(uganda_contact)

    return [
        DemoLogin(user.email, DEMO_PASSWORD, user.get_role_display(), user.full_name)
        for user in (adviser, norway_contact, uganda_contact, participant)
    ]
