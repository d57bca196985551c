"""The participant and round lists: filters, sort and pages in the URL, scoped to the reader, and
their downloads (CSV streamed, XLSX) holding what the list shows, with formulas made inert and a
constant number of queries."""

import csv
import io
import re
import zipfile

import pytest
from django.urls import reverse

from exchanges.models import ExchangeRound
from tests.factories import approve_agreement, make_case, make_leg, recruit, recruit_the_other_way, walk_round

EVIL = '=HYPERLINK("http://evil.example","Click")'


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def xlsx_strings(response) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        shared = book.read("xl/sharedStrings.xml").decode()
        assert "<f>" not in book.read("xl/worksheets/sheet1.xml").decode()  # no formula anywhere
    return [re.sub(r"<[^>]+>", "", found) for found in re.findall(r"<si>(.*?)</si>", shared)]


def participants_url(query: str = "") -> str:
    return reverse("exchanges:caseload_participants") + query


def listed(client, query: str = "") -> str:
    """The participants page's list (below the panels of the adviser's own caseload)."""
    response = client.get(participants_url(query))
    assert response.status_code == 200
    return response.content.decode().split('id="list-heading"')[1]


def export_participants(file_format: str, query: str = "") -> str:
    return reverse("exchanges:export_participants", args=[file_format]) + query


def rounds_url(query: str = "") -> str:
    return reverse("exchanges:round_list") + query


def export_rounds(file_format: str, query: str = "") -> str:
    return reverse("exchanges:export_rounds", args=[file_format]) + query


@pytest.fixture
def cases(adviser, other_adviser, organisation, other_organisation, outsider_contact):
    """Ada's case in the exchange, round 1 under way with Amina (Kampala → Bergen) and Ola (Bergen →
    Kampala) abroad; Otto's case of Lusaka and Kampala recruiting, its participant named like a formula."""
    ours = make_case(
        "exchange", adviser=adviser, organisations=[organisation, other_organisation], with_participant=True
    )
    lusaka = outsider_contact.organisations.get()
    theirs = make_case(
        "exchange", name="Teachers' exchange", adviser=other_adviser, organisations=[lusaka, organisation]
    )
    exchange_round = theirs.agreement.rounds.get(number=1)
    leg = make_leg(exchange_round, home=lusaka, host=organisation)
    walk_round(exchange_round, "start_recruiting")
    recruit(leg, full_name=EVIL, email="evil@example.org")
    return ours, theirs


# --- Participants ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_adviser_lists_her_caseloads_participants_with_filters_and_sort(adviser_client, cases):
    page = listed(adviser_client)
    assert "Amina Nakato" in page and "Ola Nordmann" in page and "HYPERLINK" not in page  # her caseload
    assert "Kampala Youth Network → Bergen Health Trust" in page and "1 of " in page
    everyone = listed(adviser_client, "?scope=all")
    assert "HYPERLINK" in everyone
    north_south = listed(adviser_client, "?direction=north_south")
    assert "Ola Nordmann" in north_south and "Amina Nakato" not in north_south
    abroad = listed(adviser_client, "?scope=all&status=abroad")
    assert "Amina Nakato" in abroad and "HYPERLINK" not in abroad
    not_left = listed(adviser_client, "?scope=all&status=not_left")
    assert "HYPERLINK" in not_left and "Amina Nakato" not in not_left
    zambia = listed(adviser_client, "?scope=all&country=ZM")
    assert "HYPERLINK" in zambia and "Amina Nakato" not in zambia
    ours, _theirs = cases
    year = ours.agreement.rounds.get(number=1).legs.first().departure.year
    assert "Amina Nakato" in listed(adviser_client, f"?year={year}")
    assert "Amina Nakato" not in listed(adviser_client, f"?year={year + 1}")
    by_name = listed(adviser_client, "?sort=name")
    assert by_name.index("Amina Nakato") < by_name.index("Ola Nordmann")
    assert 'aria-sort="ascending"' in by_name
    backwards = listed(adviser_client, "?sort=-name")
    assert backwards.index("Ola Nordmann") < backwards.index("Amina Nakato")
    assert 'aria-sort="descending"' in backwards


