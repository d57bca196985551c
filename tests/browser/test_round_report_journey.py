"""[5/10] The reports after a round, as people click them on a phone (390 by 844): a partner
contact submits the round's results report with its document; the adviser returns it with a
comment; the contact submits it again, and the adviser accepts it. Every page: axe clean and no
sideways scrolling; the case's timeline tells it."""

import pytest
from playwright.sync_api import expect

from exchanges.models import ChecklistTemplate, ChecklistTemplateItem
from exchanges.programme_checklist import install_programme_checklist
from tests.browser.conftest import sign_in
from tests.browser.test_participant_journey import PDF, PHONE, check_page, sign_out
from tests.factories import PASSWORD, AdviserFactory, OrganisationFactory, UserFactory, make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "is_mobile": True, "has_touch": True}


@pytest.fixture
def follow_up(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    install_programme_checklist(ChecklistTemplate, ChecklistTemplateItem)
    adviser = AdviserFactory(full_name="Ada Adviser")
    kari = UserFactory(full_name="Kari Nordmann")
    bergen = OrganisationFactory(name="Bergen Health Trust", country="NO", contacts=[kari])
    mulago = OrganisationFactory(name="Mulago Hospital", country="UG", with_contact=True)
    case = make_case("follow_up", adviser=adviser, organisations=[bergen, mulago])
    return {"case": case, "adviser": adviser, "kari": kari}


def test_submit_return_resubmit_and_accept_a_round_report(page, live_server, follow_up, tmp_path):
    case, kari, adviser = follow_up["case"], follow_up["kari"], follow_up["adviser"]
    report_file = tmp_path / "results.pdf"
    report_file.write_bytes(PDF)
    round_url = f"{live_server.url}/cases/{case.pk}/rounds/1/"

    sign_in(page, live_server, kari.email, PASSWORD)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    page.get_by_role("link", name="Round 1", exact=True).click()
    check_page(page)
    results = page.locator("#report-results-panel")
    results.get_by_label("Results of the round").fill("Two nurses each way; a new triage routine.")
    results.get_by_label("Report document").set_input_files(str(report_file))
    results.get_by_role("button", name="Submit the Results report (C06)").click()
    expect(page.get_by_text("The Results report (C06) is submitted.")).to_be_visible()
    check_page(page)
    sign_out(page)

    sign_in(page, live_server, adviser.email, PASSWORD)
    page.goto(round_url)
    results = page.locator("#report-results-panel")
    expect(results.get_by_role("link", name="results.pdf")).to_be_visible()
    results.get_by_text("Return the report for revision").click()
    results.get_by_label("What should the partners revise?").fill("Say what changed on the ward.")
    results.get_by_role("button", name="Return the report").click()
    expect(page.get_by_text("The report was returned to the partners.")).to_be_visible()
    check_page(page)
    sign_out(page)

    sign_in(page, live_server, kari.email, PASSWORD)
    page.goto(round_url)
    results = page.locator("#report-results-panel")
    expect(results.get_by_text("Say what changed on the ward.")).to_be_visible()
    results.get_by_label("Results of the round").fill("The ward now triages every child within ten minutes.")
    results.get_by_role("button", name="Submit the Results report (C06)").click()
    expect(page.get_by_text("The Results report (C06) is submitted.")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server, adviser.email, PASSWORD)
    page.goto(round_url)
    page.locator("#report-results-panel").get_by_role("button", name="Accept the report").click()
    expect(page.get_by_text("The report is accepted.")).to_be_visible()
    expect(page.locator("#report-results-panel").get_by_text("Accepted", exact=True)).to_be_visible()
    check_page(page)
    page.goto(f"{live_server.url}{case.get_absolute_url()}#timeline")
    expect(page.locator("#timeline").get_by_text("Round report accepted")).to_be_visible()
