"""The round's steps on its page: what each still needs from the start, the departure from the
first leg's date with a confirmation naming its consequence, the adviser's correction of a
mistaken departure, and timeline entries that read in the reader's language."""

from dataclasses import replace

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone, translation

from exchanges import services
from exchanges.models import ExchangeRound, legs_cover_the_plan
from norec.core.audit import events_for
from norec.core.fsm import TransitionRefused
from norec.core.timeline import render_timeline, timeline_rows
from tests.exchanges.conftest import round_of_18_months, this_month
from tests.factories import ROUND_AGREEMENT, approve_agreement, make_leg, recruit, recruit_the_other_way, walk_round
from tests.partnerships.helpers import messages_of


def round_url(exchange_round) -> str:
    return reverse("exchanges:round_detail", args=[exchange_round.agreement.partnership_id, exchange_round.number])


def step_url(exchange_round, step: str) -> str:
    return reverse("exchanges:advance_round", args=[exchange_round.agreement.partnership_id, 1, step])


def state_of(exchange_round) -> str:
    return ExchangeRound.objects.get(pk=exchange_round.pk).state


APPROVAL = "The programme adviser approves the round agreement of round 1 (its texts and budget)."


class TestWhatTheRoundNeeds:
    def test_from_the_start_the_page_says_preparing_waits_for_the_approved_agreement(self, contact_client, round_ahead):
        page = contact_client.get(round_url(round_ahead)).content.decode()
        assert step_url(round_ahead, "start_recruiting") in page
        assert "Before “Start preparing the participants”:" in page
        assert APPROVAL in page and "Describe what the participants will do." in page
        assert "Before “Participants have left”:" in page and "The round has no exchange legs yet." in page
        assert "amendment (C05)" not in page  # the legs and the budget can still change here

    def test_preparing_needs_legs_for_every_direction_the_round_plans(
        self, contact, contact_client, round_ahead, organisation, other_organisation
    ):
        """Round 1 plans one participant each way: a leg one way only, recruited, is not enough."""
        approve_agreement(round_ahead)
        walk_round(round_ahead, "start_recruiting")
        with pytest.raises(TransitionRefused) as refused:
            services.advance_round(round_ahead, "start_preparing", by=contact)
        assert refused.value.reasons == [
            "Round 1 plans 1 north → south; its legs take 0. Add or change a leg.",
            "Round 1 plans 1 south → north; its legs take 0. Add or change a leg.",
            "The round has no exchange legs yet.",
        ]
        leg = make_leg(round_ahead, home=other_organisation, host=organisation)
        recruit(leg)
        with pytest.raises(TransitionRefused) as refused:
            services.advance_round(round_ahead, "start_preparing", by=contact)
        assert refused.value.reasons == ["Round 1 plans 1 north → south; its legs take 0. Add or change a leg."]
        page = contact_client.get(round_url(round_ahead)).content.decode()
        assert "Round 1 plans 1 north → south; its legs take 0. Add or change a leg." in page and "Add a leg" in page
        recruit_the_other_way(leg)
        services.advance_round(round_ahead, "start_preparing", by=contact)
        assert state_of(round_ahead) == "preparing"

    def test_a_leg_counts_the_participants_it_plans(self, contact, exchange_case_with_rounds):
        """Two north → south planned, one leg of one that way: one short."""
        planned = replace(round_of_18_months(this_month() + relativedelta(months=6)), participants_north_south=2)
        case = exchange_case_with_rounds(rounds=[planned])
        exchange_round = case.agreement.rounds.get(number=1)
        norway, uganda = (case.organisations.get(country=country) for country in ("NO", "UG"))
        leg = make_leg(exchange_round, home=uganda, host=norway)
        recruit_the_other_way(leg)
        assert legs_cover_the_plan.reasons(exchange_round) == [
            "Round 1 plans 2 north → south; its legs take 1. Add or change a leg."
        ]

    def test_an_age_outside_the_rule_is_decided_before_preparing(
        self, adviser_client, contact_client, round_ahead, organisation, other_organisation
    ):
        leg = make_leg(round_ahead, home=other_organisation, host=organisation)
        walk_round(round_ahead, "start_recruiting")
        amina = recruit(leg, date_of_birth=leg.departure - relativedelta(years=40))
        recruit_the_other_way(leg)
        approve_agreement(round_ahead)
        said = (
            "Amina Nakato will be 40 at departure; the main rule is 18 to 35. The programme adviser decides on the "
            "age before the round is prepared."
        )
        assert said in contact_client.get(round_url(round_ahead)).content.decode()
        response = contact_client.post(step_url(round_ahead, "start_preparing"), {"confirm": "on"})
        assert messages_of(response) == [said]
        # The adviser decides on the participant's page, while the round still recruits.
        accept = reverse("exchanges:accept_age", args=[amina.pk])
        page = adviser_client.get(reverse("exchanges:participant_detail", args=[amina.pk])).content.decode()
        assert accept in page
        adviser_client.post(accept, {"reason": "A senior nurse who leads the new routine."})
        response = contact_client.post(step_url(round_ahead, "start_preparing"), {"confirm": "on"})
        assert messages_of(response)[-1] == "Round 1: “Start preparing the participants” is recorded."
        assert state_of(round_ahead) == "preparing"

    def test_a_withdrawn_participant_outside_the_age_rule_holds_nothing_up(
        self, other_contact, round_ahead, organisation, other_organisation
    ):
        leg = make_leg(round_ahead, home=other_organisation, host=organisation)
        walk_round(round_ahead, "start_recruiting")
        older = recruit(leg, date_of_birth=leg.departure - relativedelta(years=40))
        services.withdraw_participant(older, reason="Found another job.", by=other_contact)
        recruit(leg, full_name="Peter Okello", email="peter@example.org")
        recruit_the_other_way(leg)
        approve_agreement(round_ahead)
        walk_round(round_ahead, "start_preparing")
        assert state_of(round_ahead) == "preparing"

    def test_a_round_past_preparing_asks_the_adviser_for_no_approval(self, adviser_client, follow_up_case):
        """Its exchange done (here without a round agreement ever approved): nothing to approve now."""
        page = adviser_client.get(round_url(follow_up_case.agreement.rounds.get(number=1))).content.decode()
        assert "Not approved yet" in page and "Before you can approve it" not in page

    def test_preparing_is_confirmed_with_its_consequence(
        self, contact_client, round_ahead, organisation, other_organisation
    ):
        leg = make_leg(round_ahead, home=other_organisation, host=organisation)
        walk_round(round_ahead, "start_recruiting")
        recruit(leg)
        recruit_the_other_way(leg)
        approve_agreement(round_ahead)
        page = contact_client.get(round_url(round_ahead)).content.decode()
        assert "its legs and round agreement change only through an amendment (C05)" in page
        response = contact_client.post(step_url(round_ahead, "start_preparing"))
        assert messages_of(response) == ["Tick the box to confirm that the participants of round 1 are recruited."]
        assert state_of(round_ahead) == "recruiting"
        response = contact_client.post(step_url(round_ahead, "start_preparing"), {"confirm": "on"})
        assert messages_of(response)[-1] == "Round 1: “Start preparing the participants” is recorded."
        assert state_of(round_ahead) == "preparing"

    def test_only_the_cases_people_write_the_agreement_and_only_its_adviser_approves_it(
        self, other_adviser, contact, round_ahead
    ):
        with pytest.raises(TransitionRefused) as refused:
            services.set_round_agreement(round_ahead, **ROUND_AGREEMENT, by=other_adviser)
        assert refused.value.reasons == [
            "Only the partnership's adviser and partner contacts may set the round's budget."
        ]
        services.set_round_agreement(round_ahead, **ROUND_AGREEMENT, by=contact)
        with pytest.raises(TransitionRefused) as refused:
            services.approve_round_agreement(round_ahead, by=contact)
        assert refused.value.reasons == ["Only the partnership's programme adviser may do this."]
        services.approve_round_agreement(round_ahead, by=round_ahead.agreement.partnership.adviser)
        with pytest.raises(TransitionRefused) as refused:
            services.approve_round_agreement(round_ahead, by=round_ahead.agreement.partnership.adviser)
        assert refused.value.reasons == ["The round agreement of round 1 is approved."]

    def test_only_the_cases_people_plan_legs(self, other_adviser_client, round_ahead, organisation, other_organisation):
        url = reverse("exchanges:add_leg", args=[round_ahead.agreement.partnership_id, 1])
        data = {"home": organisation.pk, "host": other_organisation.pk, "participants": 1, "months": 6}
        response = other_adviser_client.post(url, {**data, "departure": round_ahead.planned_start.isoformat()})
        assert messages_of(response) == ["Only the partnership's adviser and partner contacts plan its legs."]
        assert not round_ahead.legs.exists()

    def test_preparing_is_refused_until_the_agreement_is_approved(
        self, other_contact, adviser, round_ahead, organisation, other_organisation
    ):
        leg = make_leg(round_ahead, home=other_organisation, host=organisation)
        walk_round(round_ahead, "start_recruiting")
        recruit(leg)
        recruit_the_other_way(leg)
        with pytest.raises(TransitionRefused) as refused:
            services.advance_round(round_ahead, "start_preparing", by=other_contact)
        assert refused.value.reasons[-1] == APPROVAL
        assert state_of(round_ahead) == "recruiting"
        approve_agreement(round_ahead)
        services.advance_round(round_ahead, "start_preparing", by=other_contact)
        assert state_of(round_ahead) == "preparing"


