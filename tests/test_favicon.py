"""Browsers ask for /favicon.ico on pages that name no icon (the admin's): it is there."""

from pathlib import Path

from django.conf import settings


def test_the_favicon_is_served_at_the_root(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    icon = Path(settings.BASE_DIR, "static", "norec", "favicon.ico").read_bytes()
    assert b"".join(response.streaming_content) == icon


def test_the_admin_gets_it_too(admin_client):
    # The admin's pages link no icon, so the browser asks for /favicon.ico there.
    assert 'rel="icon"' not in admin_client.get("/admin/").content.decode()
    assert admin_client.get("/favicon.ico").status_code == 200
