"""Legs, participants and their checklists: the rules of issue [5/10] at the service level."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from exchanges import services
from exchanges.models import (
    BudgetLine,
    ChecklistItem,
    ChecklistTemplate,
    ItemStatus,
    ParticipantStatus,
    RoundState,
    activity_cap_reasons,
    direction_between,
)
from norec.core.audit import events_for
from norec.core.fsm import TransitionRefused
from norec.core.models import Invitation
from norec.core.roles import Role
from tests.factories import OrganisationFactory, make_leg, pdf_upload, recruit


@pytest.fixture
def exchange_round(exchange_case):
    return exchange_case.agreement.rounds.get(number=1)


@pytest.fixture
def leg(exchange_round, organisation, other_organisation):
    """Kampala sends one participant to Bergen for 12 months from 1 August 2027."""
    return make_leg(exchange_round, home=other_organisation, host=organisation, departure=date(2027, 8, 1))


class TestDirection:
    @pytest.mark.parametrize(
        ("home", "host", "direction"),
        [("NO", "UG", "north_south"), ("UG", "NO", "south_north"), ("UG", "TH", "south_south"), ("NO", "NO", None)],
    )
    def test_it_is_read_from_the_countries(self, db, home, host, direction):
        assert direction_between(OrganisationFactory(country=home), OrganisationFactory(country=host)) == direction

    def test_a_leg_shows_it(self, leg):
        assert leg.direction == "south_north"
        assert leg.return_date == date(2028, 8, 1)

    def test_a_north_north_leg_is_refused(self, exchange_round, organisation):
        norwegian = OrganisationFactory(name="Oslo Met", country="NO")
        exchange_round.agreement.partnership.partners.create(organisation=norwegian)
        with pytest.raises(ValidationError, match="two Norwegian organisations"):
            make_leg(exchange_round, home=organisation, host=norwegian)

    def test_both_ends_must_be_partners(self, exchange_round, organisation):
        with pytest.raises(ValidationError, match="must be partners"):
            make_leg(exchange_round, home=organisation, host=OrganisationFactory(country="TH"))


class TestActivityCap:
    def test_within_ten_percent_of_participant_costs(self):
        amounts = {
            BudgetLine.HOUSING: Decimal(60000),
            BudgetLine.TRAVEL: Decimal(30000),
            BudgetLine.ACTIVITIES: Decimal(10000),
        }
        assert activity_cap_reasons(amounts) == []

    def test_over_the_cap_says_by_how_much(self):
        amounts = {
            BudgetLine.HOUSING: Decimal(60000),
            BudgetLine.ACTIVITIES: Decimal(10000),
            BudgetLine.ADMINISTRATION: Decimal(50000),  # not a participant cost: no room for activities
        }
        assert activity_cap_reasons(amounts) == [
            "Participant activities (10000) may be at most 10 % of the participant-related costs (7000.00)."
        ]


class TestRecruiting:
    def test_the_home_organisation_recruits_and_a_checklist_is_made(self, leg, other_contact):
        participant = recruit(leg, by=other_contact)
        items = list(participant.checklist.all())
        template = ChecklistTemplate.objects.get(is_active=True)
        applicable = [item for item in template.items.all() if item.applies("internal")]
        assert [item.title for item in items] == [item.title for item in applicable]
        visa = participant.checklist.get(title="Visa")
        assert visa.due_on == date(2027, 8, 1) - timedelta(days=21)
        assert visa.responsible == "participant" and visa.requires_document
        # The recruitment kind chooses the follow-up focus.
        assert participant.checklist.filter(title__startswith="Organisational development").exists()
        assert not participant.checklist.filter(title="Knowledge and skills transferred").exists()

    @pytest.mark.parametrize("who", ["contact", "adviser"])
    def test_only_the_home_organisations_contacts_recruit(self, request, leg, who):
        with pytest.raises(TransitionRefused) as refusal:
            recruit(leg, by=request.getfixturevalue(who))
        assert refusal.value.reasons == ["Only the partner contacts of Kampala Youth Network recruit its participants."]

    def test_an_age_outside_the_main_rule_is_a_warning_the_adviser_may_accept(self, leg, adviser, other_contact):
        participant = recruit(leg, date_of_birth=date(1990, 1, 1))
        assert participant.age_warning() == "Amina Nakato will be 37 at departure; the main rule is 18 to 35."
        assert participant.needs_age_acceptance
        with pytest.raises(TransitionRefused):
            services.accept_age(participant, reason="Senior nurse, agreed with Norec.", by=other_contact)
        participant = services.accept_age(participant, reason="Senior nurse, agreed with Norec.", by=adviser)
        assert not participant.needs_age_acceptance
        assert participant.age_accepted_by == adviser
        case = participant.partnership
        assert events_for(case).filter(action="participant.age_accepted").get().comment.endswith("agreed with Norec.")

    def test_an_age_within_the_rule_needs_nothing(self, leg):
        assert recruit(leg).age_warning() == ""

    def test_inviting_gives_a_participant_account_for_this_exchange(self, leg, other_contact):
        participant = services.invite_participant(recruit(leg), by=other_contact)
        assert participant.user.role == Role.PARTICIPANT
        assert participant.user.email == "amina@example.org"
        assert Invitation.objects.filter(user=participant.user).exists()

    def test_an_email_of_another_account_is_refused(self, leg, other_contact, contact):
        participant = recruit(leg, email=contact.email)
        with pytest.raises(ValidationError, match="already has an account"):
            services.invite_participant(participant, by=other_contact)


class TestChecklist:
    def test_the_host_completes_host_items_but_not_the_senders(self, leg, contact):
        participant = recruit(leg)
        housing = participant.checklist.get(title="Housing arranged")
        done = services.complete_item(housing, by=contact)
        assert done.status == ItemStatus.DONE and done.completed_by == contact
        contract = participant.checklist.get(title="Work contract")
        with pytest.raises(TransitionRefused) as refusal:
            services.complete_item(contract, by=contact)
        assert refusal.value.reasons == ["This item is for the sending organisation."]

    def test_the_participant_ticks_their_own_item_with_its_document(self, leg, other_contact):
        participant = services.invite_participant(recruit(leg), by=other_contact)
        insurance = participant.checklist.get(title="Travel and health insurance")
        with pytest.raises(ValidationError, match="Upload the document"):
            services.complete_item(insurance, by=participant.user)
        done = services.complete_item(insurance, by=participant.user, document=pdf_upload("insurance.pdf"))
        assert done.status == ItemStatus.DONE and done.document_filename == "insurance.pdf"

    def test_moving_the_dates_moves_open_items_only(self, leg, contact, other_contact):
        participant = recruit(leg)
        services.complete_item(participant.checklist.get(title="Housing arranged"), by=contact)
        moved = services.change_leg_dates(leg, departure=date(2027, 9, 1), months=12, by=other_contact)
        visa = participant.checklist.get(title="Visa")
        assert visa.due_on == date(2027, 9, 1) - timedelta(days=21)
        assert participant.checklist.get(title="Housing arranged").due_on == date(2027, 8, 1) - timedelta(days=14)
        assert moved == participant.checklist.filter(status=ItemStatus.OPEN).count()
        assert events_for(leg.exchange_round.agreement.partnership).filter(action="round.leg_dates_changed").exists()

    def test_a_template_change_affects_new_checklists_only(self, leg):
        first = recruit(leg)
        ChecklistTemplate.objects.get(is_active=True).items.create(
            title="Vaccinations", phase="before", responsible="participant", due_from="departure", offset_days=-30
        )
        second = recruit(leg, full_name="Peter Okello", email="peter@example.org")
        assert not first.checklist.filter(title="Vaccinations").exists()
        assert second.checklist.filter(title="Vaccinations").exists()


class TestLeavingEarly:
    def test_an_early_return_closes_the_rest_of_the_stay_and_keeps_the_follow_up(self, leg, other_contact):
        participant = recruit(leg)
        participant = services.return_participant_early(
            participant, reason="Family illness.", returned_on=date(2028, 2, 1), by=other_contact
        )
        assert participant.status == ParticipantStatus.RETURNED_EARLY
        work_plan = participant.checklist.get(title="Detailed work plan for the year")
        assert work_plan.status == ItemStatus.NOT_APPLICABLE
        assert work_plan.not_applicable_reason == "Returned early: Family illness."
        follow_up = participant.checklist.get(title="Follow-up work carried out")
        assert follow_up.status == ItemStatus.OPEN
        assert follow_up.due_on == date(2028, 2, 1) + timedelta(days=90)

    def test_a_withdrawal_closes_every_open_item(self, leg, other_contact):
        participant = services.withdraw_participant(recruit(leg), reason="Found another job.", by=other_contact)
        assert participant.status == ParticipantStatus.WITHDRAWN
        assert not ChecklistItem.objects.filter(participant=participant, status=ItemStatus.OPEN).exists()

    def test_nobody_ticks_items_of_someone_who_left(self, leg, other_contact):
        participant = services.withdraw_participant(recruit(leg), reason="Found another job.", by=other_contact)
        item = participant.checklist.get(title="Work contract")
        with pytest.raises(TransitionRefused) as refusal:
            services.reopen_item(item, by=other_contact)
        assert refusal.value.reasons[0] == "Amina Nakato no longer takes part in the exchange."


class TestRoundStates:
    def test_preparing_waits_until_every_leg_is_recruited(self, exchange_round, leg, other_contact):
        from norec.core.fsm import take_transition

        take_transition(exchange_round, "start_recruiting", other_contact, other_contact, wrong_state=lambda *a: "")
        exchange_round.save()
        assert exchange_round.state == RoundState.RECRUITING
        with pytest.raises(TransitionRefused) as refusal:
            take_transition(exchange_round, "start_preparing", other_contact, other_contact, wrong_state=lambda *a: "")
        assert refusal.value.reasons == ["Kampala Youth Network → Bergen Health Trust: 0 of 1 participants recruited."]
