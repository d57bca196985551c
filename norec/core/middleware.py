import logging
import sys

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

logger = logging.getLogger(__name__)

# What PostgreSQL being down (or restarting, or refusing connections) looks like to Django.
DATABASE_DOWN = (OperationalError, InterfaceError)

# The language a signed-in person's last page was shown in. Their preferred language is read from
# the database, so the pages that must do without it (503) read it from here.
PAGE_LANGUAGE_COOKIE = "norec_language"


def language_without_database(request) -> str:
    """The reader's language, found without the database: their last page's, else their choice of
    language (the cookie) or their browser's (Accept-Language)."""
    remembered = request.COOKIES.get(PAGE_LANGUAGE_COOKIE)
    if remembered in dict(settings.LANGUAGES):
        return remembered
    return translation.get_language_from_request(request)


def database_unavailable_response(request) -> HttpResponse:
    # No context processors: nothing here may touch the database.
    with translation.override(language_without_database(request)):
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A database outage answers 503 with a plain page that says nothing was saved, not a 500, and
    logs one warning (the outage is the operator's news, not a bug of the page: no traceback).

    A view's error comes to process_exception. An error in a middleware (the session and the user
    are read there) never reaches an outer middleware as an exception: Django turns it into a 500
    response on the spot, sending got_request_exception first, which marks the request for us;
    Django's own log lines for a marked request are left out (_skip_logged_outages)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "database_unavailable", False):
            return database_unavailable_response(request)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_DOWN):
            _mark_outage(request, exception)
            return database_unavailable_response(request)
        return None


def _mark_outage(request, error: BaseException) -> None:
    if not getattr(request, "database_unavailable", False):  # a request may meet it more than once
        request.database_unavailable = True
        logger.warning("database unavailable, answered 503 to %s %s: %s", request.method, request.path, error)


def _mark_database_outage(sender, request=None, **kwargs):
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DATABASE_DOWN):
        _mark_outage(request, error)


got_request_exception.connect(_mark_database_outage, dispatch_uid="norec.database_unavailable")


def _skip_logged_outages(record: logging.LogRecord) -> bool:
    """django.request's "Internal Server Error" (with its traceback) and "Service Unavailable" lines
    for a request already logged as meeting a database outage."""
    return not getattr(getattr(record, "request", None), "database_unavailable", False)


logging.getLogger("django.request").addFilter(_skip_logged_outages)


def signed_in_language(request, user) -> str | None:
    """A signed-in person's language, their preferred one, unless they chose another just now (the
    language cookie: then None, and the request's language stands)."""
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or not user.is_authenticated:
        return None
    return user.preferred_language or None


class UserLanguageMiddleware:
    """Signed-in users see the site in their preferred language unless they chose another just now.

    The language of their page is remembered in a cookie for the pages shown without the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        preferred = signed_in_language(request, user)
        if preferred:
            translation.activate(preferred)
            request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        language = getattr(request, "LANGUAGE_CODE", None)
        if user.is_authenticated and language and request.COOKIES.get(PAGE_LANGUAGE_COOKIE) != language:
            response.set_cookie(
                PAGE_LANGUAGE_COOKIE,
                language,
                max_age=365 * 24 * 3600,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


class AdviserMFAMiddleware:
    """When NOREC_REQUIRE_ADVISER_MFA is on, an adviser without TOTP is sent to set it up first."""

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/", "/favicon.ico")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.NOREC_REQUIRE_ADVISER_MFA and self._must_set_up_mfa(request):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    def _must_set_up_mfa(self, request) -> bool:
        user = request.user
        if not (user.is_authenticated and user.is_adviser):
            return False
        if request.path.startswith(self.ALLOWED_PREFIXES):
            return False
        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class PrivateCacheMiddleware:
    """Pages for a signed-in person, and responses that start or end a session, are never stored
    by a browser or proxy cache (a shared computer's back button or disk cache would show them to
    the next person). A view that already said no-store keeps its own header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        # A page that sets the CSRF cookie carries that token in its forms: not for anyone else either.
        sets_cookie = {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME} & response.cookies.keys()
        if (signed_in or sets_cookie) and "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "no-store, private"
        return response
