"""Django's Redis cache, made to fail safe: with Redis down, reads are misses and writes do nothing.

Everything the cache holds can be rebuilt or done without: sessions are read from the database
behind it (cached_db), rate-limit counters start again, menu links are recomputed. So an outage of
Redis must not turn every page into a 500, which Django's RedisCache does (it raises on every
connection error). Each failure is logged; the short timeouts keep a hung Redis from hanging pages."""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _fail_safe(name: str, fallback):
    def method(self, *args, **kwargs):
        try:
            return getattr(super(FailSafeRedisCache, self), name)(*args, **kwargs)
        except UNAVAILABLE as error:
            logger.warning("cache unavailable, %s treated as a miss: %s", name, error)
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    method.__name__ = name
    return method


class FailSafeRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {
            **params,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, **params.get("OPTIONS", {})},
        }
        super().__init__(server, params)

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
