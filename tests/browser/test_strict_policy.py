"""The strict Content-Security-Policy in a real browser: it blocks inline script, and the pages
people use beyond the journeys (the admin with its widgets' scripts, allauth's account pages) work
under it without a single violation (tests/browser/conftest.py fails a test on any)."""

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from norec.core.models import User
from tests.browser import conftest
from tests.browser.conftest import signed_in
from tests.factories import PASSWORD, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_inline_script_is_blocked(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.ran = true';"
        " document.body.append(s); }"
    )
    assert page.evaluate("() => window.ran") is None
    blocked = [text for text in conftest._violations if "Content Security Policy" in text]
    assert blocked, "the browser ran an inline script"
    conftest._violations.clear()  # expected here; any other test fails on it


def test_the_permissions_policy_names_only_features_the_browser_knows(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(f"{live_server.url}/admin/login/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    complaints = [text for text in conftest._violations if "Permissions-Policy" in text]
    assert complaints == []  # Chromium logs "Unrecognized feature: 'bluetooth'." for an unknown one


def test_the_admin_works_under_the_policy(page, live_server):
    ops = User.objects.create_superuser("ops@norec.example", PASSWORD, full_name="Ops")
    EmailAddress.objects.create(user=ops, email=ops.email, verified=True, primary=True)
    contact = UserFactory(full_name="Chris Contact")
    organisation = OrganisationFactory(name="Gulu Water Trust", contacts=[contact])
    signed_in(page, live_server, ops)
    page.goto(f"{live_server.url}/admin/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(f"{live_server.url}/admin/partnerships/partnerorganisation/")
    page.get_by_role("link", name="Gulu Water Trust").click()
    expect(page.locator("#content h2, #content h1").first).to_be_visible()
    page.goto(f"{live_server.url}/admin/norec/user/{contact.pk}/change/")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_be_visible()
    page.goto(f"{live_server.url}/admin/partnerships/partnerorganisation/{organisation.pk}/change/")
    expect(page.locator("form")).not_to_have_count(0)


def test_account_pages_work_under_the_policy(page, live_server):
    user = UserFactory(full_name="Chris Contact")
    signed_in(page, live_server, user)
    for path in ("/accounts/email/", "/accounts/password/change/", "/accounts/2fa/", "/accounts/2fa/totp/activate/"):
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_htmx_requests_carry_the_csrf_token(page, live_server):
    """static/norec/csrf.js adds the token from <meta name="csrf-token"> to every htmx request."""
    user = UserFactory(full_name="Chris Contact")
    signed_in(page, live_server, user)
    status = page.evaluate(
        """() => new Promise((resolve) => {
            const done = (event) => resolve(event.detail.xhr.status);
            document.body.addEventListener("htmx:afterRequest", done, {once: true});
            htmx.ajax("POST", "/i18n/setlang/", {target: "body", swap: "none", values: {language: "nb", next: "/"}});
        })"""
    )
    assert status == 200  # a request without the token would be refused with 403
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "nb")
