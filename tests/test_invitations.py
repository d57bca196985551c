"""An adviser invites a partner contact, who sets a password through a one-time link."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from norec.core.audit import events_for
from norec.core.models import Invitation, User
from norec.core.roles import Role

NEW_PASSWORD = "a-fresh-and-long-password"


def invite_url(organisation):
    return reverse("partnerships:invite_contact", args=[organisation.pk])


def invite(client, organisation, **overrides):
    data = {"full_name": "Nora New", "email": "nora@example.org", "preferred_language": "nb", **overrides}
    return client.post(invite_url(organisation), data)


def link_from(message):
    return re.search(r"http://\S+/invitation/\S+/", message.body).group(0).replace("http://127.0.0.1:8000", "")


class TestInviting:
    def test_it_works(self, adviser_client, adviser, organisation, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            response = invite(adviser_client, organisation)
        assert response.status_code == 302
        nora = User.objects.get(email="nora@example.org")
        assert nora.role == Role.PARTNER_CONTACT
        assert not nora.has_usable_password()
        assert organisation.contacts.filter(pk=nora.pk).exists()
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["nora@example.org"]
        assert "Norec Exchange" in mail.outbox[0].subject
        assert [e.action for e in events_for(organisation)] == ["organisation.contact_added"]
        assert events_for(organisation)[0].actor == adviser

    def test_email_is_in_the_invitees_language(self, adviser_client, organisation, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            invite(adviser_client, organisation, preferred_language="nb")
        assert "invitert" in mail.outbox[0].body

    def test_it_rejects_get(self, adviser_client, organisation):
        assert adviser_client.get(invite_url(organisation)).status_code == 405

    def test_it_requires_an_adviser(self, contact_client, organisation):
        assert invite(contact_client, organisation).status_code == 403
        assert not User.objects.filter(email="nora@example.org").exists()

    def test_it_hides_other_organisations(self, other_contact_client, organisation):
        assert invite(other_contact_client, organisation).status_code == 404

    def test_participant_gets_404(self, participant_client, organisation):
        assert invite(participant_client, organisation).status_code == 404

    def test_bad_input_shows_errors_and_keeps_what_was_typed(self, adviser_client, organisation):
        response = invite(adviser_client, organisation, email="not-an-email")
        assert response.status_code == 400
        content = response.content.decode()
        assert "Enter a valid email address." in content
        assert 'value="Nora New"' in content
        assert 'value="not-an-email"' in content

    def test_an_address_longer_than_the_model_allows_is_a_field_error(self, adviser_client, organisation):
        long_address = "a" * 288 + "@example.org"  # 300 characters; User.email holds 254
        response = invite(adviser_client, organisation, email=long_address)
        assert response.status_code == 400
        assert response.context["invite_form"].errors["email"] == [
            "Ensure this value has at most 254 characters (it has 300)."
        ]
        assert not User.objects.filter(email=long_address).exists()

    def test_an_existing_contact_is_not_invited_twice(self, adviser_client, organisation, contact):
        response = invite(adviser_client, organisation, email=contact.email)
        assert response.status_code == 400
        assert "already a contact" in response.content.decode()

    def test_an_existing_user_of_another_role_is_refused(self, adviser_client, organisation, participant):
        response = invite(adviser_client, organisation, email=participant.email)
        assert response.status_code == 400
        assert "already has an account" in response.content.decode()

    def test_a_contact_with_a_password_is_added_without_an_invitation(
        self, adviser_client, organisation, other_contact, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            invite(adviser_client, organisation, email=other_contact.email)
        assert organisation.contacts.filter(pk=other_contact.pk).exists()
        assert not Invitation.objects.exists()
        assert mail.outbox == []


class TestAccepting:
    @pytest.fixture
    def link(self, adviser_client, organisation, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            invite(adviser_client, organisation)
        adviser_client.logout()
        return link_from(mail.outbox[0])

    def test_it_sets_the_password_verifies_the_email_and_signs_in(self, client, link):
        assert client.get(link).status_code == 200
        response = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
        assert response.status_code == 302
        nora = User.objects.get(email="nora@example.org")
        assert nora.check_password(NEW_PASSWORD)
        assert EmailAddress.objects.get(user=nora).verified
        assert Invitation.objects.get(user=nora).accepted_at is not None
        assert int(client.session["_auth_user_id"]) == nora.pk
        assert "user.invitation_accepted" in [e.action for e in events_for(nora)]

    def test_the_link_works_only_once(self, client, link):
        client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
        client.logout()
        assert client.get(link).status_code == 404

    def test_mismatched_passwords_are_explained(self, client, link):
        response = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": "something-else-x"})
        assert response.status_code == 200
        assert "The two password fields didn\u2019t match." in response.content.decode()
        assert not User.objects.get(email="nora@example.org").has_usable_password()

    def test_an_expired_link_is_refused(self, client, link, settings):
        settings.NOREC_INVITATION_VALID_DAYS = 0
        response = client.get(link)
        assert response.status_code == 404
        assert "expired" in response.content.decode()

    def test_a_link_used_at_the_same_moment_elsewhere_is_refused_politely(self, client, link, monkeypatch):
        def already_used(invitation, *, password):
            raise ValidationError("This invitation has already been used.")

        monkeypatch.setattr("norec.core.views.accept_invitation_service", already_used)
        response = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
        assert response.status_code == 404
        assert "cannot be used" in response.content.decode()

    def test_a_forged_link_is_refused(self, client, db):
        assert client.get(reverse("accept_invitation", args=["forged:token"])).status_code == 404

    def test_an_invited_user_can_then_sign_in(self, client, link):
        client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
        client.logout()
        response = client.post("/accounts/login/", {"login": "nora@example.org", "password": NEW_PASSWORD})
        assert response.status_code == 302


def test_invitation_validity_is_a_setting(settings):
    assert timedelta(days=settings.NOREC_INVITATION_VALID_DAYS) > timedelta(0)
