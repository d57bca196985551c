"""Opening a case, who sees it, its direction, and the pre-study that leads to the application."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from norec.core.audit import events_for
from partnerships import services
from partnerships.models import Partner, PartnerMeeting, Partnership, PartnershipDirection, Phase, RoundDirection
from partnerships.permissions import transition_refusal_reasons
from partnerships.services import TransitionRefused
from tests.factories import OrganisationFactory
from tests.partnerships.conftest import pdf_upload, reload


def test_create_partnership_opens_a_pre_study(case, adviser, organisation, other_organisation):
    assert case.phase == Phase.PRE_STUDY
    assert case.revision == 1
    assert set(case.organisations.all()) == {organisation, other_organisation}
    assert case.coordinating_organisation == organisation
    assert Partner.objects.filter(partnership=case, is_coordinating=True).count() == 1
    [event] = events_for(case)
    assert (event.action, event.actor, event.to_state) == ("case.created", adviser, "pre_study")


def test_only_advisers_open_cases(contact, adviser, organisation, other_organisation):
    with pytest.raises(TransitionRefused) as refusal:
        services.create_partnership(
            name="X",
            organisations=[organisation, other_organisation],
            coordinating=organisation,
            adviser=adviser,
            by=contact,
        )
    assert refusal.value.reasons == ["Only programme advisers may open a partnership case."]


@pytest.mark.parametrize(
    ("countries", "message"),
    [
        (["UG"], "A partnership needs at least two partner organisations."),
        (["NO", "NO"], "A partnership needs at least one partner outside Norway."),
    ],
)
def test_create_partnership_validates_partners(adviser, countries, message):
    organisations = [OrganisationFactory(country=country) for country in countries]
    with pytest.raises(ValidationError) as error:
        services.create_partnership(
            name="X", organisations=organisations, coordinating=organisations[0], adviser=adviser, by=adviser
        )
    assert error.value.messages == [message]


def test_coordinating_partner_must_be_a_partner(adviser, organisation, other_organisation):
    stranger = OrganisationFactory(country="KE")
    with pytest.raises(ValidationError, match="The coordinating partner must be one of the partner organisations"):
        services.create_partnership(
            name="X",
            organisations=[organisation, other_organisation],
            coordinating=stranger,
            adviser=adviser,
            by=adviser,
        )


def test_direction_is_derived_from_countries(case, adviser):
    assert case.direction == PartnershipDirection.NORTH_SOUTH
    assert case.possible_round_directions == (RoundDirection.NORTH_SOUTH, RoundDirection.SOUTH_NORTH)
    southern = [OrganisationFactory(country="UG"), OrganisationFactory(country="IN")]
    south_south = services.create_partnership(
        name="S", organisations=southern, coordinating=southern[1], adviser=adviser, by=adviser
    )
    assert south_south.direction == PartnershipDirection.SOUTH_SOUTH
    assert south_south.possible_round_directions == (RoundDirection.SOUTH_SOUTH,)


def test_visible_to(case, adviser, other_adviser, contact, other_contact, outsider_contact, participant, organisation):
    from django.contrib.auth.models import AnonymousUser

    assert list(Partnership.objects.visible_to(adviser)) == [case]
    assert list(Partnership.objects.visible_to(other_adviser)) == [case]  # every adviser may look
    assert list(Partnership.objects.visible_to(contact)) == [case]
    assert list(Partnership.objects.visible_to(other_contact)) == [case]
    assert list(Partnership.objects.visible_to(outsider_contact)) == []
    assert list(Partnership.objects.visible_to(participant)) == []
    assert list(Partnership.objects.visible_to(AnonymousUser())) == []


def test_contact_of_two_partners_sees_the_case_once(case, contact, other_organisation):
    other_organisation.contacts.add(contact)
    assert Partnership.objects.visible_to(contact).count() == 1


# --- Pre-study ---


def test_adviser_and_own_contact_record_seminar_representatives(
    case, adviser, contact, organisation, other_organisation
):
    services.add_seminar_representative(
        case, organisation=organisation, full_name="Kari Nordmann", seminar_date=date(2026, 3, 2), by=contact
    )
    services.add_seminar_representative(
        case, organisation=other_organisation, full_name="Amina N.", seminar_date=date(2026, 3, 2), by=adviser
    )
    assert case.seminar_representatives.count() == 2
    assert [e.comment for e in events_for(case).filter(action="prestudy.representative_added")] == [
        "Amina N. (Kampala Youth Network)",
        "Kari Nordmann (Bergen Health Trust)",
    ]


def test_contact_cannot_record_for_another_organisation(case, contact, other_organisation):
    with pytest.raises(TransitionRefused) as refusal:
        services.add_seminar_representative(
            case, organisation=other_organisation, full_name="X", seminar_date=date(2026, 3, 2), by=contact
        )
    assert refusal.value.reasons == [
        "Only the adviser and the partner contacts of Kampala Youth Network may record for it."
    ]


def test_outsiders_cannot_record_the_pre_study(case, outsider_contact, participant, organisation):
    for user in (outsider_contact, participant):
        with pytest.raises(TransitionRefused) as refusal:
            services.record_partner_meeting(case, date=date(2026, 4, 1), place="Oslo", participants="A, B", by=user)
        assert refusal.value.reasons == [
            "Only the partnership's programme adviser and its partner contacts may do this."
        ]


def test_representative_of_an_organisation_outside_the_case_is_refused(case, adviser):
    stranger = OrganisationFactory(name="Nairobi Nurses", country="KE")
    with pytest.raises(TransitionRefused) as refusal:
        services.add_seminar_representative(
            case, organisation=stranger, full_name="X", seminar_date=date(2026, 3, 2), by=adviser
        )
    assert refusal.value.reasons == ["Nairobi Nurses is not a partner in this partnership."]


def test_partner_meeting_minutes_are_stored_under_the_case(case, contact):
    meeting = services.record_partner_meeting(
        case,
        date=date(2026, 4, 15),
        place="Kampala",
        participants="Chris, Olga",
        minutes=pdf_upload("Minutes (final).PDF"),
        by=contact,
    )
    # The stored name is ours (case, kind, random, normalised extension); the client's is kept apart.
    assert re.fullmatch(rf"cases/{case.pk}/minutes/[0-9a-f]{{32}}\.pdf", meeting.minutes.name)
    assert meeting.minutes_filename == "Minutes (final).PDF"
    actions = [(e.action, e.comment, e.data.get("date")) for e in events_for(case)][:2]
    assert actions == [
        ("prestudy.minutes_uploaded", meeting.minutes_filename, None),
        ("prestudy.meeting_recorded", "Kampala", "2026-04-15"),  # the date in the reader's language when shown
    ]


def test_partner_meeting_rejects_a_bad_file(case, contact):
    fake = pdf_upload("minutes.pdf", b"MZ\x90\x00 this is an executable")
    with pytest.raises(ValidationError) as error:
        services.record_partner_meeting(
            case, date=date(2026, 4, 15), place="K", participants="A", minutes=fake, by=contact
        )
    assert error.value.messages == ["The file is not a valid PDF file, although its name ends in .pdf."]
    assert not PartnerMeeting.objects.filter(partnership=case).exists()


# --- Pre-study → application ---


def test_start_application(ready_case, contact, organisation, other_organisation):
    application = services.start_application(ready_case, by=contact)
    case = application.partnership
    assert case.phase == Phase.APPLICATION
    assert reload(case).phase == Phase.APPLICATION
    assert application.status == "draft"
    assert {goal.organisation for goal in application.organisation_goals.all()} == {organisation, other_organisation}
    event = events_for(case).first()
    assert (event.action, event.actor, event.from_state, event.to_state) == (
        "case.application_started",
        contact,
        "pre_study",
        "application",
    )


def test_adviser_may_start_the_application_too(ready_case, adviser):
    assert services.start_application(ready_case, by=adviser).partnership.phase == Phase.APPLICATION


def test_start_application_needs_the_whole_pre_study(case, adviser, contact, organisation):
    services.add_seminar_representative(
        case, organisation=organisation, full_name="Kari", seminar_date=date(2026, 3, 2), by=contact
    )
    with pytest.raises(TransitionRefused) as refusal:
        services.start_application(case, by=contact)
    assert refusal.value.reasons == [
        "Kampala Youth Network has no representative recorded at the introduction seminar.",
        "The partner meeting has not been recorded.",
    ]
    services.record_partner_meeting(case, date=date(2026, 4, 15), place="Kampala", participants="A, B", by=adviser)
    assert transition_refusal_reasons(reload(case), "start_application", contact) == [
        "Kampala Youth Network has no representative recorded at the introduction seminar.",
        "The partner meeting minutes are missing.",
    ]
    assert reload(case).phase == Phase.PRE_STUDY


def test_start_application_refused_for_wrong_role(ready_case, other_adviser, outsider_contact, participant):
    for user in (other_adviser, outsider_contact, participant):
        with pytest.raises(TransitionRefused) as refusal:
            services.start_application(ready_case, by=user)
        assert refusal.value.reasons == [
            "Only the partnership's programme adviser and its partner contacts may do this."
        ]


def test_start_application_refused_in_wrong_state(application, contact):
    with pytest.raises(TransitionRefused) as refusal:
        services.start_application(reload(application.partnership), by=contact)
    assert refusal.value.reasons == [
        "“Start the application” is not possible while the case is in the “Application” phase."
    ]


def test_pre_study_cannot_be_recorded_after_it_ended(application, adviser, organisation):
    with pytest.raises(TransitionRefused) as refusal:
        services.add_seminar_representative(
            application.partnership,
            organisation=organisation,
            full_name="Late",
            seminar_date=date(2026, 3, 2),
            by=adviser,
        )
    assert refusal.value.reasons == [
        "“Record the pre-study” is not possible while the case is in the “Application” phase."
    ]


def test_a_wrongly_recorded_representative_is_removed(case, contact, other_contact, organisation):
    representative = services.add_seminar_representative(
        case, organisation=organisation, full_name="Wrong Person", seminar_date=date(2026, 3, 2), by=contact
    )
    with pytest.raises(TransitionRefused):
        services.remove_seminar_representative(representative, by=other_contact)
    services.remove_seminar_representative(representative, by=contact)
    assert not case.seminar_representatives.exists()
    assert events_for(case).first().action == "prestudy.representative_removed"
