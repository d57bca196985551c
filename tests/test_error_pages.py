"""The 404 and 500 pages are the service's own (its header, stylesheet and way home), and the 500
page renders without the database, the session or the context processors, any of which may be
what failed."""

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error


@pytest.mark.django_db
def test_not_found_is_our_page(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "We could not find that page" in content
    assert "/static/norec/site.css" in content
    assert 'href="/"' in content
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_server_error_needs_no_database(settings):
    # No `db` fixture: any query here would raise.
    settings.DEBUG = False
    response = server_error(RequestFactory().get("/cases/1/"))
    assert response.status_code == 500
    content = response.content.decode()
    assert "Something went wrong on our side" in content
    assert "/static/norec/site.css" in content
    assert "Sign out" not in content and 'name="language"' not in content  # no session, no forms


@pytest.mark.django_db
def test_bad_request_is_our_page(client, settings):
    settings.DEBUG = False
    response = client.get("/", HTTP_HOST="not-this-service.example")  # DisallowedHost: a 400
    assert response.status_code == 400
    content = response.content.decode()
    assert "The request could not be understood" in content
    assert "/static/norec/site.css" in content
    assert 'href="/"' in content
    assert "Sign out" not in content and 'name="language"' not in content  # no session, no forms


@pytest.mark.django_db
def test_bad_request_speaks_the_readers_language(client, settings):
    settings.DEBUG = False
    response = client.get("/", HTTP_HOST="not-this-service.example", HTTP_ACCEPT_LANGUAGE="nb")
    assert response.status_code == 400
    assert 'lang="nb"' in response.content.decode()
    assert "Forespørselen kunne ikke forstås" in response.content.decode()
