"""The legs of a round on the round page: added, changed and removed while the round is planned
or recruiting, within the round's period and the programme's lengths; the adviser's extra place;
after recruiting, a C05 amendment. Kampala (Olga) sends to Bergen (Chris); Ada advises."""

import re
import threading
from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test import Client
from django.urls import reverse

from exchanges import services
from exchanges.models import ExchangeLeg, Participant
from norec.core.audit import events_for
from norec.core.fsm import TransitionRefused
from tests.factories import approve_agreement, make_leg, participant_data, recruit, recruit_the_other_way, walk_round
from tests.partnerships.helpers import messages_of


@pytest.fixture
def exchange_round(round_ahead):
    return round_ahead


def round_url(exchange_round) -> str:
    return reverse("exchanges:round_detail", args=[exchange_round.agreement.partnership_id, exchange_round.number])


def leg_url(name: str, leg) -> str:
    exchange_round = leg.exchange_round
    return reverse(f"exchanges:{name}", args=[exchange_round.agreement.partnership_id, exchange_round.number, leg.pk])


def typed_leg(home, host, departure, months=12, participants=1) -> dict:
    return {"home": home.pk, "host": host.pk, "participants": participants, "months": months, "departure": departure}


def token_in(page: str, form: str) -> str:
    return re.search(rf'name="submission" value="([0-9a-f-]{{36}})"[^>]* id="{form}-submission"', page).group(1)


class TestTheLegsDates:
    @pytest.mark.parametrize("typed", ["9999-12-31", "0001-01-01"])
    def test_a_date_outside_the_round_is_refused_at_the_field_as_typed(
        self, typed, other_contact_client, exchange_round, organisation, other_organisation
    ):
        url = reverse("exchanges:add_leg", args=[exchange_round.agreement.partnership_id, 1])
        response = other_contact_client.post(url, typed_leg(other_organisation, organisation, typed))
        assert response.status_code == 400
        page = response.content.decode()
        assert f'value="{typed}"' in page
        assert "Round 1 runs from" in page and "a leg leaves within that period" in page
        assert not ExchangeLeg.objects.exists()
        assert other_contact_client.get(round_url(exchange_round)).status_code == 200

    def test_a_leg_returns_within_the_round(
        self, other_contact_client, exchange_round, organisation, other_organisation
    ):
        late = exchange_round.planned_end - relativedelta(months=6)
        url = reverse("exchanges:add_leg", args=[exchange_round.agreement.partnership_id, 1])
        response = other_contact_client.post(url, typed_leg(other_organisation, organisation, late.isoformat()))
        assert response.status_code == 400
        assert "returns on" in response.content.decode() and "leave earlier or choose a shorter exchange" in (
            response.content.decode()
        )
        response = other_contact_client.post(url, typed_leg(other_organisation, organisation, late.isoformat(), 6))
        assert messages_of(response) == ["The leg was added."]
        assert ExchangeLeg.objects.get().return_date == exchange_round.planned_end

    def test_the_service_checks_the_period_too(self, exchange_round, organisation, other_organisation):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError) as refused:
            make_leg(exchange_round, home=other_organisation, host=organisation, departure=date(9999, 12, 31))
        assert "departure" in refused.value.message_dict

    def test_a_leg_stored_with_an_impossible_date_does_not_break_the_pages(
        self, contact_client, exchange_round, organisation, other_organisation
    ):
        """Legs stored before they were bounded: the pages show them instead of answering 500."""
        leg = make_leg(exchange_round, home=other_organisation, host=organisation, participants=2)
        participant = recruit(leg)
        # Written directly: the services no longer accept such a date; the data predates them.
        ExchangeLeg.objects.filter(pk=leg.pk).update(departure=date(9999, 12, 31))
        assert contact_client.get(round_url(exchange_round)).status_code == 200
        detail = reverse("exchanges:participant_detail", args=[participant.pk])
        assert contact_client.get(detail).status_code == 200
        assert contact_client.get(reverse("exchanges:participant_pdf", args=[participant.pk])).status_code == 200