@pytest.fixture
def preparing_ahead(round_ahead, organisation, other_organisation):
    """Round 1, prepared, its legs (one each way) leaving on the round's start, months from now."""
    leg = make_leg(round_ahead, home=other_organisation, host=organisation)
    walk_round(round_ahead, "start_recruiting")
    recruit(leg)
    recruit_the_other_way(leg)
    approve_agreement(round_ahead)
    walk_round(round_ahead, "start_preparing")
    return round_ahead


@pytest.fixture
def preparing_now(round_under_way, organisation, other_organisation):
    """Round 1, prepared, its legs leaving a month after its start (months ago) and the next month."""
    start = round_under_way.planned_start
    first = make_leg(
        round_under_way, home=other_organisation, host=organisation, departure=start + relativedelta(months=1)
    )
    second = make_leg(
        round_under_way, home=organisation, host=other_organisation, departure=start + relativedelta(months=2)
    )
    walk_round(round_under_way, "start_recruiting")
    recruit(first)
    recruit(second, full_name="Kari Nordmann", email="kari@example.org", nationality="NO")
    approve_agreement(round_under_way)
    walk_round(round_under_way, "start_preparing")
    return round_under_way


class TestDeparture:
    def test_not_before_the_first_legs_departure_and_the_page_names_the_date(
        self, contact_client, other_contact, preparing_ahead
    ):
        with pytest.raises(TransitionRefused) as refused:
            services.advance_round(preparing_ahead, "depart", by=other_contact)
        (reason,) = refused.value.reasons
        assert reason.startswith("The first leg of round 1 leaves on ")
        assert reason.endswith("; its departure can be recorded from then.")
        page = contact_client.get(round_url(preparing_ahead)).content.decode()
        assert reason in page and step_url(preparing_ahead, "depart") not in page
        response = contact_client.post(step_url(preparing_ahead, "depart"), {"confirm": "on"})
        assert messages_of(response) == [reason]
        assert state_of(preparing_ahead) == "preparing"

    def test_from_the_first_departure_with_the_box_ticked(self, contact_client, preparing_now):
        page = contact_client.get(round_url(preparing_now)).content.decode()
        assert step_url(preparing_now, "depart") in page
        assert "only the programme adviser can take this back" in page
        response = contact_client.post(step_url(preparing_now, "depart"))
        assert messages_of(response) == ["Tick the box to confirm that the participants of round 1 have left."]
        assert state_of(preparing_now) == "preparing"
        response = contact_client.post(step_url(preparing_now, "depart"), {"confirm": "on"})
        assert messages_of(response)[-1] == "Round 1: “Participants have left” is recorded."
        assert state_of(preparing_now) == "in_exchange"

    def test_the_adviser_corrects_a_mistaken_departure_with_a_reason(
        self, adviser_client, contact_client, preparing_now, other_contact
    ):
        services.advance_round(preparing_now, "depart", by=other_contact)
        url = reverse("exchanges:correct_departure", args=[preparing_now.agreement.partnership_id, 1])
        assert url not in contact_client.get(round_url(preparing_now)).content.decode()
        response = contact_client.post(url, {"reason": "Oops."})
        assert messages_of(response) == ["Only the partnership's programme adviser may do this."]
        assert url in adviser_client.get(round_url(preparing_now)).content.decode()
        response = adviser_client.post(url, {"reason": "  "})
        assert response.status_code == 400
        assert state_of(preparing_now) == "in_exchange"
        response = adviser_client.post(url, {"reason": "Their flights were moved to next month."})
        assert messages_of(response)[-1] == "The departure of round 1 is taken back: the round is preparing again."
        assert state_of(preparing_now) == "preparing"
        event = events_for(preparing_now.agreement.partnership).first()
        assert (event.action, event.from_state, event.to_state, event.comment) == (
            "round.departure_corrected",
            "in_exchange",
            "preparing",
            "Their flights were moved to next month.",
        )

    def test_a_participant_whose_leg_leaves_later_has_not_returned_early(
        self, other_contact_client, other_contact, round_under_way, organisation, other_organisation
    ):
        """The round departed with its first leg; a later leg's participant can still withdraw, but
        has not left, so has not come home early either."""
        start, this_month = round_under_way.planned_start, timezone.localdate().replace(day=1)
        first = make_leg(round_under_way, home=other_organisation, host=organisation, departure=start)
        later = make_leg(
            round_under_way, home=other_organisation, host=organisation, departure=this_month + relativedelta(months=1)
        )
        walk_round(round_under_way, "start_recruiting")
        recruit(first)
        kari = recruit(later, full_name="Kari Later", email="kari@example.org")
        recruit_the_other_way(first)
        approve_agreement(round_under_way)
        walk_round(round_under_way, "start_preparing", "depart")
        with pytest.raises(TransitionRefused) as refused:
            services.return_participant_early(kari, reason="Ill.", returned_on=timezone.localdate(), by=other_contact)
        assert refused.value.reasons[0].startswith("Kari Later leaves on ")
        assert refused.value.reasons[0].endswith(": until then, withdraw instead.")
        page = other_contact_client.get(reverse("exchanges:participant_detail", args=[kari.pk])).content.decode()
        assert "Withdraw the participant" in page and "Record an early return" not in page

    def test_not_once_someone_came_home_early(self, adviser, preparing_now, other_contact):
        services.advance_round(preparing_now, "depart", by=other_contact)
        amina = preparing_now.legs.order_by("pk").first().participant_set.get()
        services.return_participant_early(
            amina, reason="Ill.", returned_on=amina.leg.departure + relativedelta(days=10), by=other_contact
        )
        with pytest.raises(TransitionRefused) as refused:
            services.correct_departure(preparing_now, reason="Oops.", by=adviser)
        assert refused.value.reasons == ["The early return of Amina Nakato is recorded: the participants did leave."]


