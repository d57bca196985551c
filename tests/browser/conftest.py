"""Browser tests: Playwright driving Debian's Chromium against a live server, with axe checks."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

# Playwright's sync API runs an event loop in this thread; the live server's ORM calls are in their own.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# An answer awaited after a press: on a two-core machine the other worker may be building a PDF or
# running the HTML checker's Java at the same moment, and Playwright's 5 s made a test flaky there
# (a report returned, its page not yet shown). A real failure still fails, 15 s later.
expect.set_options(timeout=15_000)
_axe = Axe()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "viewport": {"width": 1280, "height": 900}}


# Content-Security-Policy violations, script errors and Permissions-Policy complaints seen by any
# watched page during a test: the policy (settings.CONTENT_SECURITY_POLICY) must never block something
# a page needs, and the Permissions-Policy names only features the browser knows.
_violations: list[str] = []


def watch(page):
    """Record CSP violations and uncaught script errors of this page (once per page)."""
    if getattr(page, "_norec_watched", False):
        return page
    page._norec_watched = True

    def on_console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            _violations.append(f"{page.url}: {message.text}")
        # A feature the browser does not know ("Unrecognized feature: 'bluetooth'") is logged on every page.
        if "Permissions-Policy" in message.text:
            _violations.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: _violations.append(f"{page.url}: script error: {error}"))
    return page


@pytest.fixture
def page(page):
    return watch(page)


@pytest.fixture(autouse=True)
def _no_csp_violations():
    _violations.clear()
    yield
    found, _violations[:] = list(_violations), []
    assert not found, "Content-Security-Policy violations or script errors:\n" + "\n".join(found)


def assert_accessible(page):
    # A click that navigates returns before the next page is there: axe run in between finds no
    # document. Wait for the page that is loading, and once more if the run met the swap itself.
    page.wait_for_load_state()
    try:
        results = _axe.run(page)
    except PlaywrightError as error:
        if "documentElement" not in str(error):
            raise
        page.wait_for_load_state()
        results = _axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def sign_in(page, live_server, email, password):
    watch(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def signed_in(page, live_server, user):
    """`page` signed in as `user` without the sign-in form, on their home page: a session made as
    Django's test client makes one, its cookie handed to the browser. For tests of what comes after
    signing in (the form itself is tests/browser/test_sign_in.py's); a page load instead of four."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    watch(page)
    response = page.goto(f"{live_server.url}/")
    assert response.status == 200 and "/accounts/login/" not in page.url, page.url
    return page
