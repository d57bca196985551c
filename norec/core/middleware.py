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