class TestChangingAndRemoving:
    def test_a_contact_changes_a_leg_and_the_open_items_move(
        self, contact_client, exchange_round, organisation, other_organisation
    ):
        leg = make_leg(exchange_round, home=other_organisation, host=organisation, participants=2)
        participant = recruit(leg)
        later = leg.departure + relativedelta(months=2)
        response = contact_client.post(
            leg_url("change_leg", leg), typed_leg(other_organisation, organisation, later.isoformat(), 6, 3)
        )
        assert messages_of(response) == ["The leg Kampala Youth Network → Bergen Health Trust was changed."]
        leg.refresh_from_db()
        assert (leg.departure, leg.months, leg.participants) == (later, 6, 3)
        assert participant.checklist.get(title="Visa").due_on == later - relativedelta(days=21)
        event = events_for(exchange_round.agreement.partnership).get(action="round.leg_changed")
        assert event.data["after"]["departure"] == later.isoformat() and event.comment == ""

    def test_a_change_with_an_error_keeps_what_was_typed(
        self, contact_client, exchange_round, organisation, other_organisation
    ):
        leg = make_leg(exchange_round, home=other_organisation, host=organisation)
        response = contact_client.post(
            leg_url("change_leg", leg), typed_leg(other_organisation, organisation, "9999-12-31")
        )
        assert response.status_code == 400
        page = response.content.decode()
        assert f'id="leg-{leg.pk}-departure"' in page and 'value="9999-12-31"' in page

    def test_a_leg_with_participants_keeps_its_organisations_and_a_place_for_each(
        self, contact, exchange_round, organisation, other_organisation, adviser
    ):
        leg = make_leg(exchange_round, home=other_organisation, host=organisation, participants=2)
        recruit(leg)
        recruit(leg, full_name="Peter Okello", email="peter@example.org")
        with pytest.raises(TransitionRefused) as refused:
            services.change_leg(
                leg,
                home=organisation,
                host=other_organisation,
                participants=2,
                months=6,
                departure=leg.departure,
                by=contact,
            )
        assert refused.value.reasons == [
            "Kampala Youth Network → Bergen Health Trust has participants, recruited by Kampala Youth Network: "
            "its organisations stay as they are."
        ]
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError) as refused:
            services.change_leg(
                leg,
                home=other_organisation,
                host=organisation,
                participants=1,
                months=6,
                departure=leg.departure,
                by=contact,
            )
        assert refused.value.message_dict["participants"] == [
            "2 participants take part on this leg: plan at least that many, or withdraw one first."
        ]

    def test_an_empty_leg_is_removed_and_one_with_participants_says_why_not(
        self, contact_client, exchange_round, organisation, other_organisation
    ):
        empty = make_leg(exchange_round, home=organisation, host=other_organisation)
        taken = make_leg(exchange_round, home=other_organisation, host=organisation)
        recruit(taken)
        page = contact_client.get(round_url(exchange_round)).content.decode()
        assert leg_url("remove_leg", empty) in page and leg_url("remove_leg", taken) not in page
        why = "Kampala Youth Network → Bergen Health Trust cannot be removed: participants are recorded on it."
        assert why in page
        response = contact_client.post(leg_url("remove_leg", taken))
        assert messages_of(response)[0].startswith(why)
        response = contact_client.post(leg_url("remove_leg", empty))
        assert messages_of(response)[-1] == "The leg Bergen Health Trust → Kampala Youth Network was removed."
        assert list(ExchangeLeg.objects.all()) == [taken]
        removed = events_for(exchange_round.agreement.partnership).get(action="round.leg_removed")
        assert (removed.data["home"], removed.data["participants"]) == ("Bergen Health Trust", 1)

    def test_after_recruiting_the_page_points_to_an_amendment(
        self, contact_client, contact, exchange_round, organisation, other_organisation
    ):
        leg = make_leg(exchange_round, home=other_organisation, host=organisation)
        walk_round(exchange_round, "start_recruiting")
        assert "Change this leg" in contact_client.get(round_url(exchange_round)).content.decode()
        recruit(leg)
        recruit_the_other_way(leg)
        approve_agreement(exchange_round)
        walk_round(exchange_round, "start_preparing")
        page = contact_client.get(round_url(exchange_round)).content.decode()
        note = (
            "Round 1 is “Preparing”: its legs, dates and budget now change only through a round agreement "
            "amendment (C05)."
        )
        assert page.count(note) == 2  # beside the legs and the round agreement
        assert "Change this leg" not in page and "Add a leg" not in page and "Save the round agreement" not in page
        response = contact_client.post(leg_url("change_leg", leg), typed_leg(other_organisation, organisation, "x"))
        assert messages_of(response) == [note]


