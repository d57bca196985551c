"""Every page a person reaches in the journeys, for the adviser, a partner contact and a
participant, on a phone (390 by 844) and a tablet (768 by 1024): the page never scrolls sideways, no
element reaches past the viewport unless it sits in its own scroll container, and axe is clean.

Each person's pages are loaded at one width and then the other in one test, so that the caseload
is built and the person signed in once for both."""

from datetime import date

import pytest

from partnerships import services
from partnerships.models import Partnership
from tests.browser.conftest import assert_accessible, signed_in
from tests.factories import (
    AdviserFactory,
    OrganisationFactory,
    ParticipantFactory,
    UserFactory,
    fill_application,
    make_case,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "tablet": {"width": 768, "height": 1024}}

# Elements reaching past the right edge of the viewport (which is what makes a page scroll
# sideways, or, inside a box that hides its overflow, what gets cut off), except inside a
# container that scrolls on its own, and except what is hidden for the eye on purpose (clipped
# to nothing for screen readers only, like a stacked table's header row).
OVERFLOW = """() => {
  const width = window.innerWidth;
  const exempt = (element) => {
    for (let node = element; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (node !== element && (style.overflowX === "auto" || style.overflowX === "scroll")) return true;
      if (style.clipPath.startsWith("inset(50%") || style.clip === "rect(0px, 0px, 0px, 0px)") return true;
    }
    return false;
  };
  const offenders = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= width + 0.5 || exempt(element)) continue;
    const classes = typeof element.className === "string" ? element.className.split(" ").join(".") : "";
    const name = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "") + (classes ? "." + classes : "");
    const text = (element.textContent || "").trim().slice(0, 60);
    offenders.push(`${name} (right edge ${Math.round(box.right)} px): ${text}`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, offenders: offenders.slice(0, 8)};
}"""

LONG = "Community health workers, midwives and nurses exchange for rural primary care"


