"""Legs, participants and their checklists: the rules of issue [5/10] at the service level."""

from datetime import timedelta
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.urls import reverse

from exchanges import services
from exchanges.models import (
    BudgetLine,
    ChecklistItem,
    ChecklistTemplate,
    ItemStatus,
    ParticipantStatus,
    activity_cap_reasons,
    direction_between,
)
from norec.core.audit import events_for
from norec.core.fsm import TransitionRefused
from norec.core.models import Invitation
from norec.core.roles import Role
from tests.factories import (
    OrganisationFactory,
    approve_agreement,
    make_leg,
    pdf_upload,
    recruit,
    recruit_the_other_way,
    walk_round,
)


@pytest.fixture
def exchange_round(round_ahead):
    return round_ahead


@pytest.fixture
def leg(exchange_round, organisation, other_organisation):
    """Kampala sends two participants to Bergen for 12 months from the round's start (ahead)."""
    return make_leg(exchange_round, home=other_organisation, host=organisation, participants=2, months=12)


@pytest.fixture
def abroad(round_under_way, organisation, other_organisation, other_contact):
    """Kampala's participant on a leg that left a month after the round began (months ago) and
    returns in a year: the round has departed."""
    departure = round_under_way.planned_start + relativedelta(months=1)
    leg = make_leg(round_under_way, home=other_organisation, host=organisation, months=12, departure=departure)
    walk_round(round_under_way, "start_recruiting")
    participant = recruit(leg)
    recruit_the_other_way(leg)
    approve_agreement(round_under_way)
    walk_round(round_under_way, "start_preparing", "depart")
    participant.refresh_from_db()
    return participant


class TestDirection:
    @pytest.mark.parametrize(
        ("home", "host", "direction"),
        [("NO", "UG", "north_south"), ("UG", "NO", "south_north"), ("UG", "TH", "south_south"), ("NO", "NO", None)],
    )
    def test_it_is_read_from_the_countries(self, db, home, host, direction):
        assert direction_between(OrganisationFactory(country=home), OrganisationFactory(country=host)) == direction

    def test_a_leg_shows_it(self, leg):
        assert leg.direction == "south_north"
        assert leg.return_date == leg.departure + relativedelta(months=12)

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
        assert visa.due_on == leg.departure - timedelta(days=21)
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
        participant = recruit(leg, date_of_birth=leg.departure - relativedelta(years=37))
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

    def test_moving_the_dates_moves_open_items_only(
        self, leg, contact, other_contact, organisation, other_organisation
    ):
        participant = recruit(leg)
        services.complete_item(participant.checklist.get(title="Housing arranged"), by=contact)
        first, later = leg.departure, leg.departure + relativedelta(months=1)
        moved = services.change_leg(
            leg,
            home=other_organisation,
            host=organisation,
            participants=1,
            months=12,
            departure=later,
            by=other_contact,
        )
        visa = participant.checklist.get(title="Visa")
        assert visa.due_on == later - timedelta(days=21)
        assert participant.checklist.get(title="Housing arranged").due_on == first - timedelta(days=14)
        event = events_for(leg.exchange_round.agreement.partnership).get(action="round.leg_changed")
        assert event.data["moved"] == participant.checklist.filter(status=ItemStatus.OPEN).count()
        assert (event.data["before"]["departure"], event.data["after"]["departure"]) == (
            first.isoformat(),
            later.isoformat(),
        )
        assert moved.departure == later

    def test_a_template_change_affects_new_checklists_only(self, leg):
        first = recruit(leg)
        ChecklistTemplate.objects.get(is_active=True).items.create(
            title="Vaccinations", phase="before", responsible="participant", due_from="departure", offset_days=-30
        )
        second = recruit(leg, full_name="Peter Okello", email="peter@example.org")
        assert not first.checklist.filter(title="Vaccinations").exists()
        assert second.checklist.filter(title="Vaccinations").exists()


class TestLeavingEarly:
    def test_an_early_return_closes_the_rest_of_the_stay_and_keeps_the_follow_up(self, abroad, other_contact):
        returned_on = abroad.leg.departure + relativedelta(months=2)
        participant = services.return_participant_early(
            abroad, reason="Family illness.", returned_on=returned_on, by=other_contact
        )
        assert participant.status == ParticipantStatus.RETURNED_EARLY
        work_plan = participant.checklist.get(title="Detailed work plan for the year")
        assert work_plan.status == ItemStatus.NOT_APPLICABLE
        assert work_plan.not_applicable_reason == "Returned early: Family illness."
        follow_up = participant.checklist.get(title="Follow-up work carried out")
        assert follow_up.status == ItemStatus.OPEN
        assert follow_up.due_on == returned_on + timedelta(days=90)

    def test_who_came_home_early_still_counts_as_recruited(self, abroad, other_contact, contact_client):
        """She went: the round's counts (its page, the case page, the PDFs) still hold her."""
        services.return_participant_early(
            abroad,
            reason="Family illness.",
            returned_on=abroad.leg.departure + relativedelta(months=2),
            by=other_contact,
        )
        case = abroad.partnership
        both = "1 of 1 north → south and 1 of 1 south → north recruited"
        round_page = reverse("exchanges:round_detail", args=[case.pk, abroad.leg.exchange_round.number])
        assert both in contact_client.get(round_page).content.decode()
        assert both in contact_client.get(case.get_absolute_url()).content.decode()

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
