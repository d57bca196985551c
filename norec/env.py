"""Typed access to environment variables, read once by settings.py."""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from exc


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number, got {raw!r}") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def production_problems(
    *,
    secret_key: str,
    default_secret_key: str,
    debug: bool,
    allowed_hosts: list[str],
    email_backend: str = "django.core.mail.backends.smtp.EmailBackend",
    site_url: str = "https://",
) -> list[str]:
    """What makes a configuration unsafe to run in production, in words an operator can act on."""
    problems = []
    if not secret_key or secret_key == default_secret_key or len(secret_key) < 50:
        problems.append("SECRET_KEY must be set to a random value of at least 50 characters")
    if debug:
        problems.append("DEBUG must be off")
    if not allowed_hosts or "*" in allowed_hosts:
        # A wildcard lets a forged Host header steer password-reset links to another site.
        problems.append("ALLOWED_HOSTS must name the host(s) the site is served on (no '*')")
    if email_backend.endswith(("console.EmailBackend", "locmem.EmailBackend", "dummy.EmailBackend")):
        # Invitation and password-reset links would end up in the logs instead of inboxes.
        problems.append("EMAIL_HOST (or a real EMAIL_BACKEND) must be set so emails are delivered")
    if not site_url.startswith("https://"):
        problems.append("NOREC_SITE_URL must be the https:// address of the site (links in emails use it)")
    return problems
