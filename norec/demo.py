"""Demo data: the people and organisations a first-time visitor can sign in as, and their cases."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from norec.models import User
from norec.roles import Role
from partnerships.demo import seed_demo_cases
from partnerships.models import OrganisationKind, PartnerOrganisation

DEMO_PASSWORD = "norec-demo-2026"

# key: (organisation name, country, kind, contact email, contact name)
DEMO_ORGANISATIONS = {
    "haukeland": (
        "Haukeland University Hospital",
        "NO",
        OrganisationKind.HEALTH,
        "kari@haukeland.example",
        "Kari Nordmann",
    ),
    "mulago": (
        "Mulago National Referral Hospital",
        "UG",
        OrganisationKind.HEALTH,
        "sarah@mulago.example",
        "Sarah Namubiru",
    ),
    "bergen": ("Bergen Municipality", "NO", OrganisationKind.PUBLIC, "ola@bergen.example", "Ola Hansen"),
    "nairobi": ("Nairobi Youth Trust", "KE", OrganisationKind.NGO, "wanjiru@nairobi-youth.example", "Wanjiru Kamau"),
    "hanoi": ("Hanoi Teachers College", "VN", OrganisationKind.EDUCATION, "linh@hanoi-tc.example", "Nguyen Thi Linh"),
    "kathmandu": ("Kathmandu Model Hospital", "NP", OrganisationKind.HEALTH, "sita@kmh.example", "Sita Shrestha"),
    "lusaka": ("Lusaka Water and Sanitation", "ZM", OrganisationKind.PUBLIC, "mwila@lwsc.example", "Mwila Banda"),
}


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    role: str
    full_name: str
    note: str = ""


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
    """Create (or refresh) the demo people, organisations and cases. Safe to run again."""
    adviser = _demo_user("adviser@norec.example", "Ingrid Adviser", Role.ADVISER, "nb")
    participant = _demo_user("amina@participant.example", "Amina Participant", Role.PARTICIPANT)
    organisations, contacts, logins = (
        {},
        {},
        [DemoLogin(adviser.email, DEMO_PASSWORD, adviser.get_role_display(), adviser.full_name, "Norwegian")],
    )
    for key, (name, country, kind, email, contact_name) in DEMO_ORGANISATIONS.items():
        organisation, _created = PartnerOrganisation.objects.update_or_create(
            name=name, country=country, defaults={"kind": kind}
        )
        contact = _demo_user(email, contact_name, Role.PARTNER_CONTACT)
        organisation.contacts.add(contact)
        organisations[key], contacts[organisation.pk] = organisation, contact
        logins.append(DemoLogin(email, DEMO_PASSWORD, contact.get_role_display(), contact_name, name))
    logins.append(DemoLogin(participant.email, DEMO_PASSWORD, participant.get_role_display(), participant.full_name))
    seed_demo_cases(adviser=adviser, organisations=organisations, contacts=contacts)
    return logins
