"""The enrolments list: filters, sort and pages in the URL, scoped as training.permissions scopes
enrolments, and its downloads (CSV streamed, XLSX) holding what it lists, formulas made inert, at a
constant number of queries."""

import pytest
from django.urls import reverse

from tests.exchanges.rounds_now import leg_departing
from tests.exchanges.test_list_exports import EVIL, csv_rows, xlsx_strings
from tests.factories import OrganisationFactory, make_case, recruit
from tests.training.conftest import plan
from training import services
from training.enrolment_list import enrolments_for
from training.models import CourseKind, Enrolment
from training.permissions import enrolments_visible_to

pytestmark = pytest.mark.django_db


def list_url(query: str = "") -> str:
    return reverse("training:enrolment_list") + query


def export_url(file_format: str, query: str = "") -> str:
    return reverse("training:export_enrolments", args=[file_format]) + query


@pytest.fixture
def enrolled(adviser, amina, other_contact, contact):
    """Amina on course 1 in Kampala, someone named like a formula on course 1 in Bangkok; Olga
    (Kampala's contact) on partner training; Chris (Bergen) on partner training too."""
    kampala = plan(adviser)
    bangkok = plan(adviser, venue="Bangkok", in_days=42)
    training = plan(adviser, CourseKind.PARTNER_TRAINING, in_days=63)
    services.enrol(kampala, participant=amina, by=other_contact)
    services.enrol(bangkok, participant=recruit(amina.leg, full_name=EVIL, email="evil@example.org"), by=other_contact)
    services.enrol(training, person=other_contact, by=other_contact)
    services.enrol(training, person=contact, by=contact)
    return kampala, bangkok, training


def test_the_adviser_lists_every_enrolment_with_filters_and_sort(adviser_client, enrolled):
    kampala, _bangkok, training = enrolled
    page = adviser_client.get(list_url()).content.decode()
    assert "4 enrolments" in page and "Amina Nakato" in page and "Chris Contact" in page
    assert "Kampala Youth Network" in page and "Young nurses exchange" in page
    only = adviser_client.get(list_url(f"?session={kampala.pk}")).content.decode()
    assert "1 enrolment" in only and "Amina Nakato" in only
    assert "2 enrolments" in adviser_client.get(list_url("?course=partner_training")).content.decode()
    bangkok = adviser_client.get(list_url("?venue=Bangkok")).content.decode()
    assert "1 enrolment" in bangkok and "HYPERLINK" in bangkok
    assert "4 enrolments" in adviser_client.get(list_url("?state=confirmed")).content.decode()
    year = training.starts_on.year
    assert "enrolment" in adviser_client.get(list_url(f"?year={year}")).content.decode()
    assert "No enrolment matches." in adviser_client.get(list_url(f"?year={year + 5}")).content.decode()
    by_name = adviser_client.get(list_url("?sort=name")).content.decode()
    assert by_name.index("Amina Nakato") < by_name.index("Chris Contact") < by_name.index("Olga Other")
    assert 'aria-sort="ascending"' in by_name
    backwards = adviser_client.get(list_url("?sort=-name")).content.decode()
    assert backwards.index("Olga Other") < backwards.index("Amina Nakato")


def test_a_bad_filter_is_an_error_beside_its_field(adviser_client, enrolled):
    response = adviser_client.get(list_url("?year=soon&session=999999&course=course_1&page=nine"))
    page = response.content.decode()
    assert response.status_code == 200 and "Enter a whole number." in page and "Select a valid choice." in page
    assert "2 enrolments" in page  # course 1 still filters


def test_a_partner_contact_lists_their_organisations_people_only(
    other_contact_client, contact_client, outsider_client, other_contact, contact, outsider_contact, enrolled
):
    page = other_contact_client.get(list_url()).content.decode()
    assert "Amina Nakato" in page and "Olga Other" in page and "Chris Contact" not in page
    page = contact_client.get(list_url()).content.decode()
    assert "Chris Contact" in page and "Amina Nakato" not in page  # Bergen hosts Amina; Kampala sends her
    assert "No enrolment matches." in outsider_client.get(list_url()).content.decode()
    assert csv_rows(outsider_client.get(export_url("csv")))[1:] == []
    for user in (other_contact, contact, outsider_contact):  # the same enrolments as the app's own rule
        assert set(enrolments_for(user).values_list("pk", flat=True)) == set(
            enrolments_visible_to(user).values_list("pk", flat=True)
        )


