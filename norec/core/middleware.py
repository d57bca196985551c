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


def database_unavailable_response() -> HttpResponse:
    # No request and so no context processors: nothing here may touch the database.
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A database outage answers 503 with a plain page that says nothing was saved, not a 500.

    A view's error comes to process_exception. An error in a middleware (the session and the user
    are read there) never reaches an outer middleware as an exception: Django turns it into a 500
    response on the spot, sending got_request_exception first, which marks the request for us."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "database_unavailable", False):
            return database_unavailable_response()
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_DOWN):
            logger.error("database unavailable: %s", exception)
            return database_unavailable_response()
        return None


def _mark_database_outage(sender, request=None, **kwargs):
    if request is not None and isinstance(sys.exc_info()[1], DATABASE_DOWN):
        request.database_unavailable = True


got_request_exception.connect(_mark_database_outage, dispatch_uid="norec.database_unavailable")


class UserLanguageMiddleware:
    """Signed-in users see the site in their preferred language unless they chose another just now."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if user.is_authenticated and not chosen and user.preferred_language:
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class AdviserMFAMiddleware:
    """When NOREC_REQUIRE_ADVISER_MFA is on, an adviser without TOTP is sent to set it up first."""

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/")

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
