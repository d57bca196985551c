"""Outages of Redis and PostgreSQL. With Redis down, people still sign in and every page works
(the cache degrades to misses, rate limits fail open, sessions are in the database); with
PostgreSQL down, pages answer 503 with a plain page that needs no database, not 500."""

import logging
from contextlib import contextmanager

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.urls import reverse

from norec.core.cache import FailSafeRedisCache
from tests.factories import PASSWORD

CLOSED_PORT_REDIS = "redis://127.0.0.1:6390/0"  # nothing listens here


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {"default": {"BACKEND": "norec.core.cache.FailSafeRedisCache", "LOCATION": CLOSED_PORT_REDIS}}
    assert isinstance(caches["default"], FailSafeRedisCache)


class TestRedisDown:
    def test_the_cache_reads_as_misses_and_writes_do_nothing(self):
        cache = FailSafeRedisCache(CLOSED_PORT_REDIS, {})
        assert cache.get("key", "default") == "default"
        assert cache.get_many(["a", "b"]) == {}
        assert cache.set("key", 1) is None
        assert cache.add("key", 1) is True
        assert cache.delete("key") is False
        assert cache.has_key("key") is False

    def test_a_partner_contact_signs_in_and_works(self, redis_down, client, contact, organisation):
        response = client.post(reverse("account_login"), {"login": contact.email, "password": PASSWORD})
        assert response.status_code == 302
        assert client.get(reverse("home")).status_code == 200
        assert client.get(reverse("partnerships:case_list")).status_code == 200

    def test_a_wrong_password_is_still_refused(self, redis_down, client, contact):
        response = client.post(reverse("account_login"), {"login": contact.email, "password": "not-it"})
        assert response.status_code == 200
        assert "not correct" in response.content.decode()


class TestDatabaseDown:
    def test_a_view_meeting_an_outage_answers_503_with_the_plain_page(self, settings, client):
        settings.ROOT_URLCONF = "tests.outage_urls"
        response = client.get("/database-down/")
        assert response.status_code == 503
        assert response["Retry-After"] == "60"
        assert "cannot reach its database" in response.content.decode()

    @pytest.mark.django_db(transaction=True)
    def test_a_signed_in_page_with_postgresql_unreachable_answers_503(self, contact, organisation):
        client = Client(raise_request_exception=False)
        client.force_login(contact)
        connection.close()
        port = connection.settings_dict["PORT"]
        connection.settings_dict["PORT"] = "6391"  # nothing listens here
        try:
            response = client.get(reverse("partnerships:case_list"))
        finally:
            connection.close()
            connection.settings_dict["PORT"] = port
        assert response.status_code == 503
        assert "Nothing was saved by this request" in response.content.decode()


@pytest.mark.django_db(transaction=True)
class TestTheDatabaseOutagePage:
    @staticmethod
    @contextmanager
    def database_down():
        connection.close()
        port = connection.settings_dict["PORT"]
        connection.settings_dict["PORT"] = "6391"  # nothing listens here
        try:
            yield
        finally:
            connection.close()
            connection.settings_dict["PORT"] = port

    def signed_in_client(self, contact):
        client = Client(raise_request_exception=False)
        client.force_login(contact)
        return client

    def test_a_503_logs_one_warning_line_and_no_traceback(self, settings, caplog, contact):
        settings.DEBUG = False
        client = self.signed_in_client(contact)
        with self.database_down(), caplog.at_level(logging.WARNING):
            response = client.get(reverse("partnerships:case_list"))
        assert response.status_code == 503
        [line] = [record for record in caplog.records if record.levelno >= logging.WARNING]
        assert line.levelno == logging.WARNING
        assert line.exc_info is None
        assert "database unavailable" in line.getMessage() and "/cases/" in line.getMessage()

    def test_a_view_meeting_an_outage_logs_one_warning_line(self, settings, caplog, client):
        settings.ROOT_URLCONF = "tests.outage_urls"
        with caplog.at_level(logging.WARNING):
            assert client.get("/database-down/").status_code == 503
        [line] = [record for record in caplog.records if record.levelno >= logging.WARNING]
        assert (line.levelno, line.exc_info) == (logging.WARNING, None)

    @pytest.mark.parametrize("how", ["cookie", "accept-language"])
    def test_the_page_is_in_the_readers_language(self, settings, how, contact):
        client = self.signed_in_client(contact)
        if how == "cookie":
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
        headers = {"HTTP_ACCEPT_LANGUAGE": "nb,en;q=0.5"} if how == "accept-language" else {}
        with self.database_down():
            response = client.get(reverse("partnerships:case_list"), **headers)
        assert response.status_code == 503
        content = response.content.decode()
        assert 'lang="nb"' in content
        assert "Ingenting ble lagret" in content

    def test_the_page_is_in_a_signed_in_persons_own_language(self, contact):
        # Their language comes from the database, which is down: the page remembers it from their last page.
        contact.preferred_language = "nb"
        contact.save(update_fields=["preferred_language"])
        client = self.signed_in_client(contact)
        assert 'lang="nb"' in client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        with self.database_down():
            response = client.get(reverse("partnerships:case_list"), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 503
        assert "Ingenting ble lagret" in response.content.decode()