class TestTheTimelineInTheReadersLanguage:
    def test_leg_recruiting_and_an_early_return_read_in_bokmal(self, preparing_now, other_contact):
        services.advance_round(preparing_now, "depart", by=other_contact)
        amina = preparing_now.legs.order_by("pk").first().participant_set.get()
        returned_on = amina.leg.departure + relativedelta(days=10)
        services.return_participant_early(amina, reason="Syk.", returned_on=returned_on, by=other_contact)
        events = events_for(preparing_now.agreement.partnership)
        stored = " ".join(events.values_list("comment", flat=True))
        assert returned_on.isoformat() not in stored and "participant for" not in stored
        with translation.override("nb"):
            timeline = str(render_timeline(timeline_rows(events)))
        month = [
            "januar",
            "februar",
            "mars",
            "april",
            "mai",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "desember",
        ]
        assert (
            f"Amina Nakato kom hjem {returned_on.day}. {month[returned_on.month - 1]} {returned_on.year}." in timeline
        )
        assert "Runde 1: Kampala Youth Network → Bergen Health Trust, 1 deltaker i 6 måneder fra" in timeline
        assert "Syk." in timeline
        with translation.override("en"):
            timeline = str(render_timeline(timeline_rows(events)))
        assert "Round 1: Kampala Youth Network → Bergen Health Trust, 1 participant for 6 months from" in timeline

    def test_the_age_warning_is_told_in_the_readers_language(self, round_ahead, organisation, other_organisation):
        leg = make_leg(round_ahead, home=other_organisation, host=organisation)
        recruit(leg, date_of_birth=leg.departure - relativedelta(years=40))
        event = events_for(round_ahead.agreement.partnership).get(action="participant.recruited")
        assert event.comment == "" and event.data["age"] == 40
        with translation.override("nb"):
            timeline = str(render_timeline(timeline_rows(events_for(round_ahead.agreement.partnership))))
        assert "Amina Nakato vil være 40 år ved avreise; hovedregelen er 18 til 35 år." in timeline

    def test_an_entry_written_before_its_data_shows_its_comment(self, round_ahead, adviser):
        from partnerships.notifications import record_case_event

        record_case_event(round_ahead.agreement.partnership, action="round.leg_added", by=adviser, comment="Old text")
        timeline = str(render_timeline(timeline_rows(events_for(round_ahead.agreement.partnership))))
        assert "Old text" in timeline
