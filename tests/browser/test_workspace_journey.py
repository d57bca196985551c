"""The adviser's working day, as she clicks it: she reads her dashboard (what waits for her, the
charts and their tables), searches a participant with a typo in her name, opens the participant's
case from the result, filters the case list, shares the list's address (a colleague opening it
sees the same list), and downloads it as CSV and as XLSX. Only by the links and buttons the pages
show; every page of the journey axe-clean."""

import csv
import io
import zipfile

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from exchanges.models import ChecklistTemplate, ChecklistTemplateItem
from exchanges.programme_checklist import install_programme_checklist
from tests.browser.conftest import assert_accessible, signed_in, watch
from tests.exchanges.rounds_now import case_with_current_round, leg_departing
from tests.factories import AdviserFactory, OrganisationFactory, make_case, recruit
from training.models import Venue
from training.venues import install_programme_venues

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def caseload(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Transactional tests empty the tables after each test, the migrated data too.
    install_programme_checklist(ChecklistTemplate, ChecklistTemplateItem)
    install_programme_venues(Venue)
    today = timezone.localdate()
    adviser = AdviserFactory(full_name="Ada Adviser")
    colleague = AdviserFactory(full_name="Per Adviser")
    bergen = OrganisationFactory(name="Bergen Fire Service", country="NO", with_contact=True)
    kampala = OrganisationFactory(name="Mulago National Referral Hospital", country="UG", with_contact=True)
    hanoi = OrganisationFactory(name="Hanoi Water Works", country="VN", with_contact=True)
    exchange = case_with_current_round(
        adviser=adviser, organisations=[kampala, bergen], today=today, name="Emergency care in Kampala"
    )
    leg = leg_departing(exchange, home=kampala, host=bergen, today=today, departs_in=20)
    recruit(leg, full_name="Amina Nakato", email="amina.nakato@example.org")
    make_case("pre_study", name="Clean water in Hanoi", adviser=adviser, organisations=[hanoi, bergen])
    make_case("application_submitted", name="Rescue training", adviser=adviser, organisations=[bergen, kampala])
    return {"adviser": adviser, "colleague": colleague}


def rows_of_csv(path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def strings_of_xlsx(path) -> str:
    with zipfile.ZipFile(path) as book:
        return book.read("xl/sharedStrings.xml").decode()


def test_the_adviser_reads_searches_filters_shares_and_downloads(page, live_server, caseload, browser):
    signed_in(page, live_server, caseload["adviser"])

    # The dashboard: what waits for her, and the charts with their numbers as tables.
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text("Rescue training").first).to_be_visible()  # its application waits for her
    chart = page.get_by_role("img", name="Open cases per phase")
    expect(chart).to_be_visible()
    page.get_by_text("The numbers as a table").first.click()
    expect(page.get_by_role("table", name="Open cases per phase")).to_be_visible()
    assert_accessible(page)

    # A participant found with a typo in her name, and her case opened from there.
    page.get_by_role("search").first.get_by_role("searchbox").fill("Nakto")
    page.get_by_role("search").first.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Amina Nakato")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Emergency care in Kampala").first.click()
    expect(page.get_by_role("heading", name="Emergency care in Kampala", level=1)).to_be_visible()

    # The case list, every adviser's (a colleague reads the same), filtered to the cases with a
    # Ugandan partner in the application phase.
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Partnerships").click()
    page.get_by_role("navigation", name="Which cases").get_by_role("link", name="All cases").click()
    page.get_by_label("Phase").select_option(label="Application")
    page.get_by_label("Country").select_option(label="Uganda")
    page.get_by_role("button", name="Filter").click()
    listed = page.get_by_role("table")
    expect(listed.get_by_role("link", name="Rescue training")).to_be_visible()
    expect(listed.get_by_role("link", name="Emergency care in Kampala")).to_have_count(0)
    expect(listed.get_by_role("link", name="Clean water in Hanoi")).to_have_count(0)
    assert_accessible(page)

    # The address, shared with a colleague: the same list, its filters chosen.
    shared = page.url
    assert "phase=application" in shared and "country=UG" in shared and "scope=all" in shared
    colleague_page = watch(browser.new_context(locale="en-GB").new_page())
    signed_in(colleague_page, live_server, caseload["colleague"])
    colleague_page.goto(shared)
    expect(colleague_page.get_by_label("Phase")).to_have_value("application")
    expect(colleague_page.get_by_role("table").get_by_role("link", name="Rescue training")).to_be_visible()
    expect(colleague_page.get_by_role("table").get_by_role("link", name="Clean water in Hanoi")).to_have_count(0)
    colleague_page.context.close()

    # The filtered list as CSV and as XLSX, from the links under it.
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="CSV", exact=True).click()
    rows = rows_of_csv(csv_download.value.path())
    assert [row[0] for row in rows[1:]] == ["Rescue training"]
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Excel (XLSX)").click()
    strings = strings_of_xlsx(xlsx_download.value.path())
    assert "Rescue training" in strings and "Clean water in Hanoi" not in strings
