"""Every date people type lies in a sensible range, said in words at the field: 9999-12-31 and
0001-01-01 were accepted, and a date far out of range can break the pages that show or count from
it. The model checks the same range, and the database refuses a date outside the programme's years."""

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from exchanges import services as exchange_services
from exchanges.forms import ParticipantForm, ReturnEarlyForm
from exchanges.models import Participant
from norec.core.dates import long_date
from norec.core.limits import EARLIEST_BIRTH_DATE, BoundedDateField
from partnerships import services
from partnerships.models import PartnerMeeting, SeminarRepresentative
from partnerships.services import PlannedRoundData
from tests.exchanges.rounds_now import case_with_current_round, leg_departing
from tests.factories import (
    approve_agreement,
    participant_data,
    participant_on_record,
    recruit,
    recruit_the_other_way,
    walk_round,
)
from tests.partnerships.helpers import url


def today() -> date:
    return timezone.localdate()


class TestTheCoreField:
    def test_it_says_the_range_in_words(self):
        field = BoundedDateField(earliest=date(2000, 1, 1), latest=date(2030, 12, 31))
        with pytest.raises(ValidationError) as refused:
            field.clean("9999-12-31")
        assert refused.value.messages == ["Enter a date from 1 January 2000 to 31 December 2030."]
        assert field.clean("2030-12-31") == date(2030, 12, 31)

    def test_the_range_may_move_with_today(self):
        field = BoundedDateField(years_back=1, years_ahead=0)
        assert field.clean(today().isoformat()) == today()
        with pytest.raises(ValidationError):
            field.clean((today() + timedelta(days=1)).isoformat())
        with pytest.raises(ValidationError):
            field.clean((today() - relativedelta(years=1, days=1)).isoformat())

    def test_the_input_offers_the_range_to_the_date_picker(self):
        field = BoundedDateField(earliest=date(2000, 1, 1), latest=date(2030, 12, 31))
        assert field.widget_attrs(field.widget) == {"min": "2000-01-01", "max": "2030-12-31"}


class TestDateOfBirth:
    @pytest.fixture(autouse=True)
    def _database(self, db):
        pass

    def form(self, born: str) -> ParticipantForm:
        data = {**participant_data(), "date_of_birth": born}
        return ParticipantForm(data)

    @pytest.mark.parametrize("born", ["9999-12-31", "0001-01-01", "1939-12-31"])
    def test_a_date_outside_1940_to_today_is_refused(self, born):
        form = self.form(born)
        assert not form.is_valid()
        assert form.errors["date_of_birth"] == [f"Enter a date from 1 January 1940 to {long_date(today())}."]

    def test_tomorrow_is_refused_and_1940_accepted(self):
        assert not self.form((today() + timedelta(days=1)).isoformat()).is_valid()
        assert self.form("1940-01-01").errors.get("date_of_birth") is None

    def test_the_model_checks_it_and_the_database_refuses_before_1940(self, db):
        field = Participant._meta.get_field("date_of_birth")
        with pytest.raises(ValidationError):
            field.clean(date(9999, 12, 31), None)
        assert date(1940, 1, 1) == EARLIEST_BIRTH_DATE


class TestPreStudyDates:
    def test_a_seminar_in_the_year_9999_is_refused(self, contact_client, case, organisation):
        data = {"organisation": organisation.pk, "full_name": "Ingrid Rep", "seminar_date": "9999-12-31"}
        response = contact_client.post(url("add_representative", case), data)
        assert response.status_code == 400
        [error] = response.context["pre_study"]["representative_form"].errors["seminar_date"]
        assert error.startswith("Enter a date from ")
        assert not SeminarRepresentative.objects.exists()

    def test_a_meeting_in_the_year_1_is_refused(self, contact_client, case):
        data = {"date": "0001-01-01", "place": "Kampala", "participants": "Chris, Olga"}
        response = contact_client.post(url("partner_meeting", case), data)
        assert response.status_code == 400
        assert response.context["form"].errors["date"][0].startswith("Enter a date from ")
        assert not PartnerMeeting.objects.exists()

    def test_the_database_refuses_a_seminar_outside_the_programme_years(self, contact, case, organisation):
        representative = services.add_seminar_representative(
            case, organisation=organisation, full_name="Ingrid Rep", seminar_date=date(2026, 3, 2), by=contact
        )
        with pytest.raises(IntegrityError), transaction.atomic():
            SeminarRepresentative.objects.filter(pk=representative.pk).update(seminar_date=date(9999, 12, 31))


class TestPlannedRounds:
    def test_a_round_in_the_year_9999_is_refused_at_its_field(self, contact_client, application):
        case = application.partnership
        page = contact_client.get(url("application_edit", case))
        data = {key: value for key, value in page.context["form"].initial.items() if value is not None}
        data.update(
            {
                "rounds-TOTAL_FORMS": "1",
                "rounds-INITIAL_FORMS": "0",
                "rounds-0-direction": "north_south",
                "rounds-0-participants": "2",
                "rounds-0-planned_start": "9999-01-01",
                "rounds-0-planned_end": "9999-12-31",
                "rounds-0-budget": "100000",
            }
        )
        response = contact_client.post(url("application_edit", case), data)
        assert response.status_code == 400
        errors = response.context["formset"].forms[0].errors
        assert errors["planned_start"][0].startswith("Enter a date from ")
        assert not application.rounds.exists()

    def test_the_service_refuses_it_too(self, contact, application):
        far = PlannedRoundData(
            participants_north_south=2, planned_start=date(9999, 1, 1), planned_end=date(9999, 12, 31)
        )
        with pytest.raises(ValidationError) as refused:
            services.save_application_draft(
                application,
                common_goals="",
                cooperation="",
                organisation_goals={},
                rounds=[far],
                expected_revision=application.partnership.revision,
                by=contact,
            )
        assert refused.value.messages[0].startswith("Round 1: the planned start must be from ")


class TestEarlyReturn:
    def test_a_return_in_the_year_9999_is_refused(self, case_in):
        participant = participant_on_record(case_in("exchange"))
        form = ReturnEarlyForm({"reason": "Ill.", "returned_on": "9999-12-31"}, participant=participant)
        assert not form.is_valid()
        assert form.errors["returned_on"][0].startswith("Enter a date from ")

    def test_a_return_outside_the_stay_is_refused_by_the_service(self, adviser, organisation, other_organisation):
        today = timezone.localdate()
        case = case_with_current_round(adviser=adviser, organisations=[organisation, other_organisation], today=today)
        leg = leg_departing(case, home=other_organisation, host=organisation, today=today, departs_in=-30)
        walk_round(leg.exchange_round, "start_recruiting")
        participant = recruit(leg)
        recruit_the_other_way(leg)
        approve_agreement(leg.exchange_round)
        walk_round(leg.exchange_round, "start_preparing", "depart")
        said = f"Amina Nakato left on {long_date(leg.departure)}: give a date from then until today."
        for returned_on in (leg.departure - timedelta(days=1), today + timedelta(days=1)):
            with pytest.raises(ValidationError) as refused:
                exchange_services.return_participant_early(
                    participant, reason="Ill.", returned_on=returned_on, by=case.adviser
                )
            assert refused.value.messages == [said]