class TestPlaces:
    def test_recruiting_beyond_the_planned_number_waits_for_the_advisers_extra_place(
        self, adviser_client, other_contact_client, other_contact, exchange_round, organisation, other_organisation
    ):
        leg = make_leg(exchange_round, home=other_organisation, host=organisation)
        recruit(leg)
        recruit_url = leg_url("recruit", leg)
        response = other_contact_client.post(recruit_url, participant_data(full_name="Peter Okello"))
        full = (
            "Every place on Kampala Youth Network → Bergen Health Trust is taken (1): the programme adviser may "
            "accept an extra place, with a reason."
        )
        assert messages_of(response) == [full]
        assert Participant.objects.count() == 1
        # A partner contact may not accept it; the adviser does, with a reason on record.
        response = other_contact_client.post(leg_url("accept_extra_place", leg), {"reason": "We can."})
        assert messages_of(response)[-1] == "Only the partnership's programme adviser may do this."
        page = adviser_client.get(round_url(exchange_round)).content.decode()
        assert leg_url("accept_extra_place", leg) in page
        response = adviser_client.post(leg_url("accept_extra_place", leg), {"reason": "Two nurses share one flat."})
        assert messages_of(response) == ["Kampala Youth Network → Bergen Health Trust may take one more participant."]
        event = events_for(exchange_round.agreement.partnership).get(action="round.extra_place_accepted")
        assert (event.comment, event.data["places"], event.data["planned"]) == ("Two nurses share one flat.", 2, 1)
        services.recruit_participant(leg, by=other_contact, **participant_data(full_name="Peter Okello"))
        assert Participant.objects.count() == 2

    def test_a_replacement_is_recruited_while_preparing(
        self, other_contact, exchange_round, organisation, other_organisation
    ):
        leg = make_leg(exchange_round, home=other_organisation, host=organisation)
        walk_round(exchange_round, "start_recruiting")
        amina = recruit(leg)
        recruit_the_other_way(leg)
        approve_agreement(exchange_round)
        walk_round(exchange_round, "start_preparing")
        with pytest.raises(TransitionRefused):
            recruit(leg, full_name="Peter Okello")
        services.withdraw_participant(amina, reason="Found another job.", by=other_contact)
        assert recruit(leg, full_name="Peter Okello").leg == leg

    def test_no_replacement_once_the_partnership_has_ended(
        self, adviser, other_contact, exchange_round, organisation, other_organisation
    ):
        from partnerships import services as case_services

        leg = make_leg(exchange_round, home=other_organisation, host=organisation)
        walk_round(exchange_round, "start_recruiting")
        amina = recruit(leg)
        recruit_the_other_way(leg)
        approve_agreement(exchange_round)
        walk_round(exchange_round, "start_preparing")
        services.withdraw_participant(amina, reason="Found another job.", by=other_contact)
        case_services.terminate(exchange_round.agreement.partnership, reason="Funding stopped.", by=adviser)
        with pytest.raises(TransitionRefused) as refused:
            recruit(ExchangeLeg.objects.get(pk=leg.pk), full_name="Peter Okello")  # as a fresh page shows it
        assert refused.value.reasons == ["The partnership is not in the exchange phase (it is terminated)."]


