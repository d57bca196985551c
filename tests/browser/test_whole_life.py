"""A partnership's whole life, clicked (issue [6/11]): from nothing to completed, every person on
a phone, moving only by the links and buttons the pages show (no address typed after signing in,
no service called; an invitation is opened from its email, as people do).

The adviser adds a Norwegian and an Indian hospital and invites a contact of each; the contacts
record the pre-study and draft the application together; the adviser returns it, then approves
it; both sign. Round 1 is the seeds' nurse swap, one nurse each way: legs, the round agreement and
its budget approved, each hospital recruits and invites its nurse, the nurses work through their
checklists on their phones, they leave, come home, the partners report (C06, C04), then the final
report, and the adviser completes the case. Every page answers without an error, fits a phone,
and the case page, the round page and both PDFs count one nurse north → south and one south →
north."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from exchanges.models import ChecklistTemplate, ChecklistTemplateItem
from exchanges.programme_checklist import install_programme_checklist
from partnerships.models import Partnership, Phase
from tests.browser.conftest import assert_accessible, sign_in, watch
from tests.factories import PASSWORD, AdviserFactory
from tests.pdf import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
BOTH_WAYS = "1 north → south and 1 south → north"
CASE = "Young nurses exchange"
NEW_PASSWORD = "a-long-new-password-2027"


class Person:
    """One person's phone: every page it shows is checked (no error answer, nothing wider than
    the screen, axe clean where asked)."""

    def __init__(self, browser, live_server, name: str, files):
        self.name, self.live_server, self.files = name, live_server, files
        self.context = browser.new_context(
            locale="en-GB", viewport=PHONE, is_mobile=True, has_touch=True, accept_downloads=True
        )
        self.page = watch(self.context.new_page())
        self.page.set_default_timeout(10_000)  # a missing button fails in seconds, not half a minute
        self.errors: list[str] = []
        self.page.on("response", self._answered)

    def _answered(self, response):
        if response.url.startswith(self.live_server.url) and response.status >= 400:
            self.errors.append(f"{self.name}: {response.status} {response.request.method} {response.url}")

    def check(self, *, axe: bool = False):
        assert self.errors == [], self.errors
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{self.name}: {self.page.url} scrolls sideways ({width} px)"
        if axe:
            assert_accessible(self.page)

    def click(self, role: str, name, *, within=None, exact: bool = True):
        (within or self.page).get_by_role(role, name=name, exact=exact).first.click()
        self.page.wait_for_load_state()
        self.check()

    def link(self, name, **options):
        self.click("link", name, **options)

    def button(self, name, **options):
        self.click("button", name, **options)

    def sees(self, text):
        expect(self.page.get_by_text(text).first).to_be_visible()

    def file(self, name: str) -> str:
        path = self.files / name
        path.write_bytes(PDF)
        return str(path)

    def home(self):
        self.link("Norec Exchange")

    def open_case(self):
        self.home()
        self.link(CASE)
        expect(self.page.get_by_role("heading", level=1)).to_have_text(CASE)

    def open_round(self):
        self.open_case()
        self.link("Round 1")
        expect(self.page.get_by_role("heading", level=1)).to_contain_text("Round 1")

    def accept_invitation(self, email: str):
        """The link in the newest email to `email`, opened; a password chosen."""
        body = [message.body for message in mail.outbox if email in message.to][-1]
        link = re.search(r"https?://\S+/invitation/\S+/", body).group(0)
        path = re.sub(r"^https?://[^/]+", "", link)
        self.page.goto(f"{self.live_server.url}{path}")
        self.check()
        self.page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
        self.page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
        self.button("Set password and sign in")

    def pdf(self, link_name) -> str:
        """The text of the PDF a link on the page opens."""
        href = self.page.get_by_role("link", name=link_name).first.get_attribute("href")
        response = self.page.request.get(f"{self.live_server.url}{href}")
        assert response.status == 200, (link_name, response.status)
        return " ".join(pdf_text(response.body()).split())


@pytest.fixture
def adviser(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Transactional tests empty the tables after each test, the migrated programme checklist too.
    install_programme_checklist(ChecklistTemplate, ChecklistTemplateItem)
    return AdviserFactory(full_name="Ada Adviser")


def test_a_partnership_from_nothing_to_completed(browser, live_server, adviser, tmp_path):
    people = {}

    def person(name):
        people[name] = Person(browser, live_server, name, tmp_path)
        return people[name]

    ada = person("Ada")
    sign_in(ada.page, live_server, adviser.email, PASSWORD)
    ada.check(axe=True)

    # The adviser adds both hospitals and invites a contact of each.
    for name, country, contact, email in [
        ("Haukeland University Hospital", "Norway", "Kari Nordmann", "kari@haukeland.example"),
        ("Christian Medical College Vellore", "India", "Priya Raman", "priya@cmc.example"),
    ]:
        ada.link("Organisations")
        ada.link("Add an organisation")
        ada.page.get_by_label("Name").fill(name)
        ada.page.get_by_label("Country").select_option(label=country)
        ada.page.get_by_label("Kind of organisation").select_option(label="Health institution")
        ada.button("Add the organisation")
        expect(ada.page.get_by_role("heading", level=1)).to_have_text(name)
        ada.page.get_by_label("Full name").fill(contact)
        ada.page.get_by_label("Email address").fill(email)
        ada.button("Send invitation")
        ada.sees(f"{contact} was invited by email.")
    ada.check(axe=True)

    # The partnership, with the Norwegian hospital coordinating.
    ada.link("Partnerships")
    ada.link("New partnership")
    ada.page.get_by_label("Name of the partnership").fill(CASE)
    ada.page.get_by_text("Haukeland University Hospital (Norway)").click()
    ada.page.get_by_text("Christian Medical College Vellore (India)").click()
    ada.page.get_by_label("Coordinating partner").select_option(label="Haukeland University Hospital (Norway)")
    ada.check(axe=True)
    ada.button("Open the partnership")
    expect(ada.page.get_by_role("heading", level=1)).to_have_text(CASE)

    # The contacts set their passwords from their invitations.
    kari, priya = person("Kari"), person("Priya")
    kari.accept_invitation("kari@haukeland.example")
    priya.accept_invitation("priya@cmc.example")

    # The pre-study: each hospital's representative at the seminar, and the partner meeting.
    for contact, organisation, representative in [
        (kari, "Haukeland University Hospital (Norway)", "Kari Nordmann"),
        (priya, "Christian Medical College Vellore (India)", "Priya Raman"),
    ]:
        contact.open_case()
        contact.page.get_by_label("Organisation").select_option(label=organisation)
        contact.page.get_by_label("Full name").fill(representative)
        contact.page.get_by_label("Date of the introduction seminar").fill("2026-03-02")
        contact.button("Add the representative")
    kari.link("Record the partner meeting")
    kari.page.get_by_label("Date of the meeting").fill("2026-04-15")
    kari.page.get_by_label("Place").fill("Bergen")
    kari.page.get_by_label("Participants").fill("Kari Nordmann (Haukeland), Priya Raman (CMC Vellore)")
    kari.page.get_by_label("Minutes").set_input_files(kari.file("minutes.pdf"))
    kari.check(axe=True)
    kari.button("Save the partner meeting")

    # The application, drafted by both: Kari starts it and writes hers and the round; Priya hers.
    kari.button("Start the application")
    kari.link("Edit the application")
    kari.page.get_by_label("Shared goals").fill("Better care for young patients in both hospitals.")
    kari.page.get_by_label("Goals of Haukeland University Hospital").fill("Learn community-based care.")
    kari.page.get_by_label("How the partners will cooperate").fill("Monthly calls; a yearly partner meeting.")
    first = kari.page.get_by_role("group", name="Round 1")
    first.get_by_label("Participants north → south").fill("1")
    first.get_by_label("Participants south → north").fill("1")
    first.get_by_label("Planned start").fill("2025-03-01")
    first.get_by_label("Planned end").fill("2026-05-31")
    first.get_by_label("Budget (NOK)").fill("400000")
    kari.button("Save draft")
    kari.sees("Draft saved.")
    kari.check(axe=True)
    priya.open_case()
    priya.link("Edit the application")
    priya.page.get_by_label("Goals of Christian Medical College Vellore").fill("Learn digital patient records.")
    priya.button("Submit the application")  # saves what she typed, then asks to confirm
    priya.page.get_by_label(re.compile("I understand that the application goes to the programme adviser")).check()
    priya.check(axe=True)
    priya.button("Submit")

    # The adviser returns it; Kari revises and submits again; the adviser approves.
    ada.open_case()
    ada.page.get_by_label("What should the partners revise?").fill("Say how returning nurses train colleagues.")
    ada.page.get_by_label(re.compile("I understand that the application goes back to the partners")).check()
    ada.button("Return the application")
    kari.open_case()
    kari.sees("Say how returning nurses train colleagues.")
    kari.link("Edit the application")
    kari.page.get_by_label("How the partners will cooperate").fill(
        "Monthly calls; a yearly partner meeting; every returning nurse trains colleagues for two days."
    )
    kari.button("Submit the application")
    kari.page.get_by_label(re.compile("I understand that the application goes to the programme adviser")).check()
    kari.button("Submit")
    ada.open_case()
    ada.page.get_by_label(re.compile("I understand that approving makes the collaboration agreement")).check()
    ada.button("Approve the application")
    ada.check(axe=True)

    # Both hospitals sign; the last signature starts the exchange.
    for contact, organisation in [
        (kari, "Haukeland University Hospital"),
        (priya, "Christian Medical College Vellore"),
    ]:
        contact.open_case()
        contact.page.get_by_label(f"I confirm that I am authorised to sign for {organisation}.").check()
        contact.button("Sign the agreement")

    # Round 1: Kari starts recruiting and plans a leg each way; the round agreement and budget.
    kari.open_round()
    kari.button("Start recruiting")
    for home, host in [
        ("Haukeland University Hospital", "Christian Medical College Vellore"),
        ("Christian Medical College Vellore", "Haukeland University Hospital"),
    ]:
        adding = kari.page.locator("details", has=kari.page.get_by_text("Add a leg", exact=True))
        adding.get_by_text("Add a leg", exact=True).click()
        adding.get_by_label("Home organisation (sends)").select_option(label=home)
        adding.get_by_label("Host organisation (receives)").select_option(label=host)
        adding.get_by_label("Number of participants").fill("1")
        adding.get_by_label("Length of the exchange").select_option(label="12 months")
        adding.get_by_label("Departure").fill("2025-03-15")
        kari.click("button", "Add the leg", within=adding)
    agreement = kari.page.locator("#round-agreement")
    agreement.get_by_text("Change the round agreement", exact=True).click()
    agreement.get_by_label("What will the participants do?").fill("Each nurse works a year in the partner's wards.")
    agreement.get_by_label("How does the round serve the expected results?").fill("New triage routines.")
    for line, amount in [
        ("Housing and utilities (NOK)", "120000"),
        ("Travel and health insurance (NOK)", "30000"),
        ("Monthly allowance (NOK)", "180000"),
        ("Travel (NOK)", "40000"),
        ("Participant activities (NOK)", "10000"),
        ("Start-up grant (passport, visa, vaccines) (NOK)", "20000"),
    ]:
        agreement.get_by_label(line).fill(amount)
    kari.check(axe=True)
    kari.button("Save the round agreement")
    ada.open_round()
    ada.button("Approve the round agreement")

    # Each hospital recruits its nurse and invites her.
    nurses = [
        (kari, "Ingrid Haugen", "ingrid@haukeland.example", "NO", "2000-02-11"),
        (priya, "Anjali Thomas", "anjali@cmc.example", "IN", "1999-09-23"),
    ]
    for contact, name, email, nationality, born in nurses:
        contact.open_round()
        contact.link(re.compile("Recruit a participant"), exact=False)
        contact.page.get_by_label("Name as in passport").fill(name)
        contact.page.get_by_label("Date of birth").fill(born)
        contact.page.get_by_label("Nationality").select_option(nationality)
        contact.page.get_by_label("Recruitment").select_option("internal")
        contact.page.get_by_label("Role at the host").fill("Nurse")
        contact.page.get_by_label("Work place at the host").fill("Children's ward")
        contact.page.get_by_label("Email address").fill(email)
        contact.page.get_by_label("Emergency contact", exact=True).fill("A parent")
        contact.page.get_by_label("Emergency contact's phone").fill("+47 22 00 00 00")
        contact.page.get_by_label("Length of employment (months)").fill("24")
        contact.page.get_by_label("Duties before the exchange").fill("Ward nurse.")
        contact.page.get_by_label("Duties after the exchange").fill("Trains colleagues in what she learnt.")
        contact.page.get_by_label("Monthly allowance").fill("15000")
        contact.page.get_by_label("Currency").fill("NOK")
        contact.check(axe=True)
        contact.button("Recruit")
        contact.sees(f"{name} was recruited.")
        contact.button("Invite by email")
        contact.sees(f"{name} was invited by email to set a password.")

    # The nurses, on their phones: a password, their checklist, their insurance certificate.
    for name, email in [("Ingrid", "ingrid@haukeland.example"), ("Anjali", "anjali@cmc.example")]:
        nurse = person(name)
        nurse.accept_invitation(email)
        nurse.link("My exchange")
        nurse.check(axe=True)
        item = nurse.page.locator("li.checklist__item", has_text="Travel and health insurance")
        item.get_by_label("Document").set_input_files(nurse.file("insurance.pdf"))
        item.get_by_role("button", name=re.compile("Mark as done")).click()
        nurse.page.wait_for_load_state()
        nurse.sees("“Travel and health insurance” is done.")
        nurse.check(axe=True)

    # Preparing, then the departure (its legs left on 15 March 2025), confirmed.
    kari.open_round()
    kari.page.get_by_label(re.compile("I confirm that the participants of round 1 are recruited")).check()
    kari.button("Start preparing the participants")
    kari.page.get_by_label(re.compile("I confirm that the participants of round 1 have left")).check()
    kari.button("Participants have left")

    # The round's counts, on its page, the case page and both PDFs: one nurse each way.
    kari.sees(BOTH_WAYS)
    round_agreement = kari.pdf("The round agreement as a PDF")
    assert BOTH_WAYS in round_agreement, round_agreement
    kari.open_case()
    kari.sees(BOTH_WAYS)
    collaboration = kari.pdf("The collaboration agreement (PDF)")
    assert BOTH_WAYS in collaboration, collaboration

    # Home again: the adviser marks the exchange done (its planned end, 31 May 2026, has passed).
    ada.open_round()
    ada.page.get_by_label(re.compile("I understand that the exchange of round 1 is then over")).check()
    ada.button("Mark exchange done")

    # The round's reports: Kari's results (C06) and accounts (C04), accepted by the adviser.
    kari.open_round()
    results = kari.page.locator("#report-results-panel")
    results.get_by_label("Results of the round").fill("One nurse each way; a new triage routine on both wards.")
    kari.click("button", "Submit the Results report (C06)", within=results)
    accounts = kari.page.locator("#report-financial-panel")
    accounts.get_by_label("Comments on the accounts").fill("Housing cost a little more than planned.")
    for field in accounts.get_by_label(re.compile(", actual \\(NOK\\)$")).all():
        field.fill("10000")
    accounts.get_by_label("Report document").set_input_files(kari.file("accounts.pdf"))
    kari.click("button", "Submit the Financial report (C04)", within=accounts)
    ada.open_round()
    for panel in ("#report-results-panel", "#report-financial-panel"):
        ada.click("button", "Accept the report", within=ada.page.locator(panel))

    # The final report, and the adviser completes the partnership.
    kari.open_case()
    final = kari.page.locator("#final-report-form")
    final.get_by_role("textbox", name="Final report").fill(
        "Both nurses are home and train their colleagues; the wards share a triage routine."
    )
    final.get_by_label("Report document").set_input_files(kari.file("final-report.pdf"))
    kari.check(axe=True)
    kari.click("button", "Submit the final report", within=final)
    ada.open_case()
    decision = ada.page.locator("#report-decision")
    for box in decision.get_by_role("checkbox").all():  # the consequence, confirmed
        box.check()
    ada.click("button", "Accept the final report", within=decision)
    ada.sees("Completed")
    ada.check(axe=True)

    case = Partnership.objects.get(name=CASE)
    assert case.phase == Phase.COMPLETED
    for someone in people.values():
        assert someone.errors == [], someone.errors
        someone.context.close()