@pytest.mark.django_db
def test_a_bad_filter_is_an_error_beside_its_field_and_the_others_still_filter(adviser_client, cases):
    response = adviser_client.get(participants_url("?year=abc&direction=north_south&status=nowhere"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a whole number." in page and "Select a valid choice." in page
    page = page.split('id="list-heading"')[1]
    assert "Ola Nordmann" in page and "Amina Nakato" not in page
    assert adviser_client.get(participants_url("?year=99999&page=x&sort=nonsense")).status_code == 200


@pytest.mark.django_db
def test_the_participants_download_holds_the_filtered_list_with_formulas_made_inert(adviser_client, cases):
    rows = csv_rows(adviser_client.get(export_participants("csv", "?scope=all&sort=name")))
    assert rows[0][:4] == ["Name", "Sending organisation", "Host organisation", "Partnership"]
    names = [row[0] for row in rows[1:]]
    assert names == ["'" + EVIL, "Amina Nakato", "Ola Nordmann"]
    amina = rows[2]
    assert amina[1:5] == ["Kampala Youth Network", "Bergen Health Trust", "Young nurses exchange", "1"]
    assert amina[5] == "South → north" and amina[6] and amina[7] and amina[8] == "Abroad"
    assert int(amina[9]) >= 1 and int(amina[10]) >= int(amina[9])  # the work contract is done
    only_ours = csv_rows(adviser_client.get(export_participants("csv", "?direction=north_south")))
    assert [row[0] for row in only_ours[1:]] == ["Ola Nordmann"]
    strings = xlsx_strings(adviser_client.get(export_participants("xlsx", "?scope=all")))
    assert "Amina Nakato" in strings and "'" + EVIL in strings


@pytest.mark.django_db
def test_the_participants_page_links_its_downloads_with_its_filters(adviser_client, cases):
    page = listed(adviser_client, "?scope=all&status=abroad&page=1")
    for file_format in ("csv", "xlsx"):
        assert export_participants(file_format, "?scope=all&amp;status=abroad") in page


@pytest.mark.django_db
def test_only_advisers_list_participants(contact_client, outsider_client, participant_client, anonymous_client, db):
    for client in (contact_client, outsider_client, participant_client):
        assert client.get(participants_url()).status_code == 403
        assert client.get(export_participants("csv")).status_code == 403
    response = anonymous_client.get(export_participants("csv"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_an_unknown_format_or_a_post_is_refused(adviser_client, db):
    assert adviser_client.get(export_participants("pdf")).status_code == 404
    assert adviser_client.post(export_participants("csv")).status_code == 405
    assert adviser_client.get(export_rounds("pdf")).status_code == 404
    assert adviser_client.post(export_rounds("csv")).status_code == 405
    assert adviser_client.post(rounds_url()).status_code == 405


def _many_participants(count, round_under_way, organisation, other_organisation):
    leg = make_leg(round_under_way, home=other_organisation, host=organisation, participants=count, months=12)
    walk_round(round_under_way, "start_recruiting")
    for number in range(count):
        recruit(leg, full_name=f"Person {number:02}", email=f"p{number}@example.org")
    recruit_the_other_way(leg)
    approve_agreement(round_under_way)
    walk_round(round_under_way, "start_preparing", "depart")


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 50])
def test_the_participants_page_and_download_make_a_constant_number_of_queries(
    count, adviser_client, round_under_way, organisation, other_organisation, django_assert_num_queries
):
    _many_participants(count, round_under_way, organisation, other_organisation)
    # The session, the user; the ages to decide, the overdue items and their count, who is abroad and
    # how many; the list's cases and countries (the filters), its count and its page.
    with django_assert_num_queries(11):
        page = listed(adviser_client)
    assert f"{count + 1} participants" in page
    # The session, the user, the filters' cases and countries, the rows.
    with django_assert_num_queries(5):
        assert len(csv_rows(adviser_client.get(export_participants("csv")))) == count + 2
    with django_assert_num_queries(5):
        assert adviser_client.get(export_participants("xlsx")).status_code == 200


# --- Rounds ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_adviser_lists_the_rounds_of_her_cases_or_all(adviser_client, cases):
    page = adviser_client.get(rounds_url()).content.decode()
    assert "Young nurses exchange" in page and "Teachers&#x27; exchange" not in page
    assert "1 of 1 north → south and 1 of 1 south → north recruited" in page
    everyone = adviser_client.get(rounds_url("?scope=all")).content.decode()
    assert "Teachers&#x27; exchange" in everyone
    recruiting = adviser_client.get(rounds_url("?scope=all&state=recruiting")).content.decode()
    assert "Teachers&#x27; exchange" in recruiting and "Young nurses exchange" not in recruiting
    zambia = adviser_client.get(rounds_url("?scope=all&country=ZM")).content.decode()
    assert "Teachers&#x27; exchange" in zambia and "Young nurses exchange" not in zambia
    assert "2 rounds" in adviser_client.get(rounds_url("?phase=exchange")).content.decode()
    assert "No round matches." in adviser_client.get(rounds_url("?phase=follow_up")).content.decode()
    assert "2 rounds" in adviser_client.get(rounds_url("?year=2025")).content.decode()
    assert "No round matches." in adviser_client.get(rounds_url("?year=2031")).content.decode()
    late_first = adviser_client.get(rounds_url("?sort=-start")).content.decode()
    assert 'aria-sort="descending"' in late_first


@pytest.mark.django_db
def test_a_partner_contact_lists_only_their_organisations_rounds(contact_client, other_contact_client, cases):
    # Chris (Bergen) is in both cases; Olga (Kampala) only in Ada's.
    assert "Teachers&#x27; exchange" in contact_client.get(rounds_url()).content.decode()
    page = other_contact_client.get(rounds_url()).content.decode()
    assert "Young nurses exchange" in page and "Teachers&#x27; exchange" not in page
    rows = csv_rows(other_contact_client.get(export_rounds("csv")))
    assert {row[0] for row in rows[1:]} == {"Young nurses exchange"}


@pytest.mark.django_db
def test_an_outsider_sees_no_round_and_others_may_not_look(outsider_client, participant_client, anonymous_client, db):
    make_case("exchange", name="Someone else's")
    assert "No round matches." in outsider_client.get(rounds_url()).content.decode()
    assert csv_rows(outsider_client.get(export_rounds("csv")))[1:] == []
    assert participant_client.get(rounds_url()).status_code == 403
    assert participant_client.get(export_rounds("xlsx")).status_code == 403
    assert anonymous_client.get(rounds_url()).status_code == 302


@pytest.mark.django_db
def test_the_rounds_download_with_formulas_made_inert(adviser_client, cases, other_adviser):
    make_case("pre_study", name=EVIL, adviser=other_adviser)  # no agreement: no round
    make_case("exchange", name="@SUM(1+1)", adviser=other_adviser)  # a name typed so must not run
    rows = csv_rows(adviser_client.get(export_rounds("csv", "?scope=all&sort=case")))
    assert rows[0][:6] == ["Partnership", "Phase", "Round", "State", "Planned start", "Planned end"]
    assert rows[0][6:8] == ["Planned north → south", "Recruited north → south"]
    names = [row[0] for row in rows[1:]]
    assert names == ["'@SUM(1+1)"] * 2 + ["Teachers' exchange"] * 2 + ["Young nurses exchange"] * 2
    first = rows[5]
    assert first[2:4] == ["1", "In exchange"] and first[4] == "2025-01-10"
    assert first[6:10] == ["1", "1", "1", "1"] and int(first[-2]) >= 1
    strings = xlsx_strings(adviser_client.get(export_rounds("xlsx", "?scope=all")))
    assert "'@SUM(1+1)" in strings and "Young nurses exchange" in strings


@pytest.mark.django_db
def test_the_case_page_and_the_participants_page_link_the_rounds(adviser_client, cases):
    ours = cases[0]
    assert rounds_url() in adviser_client.get(ours.get_absolute_url()).content.decode()
    assert rounds_url() in adviser_client.get(participants_url()).content.decode()
    page = adviser_client.get(rounds_url("?scope=all&state=in_exchange")).content.decode()
    for file_format in ("csv", "xlsx"):
        assert export_rounds(file_format, "?scope=all&amp;state=in_exchange") in page


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 50])
def test_the_rounds_page_and_download_make_a_constant_number_of_queries(
    count, adviser, adviser_client, round_under_way, organisation, other_organisation, django_assert_num_queries
):
    _many_participants(3, round_under_way, organisation, other_organisation)
    agreement = round_under_way.agreement
    ExchangeRound.objects.bulk_create(
        ExchangeRound(
            agreement=agreement,
            number=number,
            planned_start=round_under_way.planned_start,
            planned_end=round_under_way.planned_end,
            budget=round_under_way.budget,
        )
        for number in range(2, count + 1)
    )
    # The session, the user, the countries (the filter), the count and the page.
    with django_assert_num_queries(5):
        page = adviser_client.get(rounds_url()).content.decode()
    assert f"{count} rounds" in page
    with django_assert_num_queries(4):
        assert len(csv_rows(adviser_client.get(export_rounds("csv")))) == count + 1
    with django_assert_num_queries(4):
        assert adviser_client.get(export_rounds("xlsx")).status_code == 200
