"""Outages of Redis and PostgreSQL. With Redis down, people still sign in and every page works
(the cache degrades to misses, rate limits fail open, sessions are in the database); with
PostgreSQL down, pages answer 503 with a plain page that needs no database, not 500."""

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