def test_participants_and_strangers_may_not_list(participant_client, anonymous_client, adviser_client):
    assert participant_client.get(list_url()).status_code == 403
    assert participant_client.get(export_url("csv")).status_code == 403
    response = anonymous_client.get(export_url("xlsx"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert adviser_client.get(export_url("pdf")).status_code == 404
    assert adviser_client.post(export_url("csv")).status_code == 405
    assert adviser_client.post(list_url()).status_code == 405


def test_the_download_holds_the_filtered_list_with_formulas_made_inert(adviser_client, enrolled):
    rows = csv_rows(adviser_client.get(export_url("csv", "?course=course_1&sort=name")))
    assert rows[0] == [
        "Name",
        "Organisation",
        "Partnership",
        "Course",
        "First day",
        "Last day",
        "Venue",
        "State",
        "Attendance",
    ]
    assert [row[0] for row in rows[1:]] == ["'" + EVIL, "Amina Nakato"]
    amina = rows[2]
    assert amina[1:4] == ["Kampala Youth Network", "Young nurses exchange", "Participant course 1"]
    assert amina[6:8] == ["Kampala", "Confirmed"] and amina[4] < amina[5]
    strings = xlsx_strings(adviser_client.get(export_url("xlsx")))
    assert "'" + EVIL in strings and "Olga Other" in strings


def test_the_sessions_page_links_the_list_and_the_list_its_downloads(adviser_client, other_contact_client, enrolled):
    assert list_url() in adviser_client.get(reverse("training:sessions")).content.decode()
    assert list_url() in other_contact_client.get(reverse("training:sessions")).content.decode()
    page = adviser_client.get(list_url("?course=course_1&page=1")).content.decode()
    for file_format in ("csv", "xlsx"):
        assert export_url(file_format, "?course=course_1") in page


@pytest.mark.parametrize("count", [5, 50])
def test_the_list_and_its_downloads_make_a_constant_number_of_queries(
    count,
    adviser,
    adviser_client,
    other_contact_client,
    case,
    organisation,
    other_organisation,
    other_contact,
    today,
    django_assert_num_queries,
):
    leg = leg_departing(
        case, home=other_organisation, host=organisation, today=today, departs_in=90, participants=count
    )
    session = plan(adviser, capacity=count)
    for number in range(count):
        person = recruit(leg, full_name=f"P {number:02d}", email=f"p{number}@example.org")
        services.enrol(session, participant=person, by=other_contact)
    # The session, the user, the sessions (for the filters), the count and the page.
    for client in (adviser_client, other_contact_client):
        with django_assert_num_queries(5):
            page = client.get(list_url()).content.decode()
        assert f"{count} enrolments" in page
    # The session, the user, the sessions (for the filters), the rows.
    with django_assert_num_queries(4):
        assert len(csv_rows(adviser_client.get(export_url("csv")))) == count + 1
    with django_assert_num_queries(4):
        assert adviser_client.get(export_url("xlsx")).status_code == 200


def test_a_colleague_in_two_organisations_shows_only_what_the_reader_may_see(
    other_contact_client, other_contact, outsider_contact, adviser, enrolled
):
    """Una is a contact of Lusaka's union and, now, of Olga's Kampala network too: her partner
    training for the union's partnership is not Olga's to list, nor the union's name."""
    kampala, _bangkok, training = enrolled
    union = outsider_contact.organisations.get()
    other_contact.organisations.get().contacts.add(outsider_contact)
    unions_case = make_case(
        "pre_study",
        name="Teachers for Lusaka",
        adviser=adviser,
        organisations=[union, OrganisationFactory(country="NO")],
    )
    # As the enrolment service records a person's enrolment: for one partnership of hers.
    Enrolment.objects.create(session=training, partnership=unions_case, person=outsider_contact, requested_by=adviser)
    page = other_contact_client.get(list_url()).content.decode()
    assert "Teachers for Lusaka" not in page and "Lusaka Teachers" not in page and "Una Unrelated" not in page
    rows = csv_rows(other_contact_client.get(export_url("csv")))
    assert not any("Lusaka" in cell or "Una Unrelated" in cell for row in rows for cell in row)
    # Her enrolment for a partnership Olga shares is listed, under Olga's organisation.
    Enrolment.objects.filter(person=outsider_contact).update(partnership=kampala.enrolments.get().partnership)
    page = other_contact_client.get(list_url()).content.decode()
    assert "Una Unrelated" in page and "Lusaka Teachers" not in page
