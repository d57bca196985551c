"""[5/10] as people click it, on a phone (390 by 844): a partner contact recruits and invites a
participant; the participant sets a password, sees the checklist, uploads an insurance
certificate and ticks the item; the partner contact sees it done in the round's matrix; the
adviser sees the progress. Every page: axe clean and no sideways scrolling."""

import re

import pytest
from playwright.sync_api import expect

from exchanges.models import ChecklistTemplate, ChecklistTemplateItem, ItemStatus, Participant
from exchanges.programme_checklist import install_programme_checklist
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD, AdviserFactory, OrganisationFactory, UserFactory, make_case, make_leg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "is_mobile": True, "has_touch": True}


WIDER_THAN_THE_VIEWPORT = """() => [...document.querySelectorAll('body *')]
  .filter((el) => (el.getBoundingClientRect().right > 391)
    && !el.closest('.table-scroll'))
  .slice(0, 8).map((el) => `${el.tagName}.${el.className}#${el.id} ${el.scrollWidth}`)"""


def check_page(page):
    """Nothing scrolls sideways at phone width, and axe finds nothing (once the page a click opened
    has loaded: measured mid-navigation, the document has no element yet)."""
    page.wait_for_load_state()
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(WIDER_THAN_THE_VIEWPORT)
    assert width <= PHONE["width"], f"{page.url} is {width} px wide: {wide}"
    assert_accessible(page)


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


@pytest.fixture
def round_ready(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Transactional tests empty the tables after each test, the migrated programme checklist too.
    install_programme_checklist(ChecklistTemplate, ChecklistTemplateItem)
    adviser = AdviserFactory(full_name="Ada Adviser")
    kari = UserFactory(full_name="Kari Nordmann")
    sarah = UserFactory(full_name="Sarah Namubiru")
    bergen = OrganisationFactory(name="Bergen Health Trust", country="NO", contacts=[kari])
    mulago = OrganisationFactory(name="Mulago Hospital", country="UG", contacts=[sarah])
    case = make_case("exchange", adviser=adviser, organisations=[bergen, mulago])
    exchange_round = case.agreement.rounds.get(number=1)
    make_leg(exchange_round, home=mulago, host=bergen)
    return {"case": case, "adviser": adviser, "kari": kari, "sarah": sarah}


def test_recruit_invite_tick_and_see_progress(page, live_server, round_ready, mailoutbox, tmp_path):
    case, sarah = round_ready["case"], round_ready["sarah"]

    # Sarah (Mulago, the sending organisation) recruits and invites.
    sign_in(page, live_server, sarah.email, PASSWORD)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    page.get_by_role("link", name="Round 1", exact=True).click()
    check_page(page)
    page.get_by_role("button", name="Start recruiting").click()
    expect(page.get_by_text("Round 1: “Start recruiting” is recorded.")).to_be_visible()
    page.get_by_role("link", name=re.compile("Recruit a participant")).click()
    check_page(page)
    page.get_by_label("Name as in passport").fill("Amina Nakato")
    page.get_by_label("Date of birth").fill("2000-05-17")
    page.get_by_label("Nationality").select_option("UG")
    page.get_by_label("Recruitment").select_option("external")
    page.get_by_label("Role at the host").fill("Nurse")
    page.get_by_label("Work place at the host").fill("Ward 4")
    page.get_by_label("Email address").fill("amina@example.org")
    page.get_by_label("Emergency contact", exact=True).fill("Grace Nakato")
    page.get_by_label("Emergency contact's phone").fill("+256 700 000001")
    page.get_by_label("Length of employment (months)").fill("24")
    page.get_by_label("Duties before the exchange").fill("Ward nurse.")
    page.get_by_label("Duties after the exchange").fill("Trains colleagues.")
    page.get_by_label("Monthly allowance").fill("9000")
    page.get_by_label("Currency").fill("NOK")
    page.get_by_role("button", name="Recruit").click()
    expect(page.get_by_text("Amina Nakato was recruited.")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Invite by email").click()
    expect(page.get_by_text("Amina Nakato was invited by email to set a password.")).to_be_visible()
    sign_out(page)

    # Amina sets her password from the email, sees her checklist and ticks her insurance.
    link = re.search(r"http://\S+/invitation/\S+/", mailoutbox[-1].body).group(0).replace("http://127.0.0.1:8000", "")
    page.goto(f"{live_server.url}{link}")
    page.get_by_label("New password", exact=True).fill("a-long-new-password-2027")
    page.get_by_label("New password confirmation").fill("a-long-new-password-2027")
    page.get_by_role("button", name="Set password and sign in").click()
    page.get_by_role("link", name="My exchange").first.click()
    expect(page.get_by_role("heading", name="To Bergen Health Trust")).to_be_visible()
    check_page(page)
    certificate = tmp_path / "insurance.pdf"
    certificate.write_bytes(PDF)
    item = page.locator("li.checklist__item", has_text="Travel and health insurance")
    item.get_by_label("Document").set_input_files(str(certificate))
    item.get_by_role("button", name=re.compile("Mark as done")).click()
    expect(page.get_by_text("“Travel and health insurance” is done.")).to_be_visible()
    check_page(page)
    insurance = Participant.objects.get().checklist.get(title="Travel and health insurance")
    assert insurance.status == ItemStatus.DONE and insurance.document_filename == "insurance.pdf"
    sign_out(page)

    # Sarah sees it done in the round's matrix.
    sign_in(page, live_server, sarah.email, PASSWORD)
    page.goto(f"{live_server.url}/cases/{case.pk}/rounds/1/")
    matrix = page.get_by_role("region", name="Checklist matrix, scrolls sideways")
    expect(matrix.get_by_role("row", name=re.compile("Amina Nakato"))).to_contain_text("1/")
    check_page(page)
    sign_out(page)

    # The adviser sees the progress on Amina's page.
    sign_in(page, live_server, round_ready["adviser"].email, PASSWORD)
    page.goto(f"{live_server.url}/cases/{case.pk}/rounds/1/")
    page.get_by_role("link", name="Amina Nakato").first.click()
    expect(page.locator("li.checklist__item", has_text="Travel and health insurance")).to_contain_text("Done")
    check_page(page)
