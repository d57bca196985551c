"""The project application: drafting together (with conflict detection), submission with a
list of what is missing, and the adviser's return, approval and decline."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from norec.core.audit import events_for
from partnerships import services
from partnerships.models import Agreement, Application, ApplicationStatus, Phase
from partnerships.permissions import transition_refusal_reasons
from partnerships.services import EditConflict, PlannedRoundData, TransitionRefused
from tests.partnerships.conftest import ROUNDS, fill_application, reload


def fresh(application) -> Application:
    return Application.objects.select_related("partnership").get(pk=application.pk)


# --- Drafting ---


def test_any_contact_of_the_case_saves_the_draft(application, contact, other_contact, other_organisation):
    saved = fill_application(application, by=contact)
    assert saved.version == 2
    assert [r.number for r in saved.rounds.all()] == [1, 2]
    saved = fill_application(saved, by=other_contact, organisation_goals={other_organisation.pk: "Our own goals"})
    assert saved.version == 3
    assert saved.organisation_goals.get(organisation=other_organisation).goals == "Our own goals"
    assert saved.last_edited_by == other_contact
    assert events_for(application.partnership).first().action == "application.draft_saved"


def test_a_stale_draft_is_refused_and_nothing_is_overwritten(application, contact, other_contact):
    loaded_by_chris = fresh(application)
    loaded_by_olga = fresh(application)
    fill_application(loaded_by_olga, by=other_contact, cooperation="Olga's version")

    with pytest.raises(EditConflict) as conflict:
        fill_application(
            loaded_by_chris,
            by=contact,
            cooperation="Chris's version",
            expected_revision=loaded_by_chris.partnership.revision,
        )

    assert conflict.value.current.version == 2
    assert conflict.value.current.cooperation == "Olga's version"
    assert str(conflict.value.message).startswith("Olga Other saved a newer version of the application at ")
    assert "Your changes have not been saved yet" in str(conflict.value.message)
    assert conflict.value.conflicts == ["cooperation"]  # the one field both changed (no base version given)
    current = fresh(application)
    assert (current.version, current.cooperation) == (2, "Olga's version")
    assert conflict.value.revision == current.partnership.revision

    # Saving again on purpose, with the revision the conflict showed, goes through.
    saved = fill_application(
        loaded_by_chris, by=contact, cooperation="Chris's version", expected_revision=conflict.value.revision
    )
    assert (fresh(application).cooperation, saved.version) == ("Chris's version", 3)


def test_adviser_does_not_edit_the_application(application, adviser):
    with pytest.raises(TransitionRefused) as refusal:
        fill_application(application, by=adviser)
    assert refusal.value.reasons == ["Only the partner contacts of this partnership may do this."]


def test_submitted_application_cannot_be_edited(submitted_application, contact):
    with pytest.raises(TransitionRefused) as refusal:
        fill_application(submitted_application, by=contact)
    assert refusal.value.reasons == ["The application cannot be edited while it is “Submitted”."]


def test_goals_only_for_partner_organisations(application, contact):
    with pytest.raises(ValidationError):
        fill_application(application, by=contact, organisation_goals={999_999: "Not ours"})


# --- What is missing ---


def test_missing_items_of_an_empty_application(application, organisation, other_organisation):
    assert application.missing_items() == [
        "The goals are missing: give shared goals, or the goals of each organisation "
        "(Bergen Health Trust and Kampala Youth Network).",
        "How the partners will cooperate is not described.",
        "At least one exchange round must be planned.",
        "The budget total is missing.",
    ]


def test_missing_items_name_each_round_problem(application, contact):
    def planned(start, end, budget, **participants):
        return PlannedRoundData(planned_start=start, planned_end=end, budget=Decimal(budget), **participants)

    rounds = [
        PlannedRoundData(),
        planned(date(2027, 5, 1), date(2027, 4, 1), "100", participants_north_south=1, participants_south_south=1),
        planned(date(2027, 5, 1), date(2027, 7, 31), "0", participants_south_north=1),
        planned(date(2027, 5, 1), date(2028, 11, 2), "0", participants_north_south=1),
        planned(date(2027, 5, 1), date(2028, 11, 1), "0", participants_north_south=1),  # 18 months: allowed
    ]
    saved = fill_application(application, by=contact, rounds=rounds)
    assert saved.missing_items() == [
        "Round 1: no participants are planned; give the number going north → south or south → north.",
        "Round 1: the planned start date is missing.",
        "Round 1: the planned end date is missing.",
        "Round 1: the budget is missing.",
        "Round 2: the direction South → south is not possible in this partnership.",
        "Round 2: the planned end must be after the planned start.",
        "Round 3: a round lasts from 3 to 18 months.",
        "Round 4: a round lasts from 3 to 18 months.",
    ]
    assert saved.budget_total == Decimal("100")  # computed from the rounds, never typed


def test_complete_application_misses_nothing(filled_application):
    assert filled_application.missing_items() == []


# --- Submit ---


def test_contact_submits(filled_application, other_contact):
    submitted = services.submit_application(filled_application, by=other_contact)
    assert submitted.status == ApplicationStatus.SUBMITTED
    assert submitted.submitted_at is not None
    event = events_for(submitted.partnership).first()
    assert (event.action, event.actor, event.from_state, event.to_state) == (
        "application.submitted",
        other_contact,
        "draft",
        "submitted",
    )


def test_submit_from_a_page_older_than_the_last_draft_save_is_refused(filled_application, contact, other_contact):
    seen_by_chris = fresh(filled_application)
    fill_application(fresh(filled_application), by=other_contact, cooperation="Olga's unseen version")

    with pytest.raises(TransitionRefused) as refusal:
        services.submit_application(seen_by_chris, by=contact)
    assert "Reload the page to see the change, then try again." in refusal.value.reasons[0]
    assert fresh(filled_application).status == ApplicationStatus.DRAFT

    submitted = services.submit_application(fresh(filled_application), by=contact)  # after a reload
    assert (submitted.status, submitted.cooperation) == (ApplicationStatus.SUBMITTED, "Olga's unseen version")


def test_submit_lists_what_is_missing(application, contact):
    saved = fill_application(application, by=contact, cooperation="", rounds=[])
    with pytest.raises(TransitionRefused) as refusal:
        services.submit_application(saved, by=contact)
    assert refusal.value.reasons == [
        "How the partners will cooperate is not described.",
        "At least one exchange round must be planned.",
        "The budget total is missing.",
    ]
    assert fresh(application).status == ApplicationStatus.DRAFT


def test_submit_refused_for_the_adviser(filled_application, adviser):
    with pytest.raises(TransitionRefused) as refusal:
        services.submit_application(filled_application, by=adviser)
    assert refusal.value.reasons == ["Only the partner contacts of this partnership may do this."]


def test_submit_refused_in_wrong_state(submitted_application, contact):
    with pytest.raises(TransitionRefused) as refusal:
        services.submit_application(fresh(submitted_application), by=contact)
    assert refusal.value.reasons == ["“Submit the application” is not possible while the application is “Submitted”."]


def test_submit_refused_when_the_case_was_withdrawn(filled_application, contact):
    services.withdraw(filled_application.partnership, by=contact)
    assert transition_refusal_reasons(fresh(filled_application), "submit", contact) == [
        "The partnership is no longer in the application phase (it is withdrawn)."
    ]


# --- Return for revision, and submit again ---


def test_adviser_returns_with_comments_and_partners_resubmit(submitted_application, adviser, contact):
    returned = services.return_application(submitted_application, comment="Round 2 budget is too high.", by=adviser)
    assert returned.status == ApplicationStatus.RETURNED
    assert returned.adviser_comment == "Round 2 budget is too high."
    event = events_for(returned.partnership).first()
    assert (event.action, event.from_state, event.to_state, event.comment) == (
        "application.returned",
        "submitted",
        "returned",
        "Round 2 budget is too high.",
    )
    revised = fill_application(returned, by=contact, rounds=[ROUNDS[0]])
    resubmitted = services.submit_application(revised, by=contact)
    assert resubmitted.status == ApplicationStatus.SUBMITTED


def test_return_needs_a_comment(submitted_application, adviser):
    with pytest.raises(ValidationError) as error:
        services.return_application(submitted_application, comment="  ", by=adviser)
    assert error.value.messages == ["Say what the partners should revise."]


def test_return_refused_for_contacts_and_other_advisers(submitted_application, contact, other_adviser):
    for user in (contact, other_adviser):
        with pytest.raises(TransitionRefused) as refusal:
            services.return_application(submitted_application, comment="No", by=user)
        assert refusal.value.reasons == ["Only the partnership's programme adviser may do this."]


def test_return_refused_in_wrong_state(filled_application, adviser):
    with pytest.raises(TransitionRefused) as refusal:
        services.return_application(filled_application, comment="No", by=adviser)
    assert refusal.value.reasons == ["“Return for revision” is not possible while the application is “Draft”."]


# --- Approve ---


def test_approval_makes_the_agreement_from_the_application(submitted_application, adviser, organisation):
    agreement = services.approve_application(submitted_application, comment="Well prepared.", by=adviser)
    case = reload(agreement.partnership)
    assert case.phase == Phase.APPLICATION  # the exchange starts when every partner has signed
    assert fresh(submitted_application).status == ApplicationStatus.APPROVED
    assert (agreement.period_start, agreement.period_end) == (date(2025, 1, 10), date(2026, 7, 31))
    assert agreement.budget_total == Decimal("850000.00")
    assert [
        (r.number, r.participants_north_south, r.participants_south_north, r.participants_south_south, r.budget)
        for r in agreement.rounds.all()
    ] == [(1, 1, 1, 0, Decimal("400000.00")), (2, 1, 1, 0, Decimal("450000.00"))]
    assert {g["organisation"]: g["goals"] for g in agreement.organisation_goals}["Bergen Health Trust"] == (
        "Goals of Bergen Health Trust"
    )
    assert [(e.action, e.from_state, e.to_state, e.comment) for e in events_for(case)[:2]] == [
        ("agreement.created", "", "", ""),
        ("application.approved", "submitted", "approved", "Well prepared."),
    ]


def test_approve_refused_for_contacts_and_other_advisers(submitted_application, contact, other_adviser):
    for user in (contact, other_adviser):
        with pytest.raises(TransitionRefused) as refusal:
            services.approve_application(submitted_application, by=user)
        assert refusal.value.reasons == ["Only the partnership's programme adviser may do this."]
    assert not Agreement.objects.exists()


def test_approve_refused_in_wrong_state(filled_application, adviser):
    with pytest.raises(TransitionRefused) as refusal:
        services.approve_application(filled_application, by=adviser)
    assert refusal.value.reasons == ["“Approve the application” is not possible while the application is “Draft”."]


# --- Decline ---


def test_decline_ends_the_case(submitted_application, adviser):
    declined = services.decline_application(submitted_application, comment="Outside the programme's aims.", by=adviser)
    assert declined.status == ApplicationStatus.DECLINED
    assert reload(declined.partnership).phase == Phase.DECLINED
    assert [(e.action, e.from_state, e.to_state) for e in events_for(declined.partnership)[:2]] == [
        ("case.declined", "application", "declined"),
        ("application.declined", "submitted", "declined"),
    ]


def test_decline_needs_grounds(submitted_application, adviser):
    with pytest.raises(ValidationError) as error:
        services.decline_application(submitted_application, comment="", by=adviser)
    assert error.value.messages == ["Give the grounds for declining the application."]


def test_decline_refused_for_a_contact(submitted_application, contact):
    with pytest.raises(TransitionRefused) as refusal:
        services.decline_application(submitted_application, comment="No", by=contact)
    assert refusal.value.reasons == ["Only the partnership's programme adviser may do this."]


def test_decline_refused_in_wrong_state(filled_application, adviser):
    with pytest.raises(TransitionRefused) as refusal:
        services.decline_application(filled_application, comment="No", by=adviser)
    assert refusal.value.reasons == ["“Decline the application” is not possible while the application is “Draft”."]


def test_case_is_declined_only_with_its_application(submitted_application, adviser):
    assert transition_refusal_reasons(submitted_application.partnership, "decline", adviser) == [
        "The application has not been declined."
    ]
