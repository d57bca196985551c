"""The application plans each round's participants per direction (issue 20, item 4): a mutual round
plans some each way; only the directions the partnership's countries allow are asked; the
missing-items list says which; autosave, the versions and their comparison keep the numbers per
direction; the read-only summary counts them as every other page does."""

from dataclasses import replace

import pytest

from partnerships.models import Application, RoundDirection, participant_counts
from partnerships.services import PlannedRoundData
from tests.factories import ROUNDS, OrganisationFactory, UserFactory, make_case
from tests.partnerships.conftest import fill_application
from tests.partnerships.helpers import url
from tests.partnerships.test_application_views import ROUND, edit_url, form_data


def fresh(application) -> Application:
    return Application.objects.select_related("partnership").get(pk=application.pk)


def planned_of(application) -> list[tuple]:
    return [
        (r.number, r.participants_north_south, r.participants_south_north, r.participants_south_south)
        for r in application.rounds.all()
    ]


@pytest.fixture
def south_south(adviser):
    """Lusaka (Zambia) and Kampala (Uganda): both ways are south → south."""
    organisations = [
        OrganisationFactory(name="Lusaka Water", country="ZM", contacts=[UserFactory(full_name="Mwila Banda")]),
        OrganisationFactory(name="Kampala Water", country="UG", contacts=[UserFactory(full_name="Sarah Okello")]),
    ]
    return make_case("application_started", adviser=adviser, organisations=organisations)


class TestMissingItems:
    def test_a_round_without_participants_names_the_ways_of_the_partnership(self, application, contact):
        saved = fill_application(application, by=contact, rounds=[replace(ROUNDS[0], participants_north_south=0)])
        assert saved.missing_items() == []  # one south → north is a round
        saved = fill_application(
            fresh(application), by=contact, rounds=[replace(ROUNDS[0], participants_south_north=0)]
        )
        assert saved.missing_items() == []
        saved = fill_application(
            fresh(application),
            by=contact,
            rounds=[replace(ROUNDS[0], participants_north_south=0, participants_south_north=0)],
        )
        assert saved.missing_items() == [
            "Round 1: no participants are planned; give the number going north → south or south → north."
        ]

    def test_between_southern_partners_it_asks_south_to_south(self, south_south):
        contact = south_south.organisations.get(name="Lusaka Water").contacts.get()
        saved = fill_application(south_south.application, by=contact, rounds=[replace(ROUNDS[0])])
        assert "Round 1: the direction North → south is not possible in this partnership." in saved.missing_items()
        assert "Round 1: the direction South → north is not possible in this partnership." in saved.missing_items()
        saved = fill_application(fresh(saved), by=contact, rounds=[PlannedRoundData()])
        assert "Round 1: no participants are planned; give the number going south → south." in saved.missing_items()


class TestTheForm:
    def test_between_southern_partners_it_asks_only_south_to_south(self, south_south, client):
        contact = south_south.organisations.get(name="Lusaka Water").contacts.get()
        client.force_login(contact)
        content = client.get(edit_url(south_south)).content.decode()
        assert "Participants south → south" in content
        assert "participants_north_south" not in content and "participants_south_north" not in content

    def test_a_mutual_round_is_saved_per_direction(self, contact_client, application):
        data = form_data(
            application, rounds=[{**ROUND, "participants_north_south": "2", "participants_south_north": "3"}]
        )
        assert contact_client.post(edit_url(application.partnership), data).status_code == 302
        assert planned_of(fresh(application)) == [(1, 2, 3, 0)]

    def test_a_blank_direction_is_nobody_and_saving_it_again_changes_nothing(self, contact_client, application):
        typed = {**ROUND, "participants_south_north": ""}
        assert (
            contact_client.post(edit_url(application.partnership), form_data(application, rounds=[typed])).status_code
            == 302
        )
        saved = fresh(application)
        assert planned_of(saved) == [(1, 1, 0, 0)]
        again = form_data(saved, rounds=[typed], initial_rounds=1)
        assert contact_client.post(edit_url(saved.partnership), again).status_code == 302
        assert fresh(application).version == saved.version  # no new version: nothing changed

    def test_autosave_keeps_the_numbers_per_direction(self, contact_client, application):
        data = form_data(application, rounds=[{**ROUND, "participants_south_north": "4"}])
        response = contact_client.post(url("application_autosave", application.partnership), data)
        assert "Saved at " in response.content.decode()
        assert planned_of(fresh(application)) == [(1, 1, 4, 0)]


class TestVersions:
    def test_a_version_compares_its_rounds_by_direction(self, contact_client, application, contact):
        fill_application(application, by=contact)  # version 2: one each way in both rounds
        fill_application(
            fresh(application), by=contact, rounds=[replace(ROUNDS[0], participants_south_north=2), ROUNDS[1]]
        )
        response = contact_client.get(url("application_history", application.partnership) + "?version=2")
        row = next(r for r in response.context["comparison"] if r["key"] == "rounds")
        assert row["differs"]
        assert row["then"].startswith("Round 1: 1 north → south and 1 south → north, 10 January 2025")
        assert row["now"].startswith("Round 1: 1 north → south and 2 south → north, 10 January 2025")
        content = response.content.decode()
        assert "1 north → south and 2 south → north" in content

    def test_an_empty_round_reads_as_no_participants(self, contact_client, application, contact):
        fill_application(application, by=contact, rounds=[PlannedRoundData()])
        fill_application(fresh(application), by=contact)
        response = contact_client.get(url("application_history", application.partnership) + "?version=2")
        row = next(r for r in response.context["comparison"] if r["key"] == "rounds")
        assert row["then"].startswith("Round 1: no participants, … \u2013 …")


def test_the_summary_counts_both_ways(adviser_client, filled_application):
    content = adviser_client.get(edit_url(filled_application.partnership)).content.decode()
    assert content.count("1 north → south and 1 south → north") == 2  # both rounds


NS, SN, SS = RoundDirection.NORTH_SOUTH, RoundDirection.SOUTH_NORTH, RoundDirection.SOUTH_SOUTH


@pytest.mark.parametrize(
    ("planned", "recruited", "planned_text", "recruited_text"),
    [
        ({NS: 1, SN: 1}, None, "1 north → south and 1 south → north", ""),
        ({SS: 2}, {NS: 0, SN: 0, SS: 1}, "2 south → south", "1 of 2 south → south recruited"),
        ({NS: 1, SN: 1, SS: 2}, None, "1 north → south, 1 south → north and 2 south → south", ""),
        # Someone recruited a way the round does not plan is counted, not hidden.
        ({NS: 1}, {NS: 1, SN: 0, SS: 2}, "1 north → south", "1 of 1 north → south and 2 of 0 south → south recruited"),
        ({}, None, "", ""),
    ],
)
def test_the_counts_read_one_way(planned, recruited, planned_text, recruited_text):
    counts = participant_counts(planned, recruited)
    assert (counts.planned_text(), counts.recruited_text(), str(counts)) == (planned_text, recruited_text, planned_text)
