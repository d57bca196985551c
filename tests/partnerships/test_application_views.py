"""The project application page: the partner contacts draft it together (and are told, not
overwritten, when two save at once); everyone else on the case reads it; what is missing is listed."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from partnerships import services
from partnerships.models import Application
from partnerships.services import PlannedRoundData
from tests.factories import OrganisationFactory
from tests.partnerships.conftest import complete_pre_study, fill_application
from tests.partnerships.helpers import messages_of

ROUND = {  # the seeds' nurse swap: one each way
    "participants_north_south": "1",
    "participants_south_north": "1",
    "planned_start": "2027-01-10",
    "planned_end": "2027-12-20",
    "budget": "400000",
}


def edit_url(case) -> str:
    return reverse("partnerships:application_edit", args=[case.pk])


def case_url(case) -> str:
    return reverse("partnerships:case_detail", args=[case.pk])


def fresh(application) -> Application:
    return Application.objects.get(pk=application.pk)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(application, *, rounds=(), initial_rounds=0, **fields) -> dict:
    """What the browser posts: every field of the page, empty unless given."""
    data = {
        "revision": application.partnership.revision,
        "version": application.version,
        "common_goals": "",
        "cooperation": "",
        "rounds-TOTAL_FORMS": len(rounds),
        "rounds-INITIAL_FORMS": initial_rounds,
        "rounds-MIN_NUM_FORMS": 0,
        "rounds-MAX_NUM_FORMS": 20,
    }
    for goal in application.organisation_goals.all():
        data[f"goals_{goal.organisation_id}"] = ""
    for index, planned in enumerate(rounds):
        data.update({f"rounds-{index}-{name}": value for name, value in planned.items()})
    data.update(fields)
    return data


def has_edit_form(response) -> bool:
    return 'name="cooperation"' in response.content.decode()


# --- Who may see and edit it ---


class TestAccess:
    @pytest.mark.parametrize("editor", ["contact", "other_contact"])
    def test_each_partner_contact_can_edit_and_save(self, request, application, other_organisation, editor):
        user = request.getfixturevalue(editor)
        client = client_of(user)
        assert has_edit_form(client.get(edit_url(application.partnership)))

        data = form_data(
            application,
            cooperation="Monthly video meetings.",
            rounds=[ROUND],
            **{f"goals_{other_organisation.pk}": "Train youth workers."},
        )
        response = client.post(edit_url(application.partnership), data, follow=True)

        assert response.redirect_chain == [(edit_url(application.partnership), 302)]
        assert "Draft saved." in response.content.decode()
        saved = fresh(application)
        assert (saved.version, saved.cooperation, saved.last_edited_by) == (2, "Monthly video meetings.", user)
        assert saved.organisation_goals.get(organisation=other_organisation).goals == "Train youth workers."
        assert [(r.number, *r.planned_participants().values()) for r in saved.rounds.all()] == [(1, 1, 1, 0)]

    def test_adviser_reads_it_without_a_form(self, adviser_client, filled_application):
        response = adviser_client.get(edit_url(filled_application.partnership))
        content = response.content.decode()
        assert response.status_code == 200
        assert not has_edit_form(response)
        assert "Only the partner contacts of this partnership may do this." in content
        assert "Monthly video meetings; the coordinators visit each other once a year." in content
        assert "Goals of Kampala Youth Network" in content
        assert "1 north → south and 1 south → north" in content
        assert "NOK 400,000.00" in content and "NOK 850,000.00" in content
        assert "10 January 2025" in content  # dates in the user's language (English here: day first)

    def test_adviser_cannot_post(self, adviser_client, application):
        response = adviser_client.post(edit_url(application.partnership), form_data(application, cooperation="Mine"))
        assert response.status_code == 302
        assert response.url == case_url(application.partnership)
        assert fresh(application).version == 1

    def test_it_hides_other_organisations(self, outsider_contact, application):
        client = client_of(outsider_contact)
        assert client.get(edit_url(application.partnership)).status_code == 404
        assert client.post(edit_url(application.partnership), form_data(application)).status_code == 404

    def test_participant_gets_404(self, participant_client, application):
        assert participant_client.get(edit_url(application.partnership)).status_code == 404

    def test_anonymous_is_sent_to_login(self, client, application):
        response = client.get(edit_url(application.partnership))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))

    def test_no_application_yet_is_404(self, contact_client, case):
        assert contact_client.get(edit_url(case)).status_code == 404

    def test_it_rejects_other_methods(self, contact_client, application):
        assert contact_client.put(edit_url(application.partnership)).status_code == 405


# --- Drafting ---


class TestDraft:
    def test_an_incomplete_draft_saves(self, contact_client, application):
        data = form_data(application, cooperation="We meet every month.")
        response = contact_client.post(edit_url(application.partnership), data, follow=True)
        assert response.status_code == 200
        saved = fresh(application)
        assert (saved.version, saved.cooperation, saved.rounds.count()) == (2, "We meet every month.", 0)
        content = response.content.decode()
        assert "What is still missing before you can submit" in content
        assert "The budget total is missing." in content

    def test_it_offers_three_round_rows_and_always_one_more(self, contact_client, application, contact):
        response = contact_client.get(edit_url(application.partnership))
        assert len(response.context["formset"].forms) == 3
        rounds = [PlannedRoundData(participants_north_south=1)] * 3
        fill_application(application, by=contact, rounds=rounds)
        response = contact_client.get(edit_url(application.partnership))
        assert len(response.context["formset"].forms) == 4

    def test_it_asks_the_participants_of_each_direction_of_the_partnership(self, contact_client, application):
        response = contact_client.get(edit_url(application.partnership))
        content = response.content.decode()
        assert 'name="rounds-0-participants_north_south"' in content
        assert 'name="rounds-0-participants_south_north"' in content
        assert "participants_south_south" not in content
        assert "Participants north → south" in content and "Participants south → north" in content

    def test_a_number_saved_for_a_direction_not_possible_stays_to_be_cleared(
        self, contact_client, application, contact
    ):
        fill_application(application, by=contact, rounds=[PlannedRoundData(participants_south_south=2)])
        response = contact_client.get(edit_url(application.partnership))
        content = response.content.decode()
        assert 'name="rounds-0-participants_south_south"' in content
        assert 'name="rounds-1-participants_south_south"' not in content  # the empty row asks only what is possible
        assert "Round 1: the direction South → south is not possible in this partnership." in content

    def test_blank_rows_are_ignored_and_removed_rounds_deleted(self, contact_client, filled_application):
        first = {**ROUND, "budget": "400000.00", "DELETE": "on"}
        second = {
            **ROUND,
            "participants_north_south": "",
            "participants_south_north": "2",
            "planned_start": "2027-08-01",
            "planned_end": "2028-07-31",
        }
        blank = dict.fromkeys(ROUND, "")
        data = form_data(filled_application, rounds=[first, second, blank], initial_rounds=2)
        response = contact_client.post(edit_url(filled_application.partnership), data)
        assert response.status_code == 302
        saved = fresh(filled_application).rounds.all()
        assert [(r.number, r.participants_north_south, r.participants_south_north) for r in saved] == [(1, 0, 2)]

    def test_norwegian_amounts_with_a_decimal_comma(self, contact, application):
        client = client_of(contact)
        client.cookies["django_language"] = "nb"
        data = form_data(application, rounds=[{**ROUND, "budget": "1250,50"}])
        assert client.post(edit_url(application.partnership), data).status_code == 302
        assert fresh(application).budget_total == Decimal("1250.50")


class TestInvalidInput:
    @pytest.mark.parametrize(
        ("round_changes", "fields", "message"),
        [
            ({"planned_end": "2026-12-01"}, {}, "The planned end must be after the planned start."),
            ({"budget": "-5"}, {}, "Ensure this value is greater than or equal to 0."),
            ({"participants_north_south": "two"}, {}, "Enter a whole number."),
            ({"participants_south_north": "-2"}, {}, "Ensure this value is greater than or equal to 0."),
            ({"planned_start": "not a date"}, {}, "Enter a valid date."),
            ({"budget": "150 000 kroner"}, {}, "Enter a number."),
        ],
    )
    def test_it_says_what_is_wrong_and_keeps_what_was_typed(
        self, contact_client, application, round_changes, fields, message
    ):
        data = form_data(
            application, cooperation="Typed text that must survive", rounds=[{**ROUND, **round_changes}], **fields
        )
        response = contact_client.post(edit_url(application.partnership), data)
        content = response.content.decode()
        assert response.status_code == 400
        assert "Please correct the following" in content
        assert message in content
        assert "Typed text that must survive" in content
        assert all(str(value) in content for value in {**ROUND, **round_changes, **fields}.values())
        assert fresh(application).version == 1

    def test_the_error_summary_links_to_the_field(self, contact_client, application):
        data = form_data(application, rounds=[ROUND, {**ROUND, "planned_end": "2026-01-01"}])
        content = contact_client.post(edit_url(application.partnership), data).content.decode()
        assert (
            '<a class="ds-link" href="#id_rounds-1-planned_end">Round 2, Planned end: '
            "The planned end must be after the planned start.</a>"
        ) in content

    def test_it_caps_the_number_of_rounds(self, contact_client, application):
        data = form_data(application, rounds=[ROUND] * 21)
        response = contact_client.post(edit_url(application.partnership), data)
        assert response.status_code == 400
        assert "Plan at most 20 rounds." in response.content.decode()


# --- Two people editing at once ---


class TestConflict:
    def test_the_second_save_shows_both_versions_and_saves_only_the_choice(self, application, contact, other_contact):
        chris, olga = client_of(contact), client_of(other_contact)
        url = edit_url(application.partnership)
        loaded_by_chris = chris.get(url).context["form"]["revision"].value()
        loaded_by_olga = olga.get(url).context["form"]["revision"].value()
        assert loaded_by_chris == loaded_by_olga == application.partnership.revision

        chris_data = form_data(application, cooperation="Chris's plan", common_goals="Chris's goals")
        assert chris.post(url, chris_data).status_code == 302

        olga_data = form_data(application, cooperation="Olga's plan", rounds=[ROUND], revision=loaded_by_olga)
        response = olga.post(url, olga_data)
        content = response.content.decode()
        assert response.status_code == 409
        assert "Chris Contact saved a newer version of the application" in content
        assert [field["key"] for field in response.context["fields"]] == ["cooperation"]  # the one both changed
        assert "Olga&#x27;s plan" in content and "Chris&#x27;s plan" in content  # side by side
        assert 'name="choice_cooperation" value="mine"' in content
        saved = fresh(application)
        assert (saved.version, saved.cooperation, saved.rounds.count()) == (2, "Chris's plan", 0)

        # Choosing nothing saves nothing: the screen asks again.
        resolve = {**olga_data, "resolve": "1", "choices_revision": response.context["conflict"].revision}
        assert olga.post(url, resolve).status_code == 409
        assert fresh(application).version == 2

        response = olga.post(url, {**resolve, "choice_cooperation": "mine"})
        assert response.status_code == 302
        saved = fresh(application)
        assert (saved.version, saved.cooperation, saved.last_edited_by) == (3, "Olga's plan", other_contact)
        assert saved.common_goals == "Chris's goals"  # only Chris changed it: kept
        assert saved.rounds.count() == 1  # only Olga changed them: kept

    def test_a_merged_text_can_be_kept(self, application, contact, other_contact):
        url = edit_url(application.partnership)
        client_of(contact).post(url, form_data(application, cooperation="Calls."))
        olga = client_of(other_contact)
        response = olga.post(url, form_data(application, cooperation="Visits."))
        assert response.status_code == 409
        merged = {
            **form_data(application, cooperation="Visits."),
            "resolve": "1",
            "choices_revision": response.context["conflict"].revision,
            "choice_cooperation": "merged",
            "merged_cooperation": "Calls and visits.",
        }
        assert olga.post(url, merged).status_code == 302
        assert fresh(application).cooperation == "Calls and visits."


# --- The application's life: submitted, returned, decided ---


class TestStates:
    def test_submitted_application_is_read_only_for_contacts(self, contact_client, submitted_application):
        response = contact_client.get(edit_url(submitted_application.partnership))
        content = response.content.decode()
        assert not has_edit_form(response)
        assert "The application cannot be edited while it is “Submitted”." in content
        assert "Submitted" in content and "ds-tag" in content
        assert reverse("partnerships:submit_application", args=[submitted_application.partnership_id]) not in content

    def test_posting_to_a_submitted_application_is_refused(self, contact_client, submitted_application):
        case = submitted_application.partnership
        response = contact_client.post(edit_url(case), form_data(submitted_application, cooperation="Late change"))
        assert response.status_code == 302
        assert response.url == case_url(case)
        assert fresh(submitted_application).cooperation != "Late change"

    def test_returned_application_is_editable_and_shows_the_comment(
        self, contact_client, submitted_application, adviser
    ):
        services.return_application(submitted_application, comment="Round 2 budget is too high.", by=adviser)
        response = contact_client.get(edit_url(submitted_application.partnership))
        content = response.content.decode()
        assert has_edit_form(response)
        assert "Returned for revision" in content
        assert "Comments from the programme adviser" in content
        assert "Round 2 budget is too high." in content

    def test_approved_application_shows_when_it_was_decided(self, contact_client, agreement):
        content = contact_client.get(edit_url(agreement.partnership)).content.decode()
        assert "Approved" in content and "Decided" in content


# --- What is missing, and submitting ---


class TestMissingAndSubmit:
    def test_missing_items_are_listed_and_there_is_no_submit_button(self, contact_client, application):
        content = contact_client.get(edit_url(application.partnership)).content.decode()
        assert "What is still missing before you can submit" in content
        for item in application.missing_items():
            assert item in content
        assert reverse("partnerships:submit_application", args=[application.partnership_id]) not in content

    def test_a_complete_application_offers_submit_with_the_case_revision(self, contact_client, filled_application):
        case = filled_application.partnership
        content = contact_client.get(edit_url(case)).content.decode()
        assert "What is still missing" not in content
        assert 'name="then" value="submit"' in content  # submitting saves what is typed first
        assert f'name="revision" value="{case.revision}"' in content

    def test_adviser_sees_what_the_partners_still_miss(self, adviser_client, application):
        content = adviser_client.get(edit_url(application.partnership)).content.decode()
        assert "What is still missing before the application can be submitted" in content
        assert "The budget total is missing." in content


# --- Queries do not grow with the content ---


def _rounds(count: int) -> list[PlannedRoundData]:
    return [
        PlannedRoundData(
            participants_north_south=1,
            participants_south_north=1,
            planned_start=date(2027, 1, 10),
            planned_end=date(2027, 12, 20),
            budget=Decimal("1000.00"),
        )
        for _ in range(count)
    ]


# Session, user, case, application, its editor, rounds, goals with organisations, the case's organisations,
# the user's organisations in the case (contacts only), and the organisations missing_items() names.
GET_QUERIES = 10
# The same reads (the session's too), then the save: locks, goals, rounds replaced, application, audit event,
# the savepoint, and the versions (is the version before recorded, record it on the first save, record the new
# one, and list them to thin the older ones: partnerships.models.drafts.prune_versions).
POST_QUERIES = 26


@pytest.mark.parametrize("rounds", [1, 12])
def test_edit_page_queries_do_not_grow_with_rounds(
    contact_client, application, contact, django_assert_max_num_queries, rounds
):
    fill_application(application, by=contact, rounds=_rounds(rounds))
    with django_assert_max_num_queries(GET_QUERIES):
        response = contact_client.get(edit_url(application.partnership))
    assert response.status_code == 200
    assert response.content.decode().count('value="2027-01-10"') == rounds  # each round's planned start, editable


@pytest.mark.parametrize("rounds", [1, 12])
def test_read_only_page_queries_do_not_grow_with_rounds(
    adviser_client, application, contact, django_assert_max_num_queries, rounds
):
    fill_application(application, by=contact, rounds=_rounds(rounds))
    with django_assert_max_num_queries(GET_QUERIES):
        response = adviser_client.get(edit_url(application.partnership))
    assert response.status_code == 200
    assert response.content.decode().count('<time datetime="2027-01-10">10 January 2027</time>') == rounds


@pytest.mark.parametrize("rounds", [1, 12])
def test_saving_queries_do_not_grow_with_rounds(contact_client, application, django_assert_max_num_queries, rounds):
    data = form_data(application, rounds=[ROUND] * rounds)
    with django_assert_max_num_queries(POST_QUERIES):
        response = contact_client.post(edit_url(application.partnership), data)
    assert response.status_code == 302
    assert messages_of(response) == ["Draft saved."]
    assert application.rounds.count() == rounds


@pytest.mark.parametrize("partners", [2, 6])
def test_edit_page_queries_do_not_grow_with_organisations(
    contact_client, adviser, organisation, contact, django_assert_max_num_queries, partners
):
    others = [OrganisationFactory(country="UG") for _ in range(partners - 1)]
    case = services.create_partnership(
        name="Many partners",
        organisations=[organisation, *others],
        coordinating=organisation,
        adviser=adviser,
        by=adviser,
    )
    complete_pre_study(case, by=adviser)
    application = services.start_application(case, by=contact)
    with django_assert_max_num_queries(GET_QUERIES):
        response = contact_client.get(edit_url(application.partnership))
    assert len(response.context["form"].organisations) == partners
    page = response.content.decode()
    assert all(f"Goals of {other.name}" in page for other in [organisation, *others])
