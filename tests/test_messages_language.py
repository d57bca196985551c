"""Messages ("Signed in as …") are in the language of the page that shows them: a person whose
preferred language is bokmål reads bokmål after signing in, even from an English browser."""

import pytest
from django.urls import reverse

from norec.core.invitations import invitation_url, invite_user
from tests.factories import PASSWORD, AdviserFactory, UserFactory

pytestmark = pytest.mark.django_db

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


def messages_on(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_signing_in_says_so_in_the_persons_language(client):
    norwegian = UserFactory(full_name="Ingrid Adviser", preferred_language="nb")
    response = client.post(
        reverse("account_login"), {"login": norwegian.email, "password": PASSWORD}, follow=True, **ENGLISH_BROWSER
    )
    assert 'lang="nb"' in response.content.decode()
    assert messages_on(response) == ["Logget inn som Ingrid Adviser."]


def test_signing_in_in_english_stays_english(client):
    english = UserFactory(full_name="Chris Contact", preferred_language="en")
    response = client.post(
        reverse("account_login"), {"login": english.email, "password": PASSWORD}, follow=True, **ENGLISH_BROWSER
    )
    assert messages_on(response) == ["Successfully signed in as Chris Contact."]


def test_signing_out_says_so_in_the_language_of_the_sign_in_page(client):
    norwegian = UserFactory(preferred_language="nb")
    client.force_login(norwegian)
    response = client.post(reverse("account_logout"), follow=True, **ENGLISH_BROWSER)
    assert 'lang="en"' in response.content.decode()  # signed out: the browser's language
    assert messages_on(response) == ["You have signed out."]


def test_accepting_an_invitation_welcomes_in_the_invitees_language(client):
    invitee = UserFactory(preferred_language="nb", password=None)
    path = invitation_url(invite_user(invitee, by=AdviserFactory())).split("127.0.0.1:8000", 1)[-1]
    new_password = "a-fresh-and-long-password"
    response = client.post(
        path, {"new_password1": new_password, "new_password2": new_password}, follow=True, **ENGLISH_BROWSER
    )
    assert 'lang="nb"' in response.content.decode()
    assert messages_on(response) == ["Velkommen til Norec Exchange. Passordet ditt er lagret."]