@pytest.fixture
def journeys(settings, tmp_path):
    """The adviser's caseload in every phase a journey passes, with long names, as people build it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    adviser = AdviserFactory(full_name="Ada Adviser")
    kari = UserFactory(
        full_name="Kari Nordmann", email="kari.nordmann.with.a.long.address@haukeland-universitetssjukehus.example"
    )
    sarah = UserFactory(full_name="Sarah Namubiru")
    bergen = OrganisationFactory(
        name="Haukeland University Hospital, Bergen Health Trust", country="NO", contacts=[kari]
    )
    mulago = OrganisationFactory(name="Mulago National Referral Hospital, Kampala", country="UG", contacts=[sarah])
    partners = [bergen, mulago]
    cases = {
        phase: make_case(phase, name=f"{LONG} ({phase.replace('_', ' ')})", adviser=adviser, organisations=partners)
        for phase in (
            "pre_study",
            "application_draft",
            "application_submitted",
            "approved_awaiting_signatures",
            "exchange",
            "follow_up_report_submitted",
        )
    }
    services.add_seminar_representative(
        cases["pre_study"], organisation=bergen, full_name="Kari Nordmann", seminar_date=date(2026, 3, 2), by=kari
    )
    return {
        "adviser": adviser,
        "contact": kari,
        "other_contact": sarah,
        "participant": ParticipantFactory(full_name="Pat Participant"),
        "cases": cases,
        "organisation": bergen,
    }


def pages_of(role: str, journeys) -> list[str]:
    cases = journeys["cases"]
    case_pages = [f"/cases/{case.pk}/" for case in cases.values()]
    if role == "participant":
        return ["/", "/accounts/password/change/"]
    common = [
        "/",
        "/cases/",
        "/organisations/",
        f"/organisations/{journeys['organisation'].pk}/",
        *case_pages,
        f"/cases/{cases['application_draft'].pk}/application/",
        f"/cases/{cases['application_submitted'].pk}/application/",
    ]
    if role == "adviser":
        organisation = journeys["organisation"].pk
        return [
            *common,
            "/cases/?scope=all&sort=waiting",
            # The workspace ([10/11]): the dashboard with its charts and tables, search, the lists.
            "/dashboard/",
            "/search/?q=Mulago",
            "/rounds/?scope=all",
            "/participants/caseload/?scope=all",
            "/training/enrolments/",
            "/training/needs/",
            "/amendments/?state=",
            "/cases/new/",
            "/organisations/new/",
            f"/organisations/{organisation}/edit/",
        ]
    return [
        *common,
        f"/cases/{cases['pre_study'].pk}/partner-meeting/",
        "/search/?q=Mulago",
        "/rounds/",
        "/training/enrolments/",
    ]


def assert_fits(page, where: str) -> None:
    result = page.evaluate(OVERFLOW)
    assert result["scrollWidth"] <= result["width"], (where, result)
    assert not result["offenders"], (where, result["offenders"])


@pytest.mark.parametrize("role", ["adviser", "contact", "participant"])
def test_no_page_scrolls_sideways(browser, live_server, journeys, role):
    context = browser.new_context(locale="en-GB", viewport=VIEWPORTS["phone"])
    page = signed_in(context.new_page(), live_server, journeys[role])
    for viewport, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        for path in pages_of(role, journeys):
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, (viewport, path)
            assert_fits(page, f"{viewport}: {path}")
            assert_accessible(page)
    context.close()


def test_the_conflict_comparison_fits(browser, live_server, journeys):
    """Kari saves over a version Sarah saved meanwhile: both versions are shown, and they fit a
    phone and a tablet."""
    case = journeys["cases"]["application_draft"]
    context = browser.new_context(locale="en-GB", viewport=VIEWPORTS["phone"])
    page = signed_in(context.new_page(), live_server, journeys["contact"])
    page.goto(f"{live_server.url}/cases/{case.pk}/application/")
    application = Partnership.objects.get(pk=case.pk).application
    fill_application(application, by=journeys["other_contact"], cooperation="Sarah's version: quarterly visits.")
    page.get_by_label("How the partners will cooperate").fill("Kari's version: monthly calls.")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Sarah's version: quarterly visits.").wait_for()
    for viewport, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        assert_fits(page, f"{viewport}: conflict")
        assert_accessible(page)
    context.close()


def test_the_sign_in_page_fits_a_phone(browser, live_server, db):
    context = browser.new_context(locale="en-GB", viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    assert_fits(page, "sign in")
    context.close()


# Words of the column headers that the browser broke across two lines ("Partnershi p"): each word's
# text range has boxes on more than one line. Text for screen readers only is left out.
BROKEN_HEADER_WORDS = """() => {
  const broken = [];
  for (const th of document.querySelectorAll("thead th")) {
    const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest(".ds-sr-only")) continue;
      for (const match of node.textContent.matchAll(/[^\\s-]+/g)) {  // a break after a hyphen is fine
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map((box) => Math.round(box.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("language", ["en", "nb"])
@pytest.mark.parametrize("role", ["adviser", "contact"])
def test_no_column_header_breaks_a_word_on_a_laptop(browser, live_server, journeys, role, language):
    person = journeys[role]
    person.preferred_language = language  # bokmål's words are longer
    person.save(update_fields=["preferred_language"])
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 800})
    page = signed_in(context.new_page(), live_server, person)
    for path in pages_of(role, journeys):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate(BROKEN_HEADER_WORDS) == [], path
    context.close()


# Words of the cells of `selector`'s tables that the browser broke across two lines ("Housin g",
# "NOK 250,0 00.00"), and the cells that reach past the viewport (cut off, or only seen by scrolling
# a region sideways). Text for screen readers only (a stacked table's header row) is left out.
BROKEN_CELLS = """(selector) => {
  const broken = [], past = [];
  const hidden = (element) => {
    for (let node = element; node && node !== document.body; node = node.parentElement) {
      if (getComputedStyle(node).clipPath.startsWith("inset(50%") || node.classList.contains("ds-sr-only")) return true;
    }
    return false;
  };
  for (const cell of document.querySelectorAll(`${selector} th, ${selector} td`)) {
    if (hidden(cell)) continue;
    const box = cell.getBoundingClientRect();
    if (box.width > 0 && box.right > window.innerWidth + 0.5) past.push(cell.textContent.trim());
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest(".ds-sr-only")) continue;
      for (const match of node.textContent.matchAll(/[^\\s-]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map((line) => Math.round(line.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return {broken, past};
}"""


@pytest.mark.parametrize("language", ["en", "nb"])
def test_the_round_budget_and_its_accounts_fit_a_phone_in_whole_words(
    browser, live_server, settings, tmp_path, language
):
    """The round page's budget (C02) and the accepted accounts (C04): planned, actual and difference
    of every line, on a phone, every word whole and every column in view."""
    from decimal import Decimal

    from exchanges import services as round_services
    from exchanges.models import BudgetLine, ReportKind
    from tests.factories import contact_of

    settings.MEDIA_ROOT = tmp_path / "media"
    adviser = AdviserFactory(full_name="Ada Adviser", preferred_language=language)
    partners = [
        OrganisationFactory(country="NO", with_contact=True),
        OrganisationFactory(country="UG", with_contact=True),
    ]
    case = make_case("follow_up", name=LONG, adviser=adviser, organisations=partners)
    round_one = case.agreement.rounds.get(number=1)
    spent = {line: Decimal("250000.00") for line in BudgetLine.values}
    accounts = round_services.submit_round_report(
        round_one, kind=ReportKind.FINANCIAL, text="Spent.", actuals=spent, by=contact_of(partners[0])
    )
    round_services.accept_round_report(accounts, by=adviser)

    context = browser.new_context(locale="en-GB", viewport=VIEWPORTS["phone"])
    page = signed_in(context.new_page(), live_server, adviser)
    page.goto(f"{live_server.url}/cases/{case.pk}/rounds/1/")
    assert page.locator("#reports table td").count() > 0 and page.locator("#round-agreement table td").count() > 0
    for section in ("#round-agreement", "#reports"):
        assert page.evaluate(BROKEN_CELLS, section) == {"broken": [], "past": []}, section
    assert_fits(page, "phone: the round's budget")
    assert_accessible(page)
    context.close()
