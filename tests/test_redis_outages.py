"""Redis stopping, hanging and coming back, against servers of the test's own (tests/redis_servers.py).

A sign-out while Redis is away stays a sign-out when Redis comes back with its data; a hung Redis
(a socket that never answers) costs a page or a sign-in a fraction of a second, not seconds."""

import time

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from norec.core.cache import FailSafeRedisCache
from tests.factories import PASSWORD
from tests.redis_servers import RedisServer, SilentServer


def use_redis_cache(settings, url: str) -> None:
    """The cache as production configures it, at `url`; sessions wherever the settings keep them."""
    settings.CACHES = {"default": {"BACKEND": "norec.core.cache.FailSafeRedisCache", "LOCATION": url}}
    assert isinstance(caches["default"], FailSafeRedisCache)


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


def signed_in(client: Client, user) -> bool:
    response = client.get(reverse("home"))
    return response.status_code == 200 and user.full_name in response.content.decode()


class TestSignOutDuringAnOutage:
    @pytest.mark.parametrize("outage", ["shut down, saving its data", "hung (SIGSTOP)"])
    def test_the_old_session_cookie_stays_signed_out_when_redis_comes_back(
        self, outage, settings, redis_server, contact, organisation
    ):
        use_redis_cache(settings, redis_server.url)
        browser = Client()
        response = browser.post(reverse("account_login"), {"login": contact.email, "password": PASSWORD})
        assert response.status_code == 302
        assert signed_in(browser, contact)
        cookie = browser.cookies[settings.SESSION_COOKIE_NAME].value

        if outage == "hung (SIGSTOP)":
            redis_server.hang()
        else:
            redis_server.shut_down_saving()
        assert browser.post(reverse("account_logout")).status_code == 302
        if outage == "hung (SIGSTOP)":
            redis_server.resume()
        else:
            redis_server.start()  # from dump.rdb: whatever Redis held before the outage is back

        replayed = Client()
        replayed.cookies[settings.SESSION_COOKIE_NAME] = cookie
        assert not signed_in(replayed, contact)
        assert replayed.get(reverse("home")).status_code == 302  # to the sign-in page

    def test_a_sign_in_during_the_outage_is_not_undone_when_redis_comes_back(
        self, settings, redis_server, contact, organisation, other_contact, other_organisation
    ):
        # Signed in before the outage; during it, signed out and someone else signed in in the same browser.
        use_redis_cache(settings, redis_server.url)
        browser = Client()
        browser.post(reverse("account_login"), {"login": contact.email, "password": PASSWORD})
        assert signed_in(browser, contact)
        first_cookie = browser.cookies[settings.SESSION_COOKIE_NAME].value
        redis_server.shut_down_saving()
        browser.post(reverse("account_logout"))
        browser.post(reverse("account_login"), {"login": other_contact.email, "password": PASSWORD})
        redis_server.start()
        assert signed_in(browser, other_contact)
        replayed = Client()
        replayed.cookies[settings.SESSION_COOKIE_NAME] = first_cookie
        assert not signed_in(replayed, contact)


@pytest.fixture
def hung_redis():
    server = SilentServer()
    yield server
    server.close()


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


class TestHungRedis:
    """Each test makes its request once before Redis hangs, so that what is timed is Redis and not a
    cold process (loading templates and translations takes longer than the limit on its own)."""

    def test_a_sign_in_takes_well_under_a_second(self, hung_redis, settings, contact, organisation):
        def sign_in():
            return Client().post(reverse("account_login"), {"login": contact.email, "password": PASSWORD})

        assert sign_in().status_code == 302
        use_redis_cache(settings, hung_redis.url)
        response, seconds = timed(sign_in)
        assert response.status_code == 302
        assert seconds < 0.5

    def test_pages_take_well_under_a_second(self, hung_redis, settings, contact_client):
        assert contact_client.get(reverse("partnerships:case_list")).status_code == 200
        use_redis_cache(settings, hung_redis.url)
        for _ in range(3):
            response, seconds = timed(lambda: contact_client.get(reverse("partnerships:case_list")))
            assert response.status_code == 200
            assert seconds < 0.5

    def test_healthz_says_the_broker_is_unreachable_at_once(self, hung_redis, client, settings, db):
        assert client.get("/healthz").status_code == 200  # tasks run in-process: no broker to ask
        settings.CELERY_TASK_ALWAYS_EAGER = False
        settings.CELERY_BROKER_URL = hung_redis.url
        response, seconds = timed(lambda: client.get("/healthz"))
        assert response.status_code == 503
        assert response.json()["broker"] == "unreachable"
        assert seconds < 0.5

    def test_after_one_timeout_redis_is_skipped_for_a_while_then_tried_again(self, hung_redis, settings):
        settings.REDIS_RETRY_SECONDS = 0.5
        use_redis_cache(settings, hung_redis.url)
        cache = caches["default"]
        _value, first = timed(lambda: cache.get("key"))
        assert settings.REDIS_TIMEOUT_SECONDS * 0.8 < first < 0.5
        _value, skipped = timed(lambda: cache.get("key"))
        assert skipped < 0.01  # known to be down: not waited for
        time.sleep(0.5)
        _value, retried = timed(lambda: cache.get("key"))
        assert retried > settings.REDIS_TIMEOUT_SECONDS * 0.8  # tried again (and waited) once the period is over
