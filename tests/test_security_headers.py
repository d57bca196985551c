"""The headers every page carries: a strict Content-Security-Policy (no inline script or style),
a Permissions-Policy denying what the service never uses, no framing, and no caching of anything
a signed-in person sees or downloads (a shared computer's cache must not show it to the next)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_case


def policy(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "adviser"])
def test_content_security_policy(who, adviser_client):
    client = adviser_client if who == "adviser" else Client()
    response = client.get(reverse("account_login") if who == "anonymous" else reverse("home"))
    assert response.status_code == 200
    csp = policy(response)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert csp["default-src"] == ["'none'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_pages_have_no_inline_script_or_style(adviser_client):
    content = adviser_client.get(reverse("home")).content.decode()
    assert "<script>" not in content and " style=" not in content and "hx-headers" not in content
    assert '<meta name="csrf-token" content="' in content  # what static/norec/csrf.js sends with htmx
    assert '"allowEval": false' in content and '"includeIndicatorStyles": false' in content


@pytest.mark.django_db
def test_the_admin_is_under_the_same_policy(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert policy(response)["script-src"] == ["'self'"]


@pytest.mark.django_db
def test_permissions_policy(client):
    header = client.get(reverse("account_login"))["Permissions-Policy"]
    features = dict(part.strip().split("=") for part in header.split(","))
    for feature in ("geolocation", "microphone", "payment", "usb", "serial", "hid"):
        assert features[feature] == "()"
    assert "bluetooth" not in features  # Chromium does not know it and complains on every page
    # Participants upload photos through file inputs, which need no permission; the camera is not denied.
    assert "camera" not in features


@pytest.mark.django_db
class TestCacheControl:
    def test_signed_in_pages_are_not_stored(self, adviser_client, contact_client):
        for client in (adviser_client, contact_client):
            response = client.get(reverse("home"))
            assert response["Cache-Control"] == "no-store, private"

    def test_case_pages_and_htmx_fragments_are_not_stored(self, adviser_client, adviser):
        case = make_case(adviser=adviser)
        response = adviser_client.get(case.get_absolute_url())
        assert "no-store" in response["Cache-Control"]

    def test_downloads_are_not_stored(self, contact_client, adviser, organisation, other_organisation):
        case = make_case(
            "approved_awaiting_signatures", adviser=adviser, organisations=[organisation, other_organisation]
        )
        response = contact_client.get(reverse("partnerships:agreement_pdf", args=[case.pk]))
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        minutes = contact_client.get(reverse("partnerships:partner_meeting_minutes", args=[case.pk]))
        assert minutes.status_code == 200
        assert "no-store" in minutes["Cache-Control"]

    def test_signing_in_is_not_stored(self, client, contact):
        contact.set_password("a-long-password-1")
        contact.save()
        response = client.post(reverse("account_login"), {"login": contact.email, "password": "a-long-password-1"})
        assert response.status_code == 302
        assert "no-store" in response["Cache-Control"]

    def test_a_view_that_already_forbids_storing_keeps_its_header(self, adviser_client, adviser):
        case = make_case("approved_awaiting_signatures", adviser=adviser)
        response = adviser_client.get(reverse("partnerships:agreement_pdf", args=[case.pk]))
        assert response["Cache-Control"] == "private, no-store"

    def test_static_files_stay_cacheable(self, adviser_client):
        response = adviser_client.get("/static/norec/favicon.svg")
        assert response.status_code == 200
        assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_favicon_and_manifest_are_linked_and_served(client):
    content = client.get(reverse("account_login")).content.decode()
    for path in ("norec/favicon.svg", "norec/favicon.ico", "norec/manifest.webmanifest"):
        assert f"/static/{path}" in content
        assert client.get(f"/static/{path}").status_code == 200
