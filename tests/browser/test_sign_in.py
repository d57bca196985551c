import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD, AdviserFactory, OrganisationFactory, ParticipantFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_page_is_accessible(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Norec Exchange")
    assert_accessible(page)


@pytest.mark.parametrize(
    ("make_user", "role_label", "landmark"),
    [
        (lambda: AdviserFactory(full_name="Ada Adviser"), "Programme adviser", "Your caseload"),
        (lambda: UserFactory(full_name="Chris Contact"), "Partner contact", "Your organisations"),
        (lambda: ParticipantFactory(full_name="Pat Participant"), "Participant", "Your exchange"),
    ],
)
def test_each_role_signs_in_and_sees_its_home(page, live_server, make_user, role_label, landmark):
    user = make_user()
    if user.is_partner_contact:
        OrganisationFactory(name="Mbarara Teachers College", contacts=[user])
    sign_in(page, live_server, user.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {user.full_name}")
    expect(page.get_by_text(role_label, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name=landmark, exact=True)).to_be_visible()
    if user.is_partner_contact:
        expect(page.get_by_role("link", name="Mbarara Teachers College")).to_be_visible()
    assert_accessible(page)


def test_wrong_password_is_explained(page, live_server):
    user = UserFactory()
    sign_in(page, live_server, user.email, "not-my-password")
    expect(page.get_by_text("The email address and/or password you specified are not correct.")).to_be_visible()
    expect(page.get_by_label("Email")).to_have_value(user.email)
    assert_accessible(page)


def test_skip_link_and_language_switch_by_keyboard(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    page.get_by_role("button", name="Norsk (bokmål)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logg inn i Norec Exchange")
    assert_accessible(page)


def test_adviser_invites_a_contact_who_sets_a_password(page, live_server, mailoutbox):
    adviser = AdviserFactory()
    organisation = OrganisationFactory(name="Gulu Water Trust")
    sign_in(page, live_server, adviser.email, PASSWORD)
    page.get_by_role("link", name="Organisations", exact=True).click()
    page.get_by_role("link", name="Gulu Water Trust").click()
    page.get_by_label("Full name").fill("Nora New")
    page.get_by_label("Email address").fill("nora@example.org")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Nora New was invited by email.")).to_be_visible()
    assert_accessible(page)
    assert organisation.contacts.filter(email="nora@example.org").exists()
