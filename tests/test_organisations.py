import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory, UserFactory


def list_url():
    return reverse("partnerships:organisation_list")


def detail_url(organisation):
    return reverse("partnerships:organisation_detail", args=[organisation.pk])


class TestOrganisationList:
    def test_adviser_sees_all(self, adviser_client, organisation, other_organisation):
        content = adviser_client.get(list_url()).content.decode()
        assert organisation.name in content
        assert other_organisation.name in content

    def test_contact_sees_only_their_own(self, contact_client, organisation, other_organisation):
        content = contact_client.get(list_url()).content.decode()
        assert organisation.name in content
        assert other_organisation.name not in content

    def test_participant_is_refused(self, participant_client):
        assert participant_client.get(list_url()).status_code == 403

    def test_anonymous_is_sent_to_login(self, client, db):
        assert client.get(list_url()).status_code == 302

    @pytest.mark.parametrize("rows", [5, 50])
    def test_query_count_does_not_grow_with_rows(self, adviser_client, django_assert_max_num_queries, rows):
        for number in range(rows):
            OrganisationFactory(name=f"Listed {number:02d}", contacts=[UserFactory(), UserFactory()])
        with django_assert_max_num_queries(8):
            response = adviser_client.get(list_url())
        assert response.status_code == 200
        page = response.content.decode()
        assert all(f"Listed {number:02d}" in page for number in range(rows))


class TestOrganisationDetail:
    def test_adviser_sees_contacts_invite_form_and_history(self, adviser_client, organisation, contact):
        content = adviser_client.get(detail_url(organisation)).content.decode()
        assert contact.full_name in content
        assert "Invite a partner contact" in content
        assert "History" in content

    def test_own_contact_sees_it_without_the_invite_form(self, contact_client, organisation):
        response = contact_client.get(detail_url(organisation))
        assert response.status_code == 200
        assert "Invite a partner contact" not in response.content.decode()

    def test_it_hides_other_organisations(self, other_contact_client, organisation):
        assert other_contact_client.get(detail_url(organisation)).status_code == 404

    def test_participant_gets_404(self, participant_client, organisation):
        assert participant_client.get(detail_url(organisation)).status_code == 404

    @pytest.mark.parametrize("rows", [5, 50])
    def test_query_count_does_not_grow_with_contacts(
        self, adviser_client, organisation, django_assert_max_num_queries, rows
    ):
        organisation.contacts.add(*[UserFactory(full_name=f"Contact {number:02d}") for number in range(rows)])
        with django_assert_max_num_queries(10):
            response = adviser_client.get(detail_url(organisation))
        assert response.status_code == 200
        page = response.content.decode()
        assert all(f"Contact {number:02d}" in page for number in range(rows))
