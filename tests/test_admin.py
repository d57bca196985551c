"""The admin lets advisers manage organisations and people without being able to take over accounts,
and every change made there is on record."""

import pytest
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from norec.core.audit import events_for
from norec.core.models import User
from tests.factories import AdviserFactory, UserFactory


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("ops@norec.example", "an-operations-password", full_name="Ops")


def test_advisers_cannot_reach_the_mfa_or_email_address_tables(adviser_client, adviser):
    other = AdviserFactory()
    authenticator = TOTP.activate(other, generate_totp_secret()).instance
    assert adviser_client.get("/admin/mfa/authenticator/").status_code == 403
    assert adviser_client.get(f"/admin/mfa/authenticator/{authenticator.pk}/change/").status_code == 403
    assert adviser_client.get("/admin/account/emailaddress/").status_code == 403


def test_advisers_cannot_set_another_persons_password(adviser_client, contact):
    response = adviser_client.post(
        f"/admin/norec/user/{contact.pk}/password/",
        {"password1": "a-new-long-password", "password2": "a-new-long-password", "usable_password": "true"},
    )
    assert response.status_code == 403
    contact.refresh_from_db()
    assert not contact.check_password("a-new-long-password")


def test_advisers_cannot_delete_people(adviser_client, contact):
    assert adviser_client.post(f"/admin/norec/user/{contact.pk}/delete/", {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=contact.pk).exists()


def test_advisers_change_names_but_not_email_or_role_and_it_is_recorded(adviser_client, adviser, contact):
    response = adviser_client.post(
        f"/admin/norec/user/{contact.pk}/change/",
        {
            "email": "attacker@example.org",
            "role": "adviser",
            "full_name": "Chris Renamed",
            "preferred_language": "nb",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.full_name, contact.email, contact.role) == ("Chris Renamed", contact.email, "partner_contact")
    assert contact.email != "attacker@example.org"
    event = events_for(contact).get(action="user.changed")
    assert event.actor == adviser
    assert "full_name" in event.data["fields"]


def test_a_superuser_may_set_a_password(client, superuser, contact):
    client.force_login(superuser)
    response = client.post(
        f"/admin/norec/user/{contact.pk}/password/",
        {"password1": "a-new-long-password", "password2": "a-new-long-password", "usable_password": "true"},
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.check_password("a-new-long-password")


def test_contacts_added_in_the_admin_are_recorded(adviser_client, adviser, organisation, contact):
    newcomer = UserFactory(full_name="Nina Newcomer")
    response = adviser_client.post(
        f"/admin/partnerships/partnerorganisation/{organisation.pk}/change/",
        {
            "name": organisation.name,
            "country": organisation.country.code,
            "kind": organisation.kind,
            "contacts": [contact.pk, newcomer.pk],
        },
    )
    assert response.status_code == 302
    event = events_for(organisation).get(action="organisation.changed")
    assert event.actor == adviser
    assert event.data["contacts_added"] == [newcomer.email]
    assert event.data["contacts_removed"] == []


def test_totp_secrets_are_stored_encrypted(db):
    user = AdviserFactory()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    stored = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"]
    assert stored != secret
    assert secret not in stored
    assert get_mfa_adapter().decrypt(stored) == secret
