"""A circuit breaker per Redis server, in each process: once a call to a server has failed, calls to
it are skipped for a few seconds (`REDIS_RETRY_SECONDS`) instead of each waiting out its timeout,
then one call tries it again.

A hung Redis (stopped, or a network that drops packets) answers nothing: every call waits its whole
timeout. Sign-in makes some twenty cache calls, so even a short timeout added up to seconds per
request. With the breaker a process pays one timeout per retry period; everything else goes on
without Redis at once (the cache reads as empty, emails wait in the outbox for the beat task)."""

import logging
import threading
import time
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)


class CircuitBreaker:
    def __init__(self, name: str):
        self.name = name
        self._closed_again_at = 0.0

    @property
    def is_open(self) -> bool:
        """True while calls should be skipped: the server failed less than the retry period ago."""
        return time.monotonic() < self._closed_again_at

    def failed(self, error: BaseException) -> None:
        was_open_or_probing = self._closed_again_at != 0.0
        retry_seconds = settings.REDIS_RETRY_SECONDS
        self._closed_again_at = time.monotonic() + retry_seconds
        if not was_open_or_probing:
            logger.warning("Redis at %s unavailable, going on without it for %ss: %s", self.name, retry_seconds, error)

    def succeeded(self) -> None:
        if self._closed_again_at != 0.0:
            self._closed_again_at = 0.0
            logger.warning("Redis at %s is back", self.name)


_breakers: dict[str, CircuitBreaker] = {}
_lock = threading.Lock()


def breaker_for(url: str) -> CircuitBreaker:
    """The breaker of the server at `url` (one per host and port: the cache and the broker share it
    when they share a server)."""
    parts = urlsplit(url)
    if parts.scheme in {"redis", "rediss"}:
        name = f"{parts.hostname or 'localhost'}:{parts.port or 6379}"
    else:  # another broker: told apart by its address, never by its credentials
        name = f"{parts.scheme}://{parts.hostname or ''}:{parts.port or ''}"
    with _lock:
        return _breakers.setdefault(name, CircuitBreaker(name))