class TestFreshUnderTheLock:
    def test_a_stale_leg_in_hand_recruits_by_the_rounds_state_now(
        self, other_contact, exchange_round, organisation, other_organisation, adviser
    ):
        """The caller's leg still reads "planned"; the round has moved on since: the service reads
        the round afresh under the lock and answers by what it is now."""
        leg = make_leg(exchange_round, home=other_organisation, host=organisation)
        walk_round(exchange_round, "start_recruiting")
        assert leg.exchange_round.state == "planned"  # as the caller loaded it
        participant = recruit(leg)
        assert participant.leg.exchange_round.state == "recruiting"
        recruit_the_other_way(leg)
        approve_agreement(exchange_round)
        walk_round(exchange_round, "start_preparing")
        with pytest.raises(TransitionRefused) as refused:
            recruit(leg, full_name="Peter Okello")  # the leg in hand still says "planned"
        assert "Every place on" in refused.value.reasons[0]


class TestDoubleSubmits:
    def test_the_same_leg_form_twice_adds_one_leg(
        self, other_contact_client, exchange_round, organisation, other_organisation
    ):
        token = token_in(other_contact_client.get(round_url(exchange_round)).content.decode(), "leg")
        data = {
            **typed_leg(other_organisation, organisation, exchange_round.planned_start.isoformat()),
            "submission": token,
        }
        url = reverse("exchanges:add_leg", args=[exchange_round.agreement.partnership_id, 1])
        responses = [other_contact_client.post(url, data) for _ in range(2)]
        assert [r.status_code for r in responses] == [302, 302]
        assert messages_of(responses[1])[-1] == "The leg was added."
        assert ExchangeLeg.objects.count() == 1

    def test_the_same_recruit_form_twice_recruits_one_and_shows_them(
        self, other_contact_client, exchange_round, organisation, other_organisation
    ):
        leg = make_leg(exchange_round, home=other_organisation, host=organisation, participants=2)
        token = token_in(other_contact_client.get(leg_url("recruit", leg)).content.decode(), "participant")
        data = {**participant_data(), "submission": token}
        first = other_contact_client.post(leg_url("recruit", leg), data)
        second = other_contact_client.post(leg_url("recruit", leg), data)
        participant = Participant.objects.get()
        assert first["Location"] == second["Location"] == reverse("exchanges:participant_detail", args=[participant.pk])
        assert messages_of(second)[-1] == "Amina Nakato was recruited. Invite them from their page."

    @pytest.mark.django_db(transaction=True)
    def test_a_double_click_recruits_one(self, round_ahead, organisation, other_organisation, other_contact):
        """Two requests at once with the same form: one waits on the other's claim of the token."""
        from exchanges.models import ChecklistTemplate, ChecklistTemplateItem
        from exchanges.programme_checklist import install_programme_checklist

        install_programme_checklist(ChecklistTemplate, ChecklistTemplateItem)  # emptied by transactional tests
        leg = make_leg(round_ahead, home=other_organisation, host=organisation, participants=2)
        client = Client()
        client.force_login(other_contact)
        data = {
            **participant_data(),
            "submission": token_in(client.get(leg_url("recruit", leg)).content.decode(), "participant"),
        }
        responses = []

        def click():
            try:
                own = Client()
                own.cookies = client.cookies
                responses.append(own.post(leg_url("recruit", leg), data))
            finally:
                connection.close()

        clicks = [threading.Thread(target=click) for _ in range(2)]
        for thread in clicks:
            thread.start()
        for thread in clicks:
            thread.join()
        assert [response.status_code for response in responses] == [302, 302]
        assert Participant.objects.count() == 1
