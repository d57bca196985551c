"""Advisers add and edit partner organisations, and invite their contacts, from the product's own
pages (until now only the Django admin could). Partner contacts may read their organisation but not
change it; another organisation's contact cannot see it at all."""

import re
import threading
import uuid

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.urls import reverse

from norec.core.audit import events_for
from norec.core.models import Invitation, User
from partnerships.models import PartnerOrganisation
from tests.factories import PASSWORD, make_case

CREATE_URL = reverse("partnerships:organisation_create")
NEW_PASSWORD = "a-fresh-and-long-password"


def edit_url(organisation) -> str:
    return reverse("partnerships:organisation_edit", args=[organisation.pk])


def token_in(page) -> str:
    return re.search(r'name="submission" value="([0-9a-f-]{36})"', page.content.decode()).group(1)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def new_organisation(**changes) -> dict:
    return {"name": "Mulago Hospital", "country": "UG", "kind": "health", **changes}


class TestAddingAnOrganisation:
    def test_the_list_offers_it_to_advisers_only(self, adviser_client, contact_client):
        assert CREATE_URL in adviser_client.get(reverse("partnerships:organisation_list")).content.decode()
        assert CREATE_URL not in contact_client.get(reverse("partnerships:organisation_list")).content.decode()

    def test_it_works(self, adviser_client, adviser):
        form = adviser_client.get(CREATE_URL)
        assert form.status_code == 200
        response = adviser_client.post(CREATE_URL, new_organisation(submission=token_in(form)))
        mulago = PartnerOrganisation.objects.get(name="Mulago Hospital")
        assert response.status_code == 302
        assert response["Location"] == mulago.get_absolute_url()
        assert (mulago.country.code, mulago.kind) == ("UG", "health")
        assert messages_of(response) == ["Mulago Hospital was added. Invite its partner contacts below."]
        [event] = events_for(mulago)
        assert (event.action, event.actor) == ("organisation.added", adviser)
        assert event.data == {"name": "Mulago Hospital", "country": "UG", "kind": "health"}

    def test_an_error_keeps_what_was_typed(self, adviser_client):
        response = adviser_client.post(CREATE_URL, new_organisation(name=" ", kind="health"))
        assert response.status_code == 400
        content = response.content.decode()
        assert "This field is required." in content
        assert '<option value="UG" selected>' in content
        assert '<option value="health" selected>' in content
        assert not PartnerOrganisation.objects.exists()

    def test_the_same_name_in_the_same_country_is_refused_at_the_field(self, adviser_client, other_organisation):
        response = adviser_client.post(CREATE_URL, new_organisation(name="kampala youth network", country="UG"))
        assert response.status_code == 400
        assert response.context["form"].errors["name"] == [
            "Kampala Youth Network (Uganda) is already registered. Open it from the list of organisations."
        ]
        assert PartnerOrganisation.objects.filter(country="UG").count() == 1

    def test_a_name_longer_than_the_model_allows_is_a_field_error(self, adviser_client):
        response = adviser_client.post(CREATE_URL, new_organisation(name="M" * 201))
        assert response.status_code == 400
        assert response.context["form"].errors["name"] == ["Ensure this value has at most 200 characters (it has 201)."]
        assert 'maxlength="200"' in response.content.decode()

    @pytest.mark.parametrize("who", ["contact_client", "participant_client"])
    def test_it_requires_an_adviser(self, request, who):
        client = request.getfixturevalue(who)
        assert client.get(CREATE_URL).status_code == 403
        assert client.post(CREATE_URL, new_organisation()).status_code == 403
        assert not PartnerOrganisation.objects.filter(name="Mulago Hospital").exists()

    def test_anonymous_is_sent_to_sign_in(self, anonymous_client):
        assert anonymous_client.get(CREATE_URL).status_code == 302

    def test_the_same_form_twice_adds_one_and_shows_it(self, adviser_client):
        data = new_organisation(submission=token_in(adviser_client.get(CREATE_URL)))
        first, second = (adviser_client.post(CREATE_URL, data) for _ in range(2))
        mulago = PartnerOrganisation.objects.get(name="Mulago Hospital")
        assert first["Location"] == second["Location"] == mulago.get_absolute_url()
        assert messages_of(second)[-1] == "Mulago Hospital was added. Invite its partner contacts below."
        assert len(events_for(mulago)) == 1

    @pytest.mark.django_db(transaction=True)
    def test_a_double_click_adds_one(self, adviser):
        client = Client()
        client.force_login(adviser)
        data = new_organisation(submission=str(uuid.uuid4()))
        answers = []

        def click():
            try:
                own = Client()
                own.cookies = client.cookies
                answers.append(own.post(CREATE_URL, data).status_code)
            finally:
                connection.close()

        clicks = [threading.Thread(target=click) for _ in range(2)]
        for thread in clicks:
            thread.start()
        for thread in clicks:
            thread.join()
        assert answers == [302, 302]
        assert PartnerOrganisation.objects.filter(name="Mulago Hospital").count() == 1

    def test_a_new_organisations_contact_is_invited_at_once_and_can_sign_in(
        self, adviser_client, django_capture_on_commit_callbacks, mailoutbox
    ):
        created = adviser_client.post(CREATE_URL, new_organisation(submission=str(uuid.uuid4())), follow=True)
        assert "Invite a partner contact" in created.content.decode()
        mulago = PartnerOrganisation.objects.get(name="Mulago Hospital")
        invite = reverse("partnerships:invite_contact", args=[mulago.pk])
        with django_capture_on_commit_callbacks(execute=True):
            answer = adviser_client.post(
                invite,
                {
                    "full_name": "Sarah Namubiru",
                    "email": "sarah@mulago.example",
                    "preferred_language": "en",
                    "submission": token_in(created),
                },
            )
        assert messages_of(answer) == ["Sarah Namubiru was invited by email."]
        link = re.search(r"http://\S+/invitation/\S+/", mailoutbox[0].body).group(0)
        link = link.replace("http://127.0.0.1:8000", "")
        sarah_client = Client()
        accepted = sarah_client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
        assert accepted.status_code == 302
        sarah = User.objects.get(email="sarah@mulago.example")
        assert Client().login(email=sarah.email, password=NEW_PASSWORD)
        assert sarah_client.get(mulago.get_absolute_url()).status_code == 200

    def test_the_same_invitation_twice_invites_once(
        self, adviser_client, organisation, django_capture_on_commit_callbacks
    ):
        data = {
            "full_name": "Nora New",
            "email": "nora@example.org",
            "preferred_language": "en",
            "submission": token_in(adviser_client.get(organisation.get_absolute_url())),
        }
        invite = reverse("partnerships:invite_contact", args=[organisation.pk])
        with django_capture_on_commit_callbacks(execute=True):
            first, second = (adviser_client.post(invite, data) for _ in range(2))
        assert (first.status_code, second.status_code) == (302, 302)
        assert messages_of(second)[-1] == "Nora New was invited by email."
        assert Invitation.objects.filter(user__email="nora@example.org").count() == 1


