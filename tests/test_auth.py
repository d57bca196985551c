"""Sign-in with allauth: email login, clear errors, rate limits, verification, no sign-up, MFA for advisers."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, AdviserFactory, UserFactory

LOGIN_URL = "/accounts/login/"


def login(client, email, password=PASSWORD):
    return client.post(LOGIN_URL, {"login": email, "password": password})


@pytest.mark.django_db
def test_partner_contact_signs_in_with_email_and_password(client, contact):
    response = login(client, contact.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_email_is_case_insensitive(client, contact):
    assert login(client, contact.email.upper()).status_code == 302


@pytest.mark.django_db
def test_wrong_password_shows_a_clear_error_and_keeps_the_email(client, contact):
    response = login(client, contact.email, "not-the-password")
    assert response.status_code == 200
    content = response.content.decode()
    assert "The email address and/or password you specified are not correct." in content
    assert f'value="{contact.email}"' in content
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_repeated_failures_hit_the_rate_limit(client, contact):
    for _ in range(5):
        assert "not correct" in login(client, contact.email, "wrong").content.decode()
    response = login(client, contact.email, PASSWORD)  # even the right password is refused now
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_unverified_email_must_be_verified_before_signing_in(client, django_capture_on_commit_callbacks):
    user = UserFactory(verified_email=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after the commit
        response = login(client, user.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1
    assert "confirm" in mail.outbox[0].body.lower()


@pytest.mark.django_db
def test_password_reset_sends_a_link(client, contact, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": contact.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


@pytest.mark.django_db
def test_there_is_no_open_sign_up(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "stranger@example.org", "password1": "a-long-password-1", "password2": "a-long-password-1"},
    )
    assert response.status_code == 200
    assert "Sign Up Closed" in response.content.decode() or "closed" in response.content.decode().lower()
    assert not EmailAddress.objects.filter(email="stranger@example.org").exists()


@pytest.mark.django_db
def test_login_page_offers_no_sign_up_link(client):
    assert reverse("account_signup") not in client.get(LOGIN_URL).content.decode()


@pytest.mark.django_db
def test_home_requires_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


class TestAdviserMFA:
    @pytest.fixture(autouse=True)
    def _require_mfa(self, settings):
        settings.NOREC_REQUIRE_ADVISER_MFA = True

    def test_adviser_without_mfa_is_sent_to_set_it_up(self, client, adviser):
        login(client, adviser.email)
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")
        # allauth asks for the password once more before a second factor can be added.
        response = client.get(reverse("mfa_activate_totp"))
        assert response["Location"].startswith(reverse("account_reauthenticate"))
        client.post(response["Location"], {"password": PASSWORD})
        activate = client.get(reverse("mfa_activate_totp"))
        assert activate.status_code == 200
        assert "Authenticator code" in activate.content.decode()

    def test_adviser_with_totp_reaches_home(self, client, adviser):
        Authenticator.objects.create(user=adviser, type=Authenticator.Type.TOTP, data={"secret": "x"})
        client.force_login(adviser)
        assert client.get(reverse("home")).status_code == 200

    def test_partner_contact_is_not_forced(self, client, contact):
        client.force_login(contact)
        assert client.get(reverse("home")).status_code == 200

    def test_admin_is_also_behind_mfa(self, client, adviser):
        client.force_login(adviser)
        assert client.get("/admin/")["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_mfa_is_not_forced_in_the_demo(client, settings):
    settings.NOREC_REQUIRE_ADVISER_MFA = False
    client.force_login(AdviserFactory())
    assert client.get(reverse("home")).status_code == 200


class TestAdmin:
    def test_adviser_can_open_the_admin(self, adviser_client):
        assert adviser_client.get("/admin/").status_code == 200
        assert adviser_client.get("/admin/partnerships/partnerorganisation/").status_code == 200
        assert adviser_client.get("/admin/norec/user/").status_code == 200

    def test_partner_contact_cannot_open_the_admin(self, contact_client):
        assert contact_client.get("/admin/").status_code == 403
        assert contact_client.get("/admin/norec/user/").status_code == 403

    def test_participant_cannot_open_the_admin(self, participant_client):
        assert participant_client.get("/admin/").status_code == 403

    def test_anonymous_is_sent_to_the_allauth_login(self, client, db):
        response = client.get("/admin/", follow=True)
        assert response.redirect_chain[-1][0].startswith(LOGIN_URL)

    def test_audit_events_cannot_be_edited_in_the_admin(self, adviser_client):
        assert adviser_client.get("/admin/norec/auditevent/add/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "label"), [("en", "Remember me"), ("nb", "Husk meg")])
def test_the_sign_in_form_asks_to_remember_me_in_a_sentences_case(client, language, label):
    client.post(reverse("set_language"), {"language": language, "next": LOGIN_URL})
    content = client.get(LOGIN_URL).content.decode()
    assert f'for="id_remember">{label}' in content
    assert "Remember Me" not in content
