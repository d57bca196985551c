"""The case list's downloads: what the list shows with its filters, scoped to the reader, as CSV
and XLSX; text that would run as a formula made inert; a constant number of queries."""

import csv
import io
import re
import zipfile

import pytest
from django.urls import reverse

from partnerships.models import Partnership
from tests.factories import make_case


def url(file_format: str, query: str = "") -> str:
    return reverse("partnerships:export_cases", args=[file_format]) + query


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # a byte-order mark: spreadsheet programs read ø and å right
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def xlsx_strings(response) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        shared = book.read("xl/sharedStrings.xml").decode()
    return [re.sub(r"<[^>]+>", "", found) for found in re.findall(r"<si>(.*?)</si>", shared)]


@pytest.fixture
def cases(adviser, other_adviser, organisation, other_organisation, outsider_contact):
    ours = make_case(
        "exchange", name="Young nurses exchange", adviser=adviser, organisations=[organisation, other_organisation]
    )
    theirs = make_case(
        "pre_study",
        name='=HYPERLINK("http://evil.example","Click")',
        adviser=other_adviser,
        organisations=[outsider_contact.organisations.get(), other_organisation],
    )
    return ours, theirs


@pytest.mark.django_db
def test_an_adviser_downloads_every_case_of_the_list_with_its_filters(adviser_client, cases):
    rows = csv_rows(adviser_client.get(url("csv", "?scope=all")))
    assert rows[0][:3] == ["Partnership", "Phase", "Programme adviser"]
    names = sorted(row[0] for row in rows[1:])
    assert names == sorted(["Young nurses exchange", '\'=HYPERLINK("http://evil.example","Click")'])  # made inert
    exchange_only = csv_rows(adviser_client.get(url("csv", "?scope=all&phase=exchange")))
    assert [row[0] for row in exchange_only[1:]] == ["Young nurses exchange"]
    mine = csv_rows(adviser_client.get(url("csv")))  # an adviser's list starts with their own cases
    assert [row[0] for row in mine[1:]] == ["Young nurses exchange"]
    row = exchange_only[1]
    assert row[1] == "Exchange" and row[5] == "Bergen Health Trust" and row[7]  # coordinating, agreement from


@pytest.mark.django_db
def test_the_xlsx_holds_the_same_with_formulas_made_inert(adviser_client, cases):
    response = adviser_client.get(url("xlsx", "?scope=all"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="partnerships-' in response["Content-Disposition"]
    strings = xlsx_strings(response)
    assert "Young nurses exchange" in strings
    assert any(s.startswith("'=HYPERLINK") for s in strings)
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        assert "<f>" not in book.read("xl/worksheets/sheet1.xml").decode()  # no formula anywhere


@pytest.mark.django_db
def test_a_partner_contact_downloads_only_their_organisations_cases(contact_client, outsider_client, cases):
    rows = csv_rows(contact_client.get(url("csv")))
    assert [row[0] for row in rows[1:]] == ["Young nurses exchange"]
    rows = csv_rows(outsider_client.get(url("csv")))
    assert "Young nurses exchange" not in [row[0] for row in rows[1:]]


@pytest.mark.django_db
def test_others_may_not_download(participant_client, anonymous_client, adviser_client):
    assert participant_client.get(url("csv")).status_code == 403
    response = anonymous_client.get(url("xlsx"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert adviser_client.get(url("pdf")).status_code == 404
    assert adviser_client.post(url("csv")).status_code == 405


@pytest.mark.django_db
def test_the_list_links_to_its_downloads_with_its_filters(adviser_client, cases):
    page = adviser_client.get(reverse("partnerships:case_list") + "?scope=all&phase=exchange&page=1").content.decode()
    assert url("csv", "?scope=all&amp;phase=exchange") in page and url("xlsx", "?scope=all&amp;phase=exchange") in page


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 50])
def test_a_download_makes_a_constant_number_of_queries(
    count, adviser, adviser_client, organisation, other_organisation, django_assert_num_queries
):
    first = make_case("exchange", adviser=adviser, organisations=[organisation, other_organisation])
    for number in range(count - 1):
        Partnership.objects.create(name=f"Case {number:02d}", adviser=adviser)
    with django_assert_num_queries(5):  # session, user, countries for the filter, cases, partners
        assert len(csv_rows(adviser_client.get(url("csv")))) == count + 1
    assert first.name
