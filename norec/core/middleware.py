from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation


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
