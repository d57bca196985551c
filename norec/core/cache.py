"""Django's Redis cache, made to fail safe: with Redis down or hung, reads are misses and writes do nothing.

Everything the cache holds can be done without: rate-limit counters start again, menu links are
recomputed (sessions are not in the cache: see SESSION_ENGINE). So an outage of Redis must not turn
every page into a 500, which Django's RedisCache does (it raises on every connection error), nor
make every page wait: calls time out after REDIS_TIMEOUT_SECONDS, and once one has failed the
server's circuit breaker (norec/core/breaker.py) skips Redis for REDIS_RETRY_SECONDS."""

from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

from norec.core.breaker import breaker_for

# A lost or refused connection, a timeout, Redis still loading its data after a restart, a garbled answer.
UNAVAILABLE = (RedisError, OSError)


def _fail_safe(name: str, fallback):
    def method(self, *args, **kwargs):
        if self._breaker.is_open:
            return fallback(*args, **kwargs) if callable(fallback) else fallback
        try:
            result = getattr(super(FailSafeRedisCache, self), name)(*args, **kwargs)
        except UNAVAILABLE as error:
            self._breaker.failed(error)
            return fallback(*args, **kwargs) if callable(fallback) else fallback
        self._breaker.succeeded()
        return result

    method.__name__ = name
    return method


class FailSafeRedisCache(RedisCache):
    def __init__(self, server, params):
        timeout = settings.REDIS_TIMEOUT_SECONDS
        params = {
            **params,
            "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout, **params.get("OPTIONS", {})},
        }
        super().__init__(server, params)
        self._breaker = breaker_for(self._servers[0])

    get = _fail_safe("get", lambda key, default=None, version=None: default)
    get_many = _fail_safe("get_many", {})
    has_key = _fail_safe("has_key", False)
    # "Stored" when Redis is down: allauth's rate limiter takes a lock with add() and would otherwise
    # wait a second on every sign-in; with no counters, limits fail open rather than lock people out.
    add = _fail_safe("add", True)
    set = _fail_safe("set", None)
    set_many = _fail_safe("set_many", [])
    touch = _fail_safe("touch", False)
    delete = _fail_safe("delete", False)
    delete_many = _fail_safe("delete_many", None)
    clear = _fail_safe("clear", False)