class TestEditingAnOrganisation:
    def test_the_page_offers_it_to_advisers_only(self, adviser_client, contact_client, organisation):
        assert edit_url(organisation) in adviser_client.get(organisation.get_absolute_url()).content.decode()
        assert edit_url(organisation) not in contact_client.get(organisation.get_absolute_url()).content.decode()

    def test_it_works(self, adviser_client, adviser, organisation):
        page = adviser_client.get(edit_url(organisation))
        assert page.status_code == 200
        assert 'value="Bergen Health Trust"' in page.content.decode()
        response = adviser_client.post(
            edit_url(organisation), {"name": "Haukeland Hospital", "country": "NO", "kind": "health"}
        )
        assert response.status_code == 302
        organisation.refresh_from_db()
        assert (organisation.name, organisation.kind) == ("Haukeland Hospital", "health")
        assert messages_of(response) == ["The details of Haukeland Hospital were saved."]
        event = events_for(organisation).first()
        assert (event.action, event.actor) == ("organisation.edited", adviser)
        assert event.data == {
            "changes": {"name": ["Bergen Health Trust", "Haukeland Hospital"], "kind": ["ngo", "health"]}
        }

    def test_saving_nothing_new_records_nothing(self, adviser_client, organisation):
        adviser_client.post(
            edit_url(organisation), {"name": organisation.name, "country": "NO", "kind": organisation.kind}
        )
        assert not events_for(organisation).filter(action="organisation.edited").exists()

    def test_an_error_keeps_what_was_typed(self, adviser_client, organisation):
        response = adviser_client.post(
            edit_url(organisation), {"name": "Haukeland Hospital", "country": "NO", "kind": ""}
        )
        assert response.status_code == 400
        assert 'value="Haukeland Hospital"' in response.content.decode()
        organisation.refresh_from_db()
        assert organisation.name == "Bergen Health Trust"

    def test_the_country_of_an_organisation_in_a_partnership_stays(
        self, adviser_client, organisation, other_organisation
    ):
        make_case(organisations=[organisation, other_organisation])
        response = adviser_client.post(
            edit_url(organisation), {"name": organisation.name, "country": "SE", "kind": "ngo"}
        )
        assert response.status_code == 400
        assert response.context["form"].errors["country"] == [
            "Bergen Health Trust takes part in a partnership, so its country stays: it decides the direction of "
            "the exchanges."
        ]
        organisation.refresh_from_db()
        assert organisation.country.code == "NO"

    def test_its_own_contact_may_not(self, contact_client, organisation):
        assert contact_client.get(edit_url(organisation)).status_code == 403
        assert (
            contact_client.post(edit_url(organisation), {"name": "X", "country": "NO", "kind": "ngo"}).status_code
            == 403
        )
        organisation.refresh_from_db()
        assert organisation.name == "Bergen Health Trust"

    @pytest.mark.parametrize("who", ["other_contact_client", "participant_client"])
    def test_it_hides_other_organisations(self, request, who, organisation):
        client = request.getfixturevalue(who)
        assert client.get(edit_url(organisation)).status_code == 404
        assert client.post(edit_url(organisation), {"name": "X", "country": "NO", "kind": "ngo"}).status_code == 404

    def test_a_contact_signs_in_and_reads_but_cannot_edit(self, client, contact, organisation):
        assert client.login(email=contact.email, password=PASSWORD)
        assert client.get(organisation.get_absolute_url()).status_code == 200
        assert client.get(edit_url(organisation)).status_code == 403
