import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import FileResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language
from kombu import Connection

from norec.core.invitations import accept_invitation as accept_invitation_service
from norec.core.invitations import invitation_from_token
from norec.core.middleware import signed_in_language

logger = logging.getLogger(__name__)


@require_POST
def set_language(request):
    """Django's language switch, which also remembers the choice on the user's profile."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        request.user.preferred_language = language
        request.user.save(update_fields=["preferred_language"])
    return response


@never_cache
def accept_invitation(request, token):
    invitation = invitation_from_token(token)
    if invitation is None:
        return render(request, "invitations/invalid.html", status=404)
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = accept_invitation_service(invitation, password=form.cleaned_data["new_password1"])
        except ValidationError:  # used a moment ago, in another tab or by a double click
            return render(request, "invitations/invalid.html", status=404)
        login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
        # Said on the first signed-in page, which is in the person's language (not yet this request's).
        with translation.override(signed_in_language(request, user) or translation.get_language()):
            messages.success(request, _("Welcome to Norec Exchange. Your password is set."))
        return redirect("home")
    return render(request, "invitations/accept.html", {"form": form, "invitation": invitation})


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request):
    """The site's icon where browsers look for it on pages that name none (the admin's)."""
    return FileResponse(open(finders.find("norec/favicon.ico"), "rb"), content_type="image/x-icon")


@require_GET
@never_cache
def healthz(request):
    checks = {"database": _check_database(), "broker": _check_broker()}
    healthy = all(state in {"ok", "eager"} for state in checks.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:
        logger.exception("healthz: database unreachable")
        return "unreachable"


def _check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    try:
        # One try, as short as every other Redis call: a hung broker is reported at once.
        timeout = settings.REDIS_TIMEOUT_SECONDS
        options = {"socket_connect_timeout": timeout, "socket_timeout": timeout, "max_retries": 0}
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=timeout, transport_options=options) as conn:
            conn.ensure_connection(max_retries=0, timeout=timeout)
        return "ok"
    except Exception:
        logger.exception("healthz: broker unreachable")
        return "unreachable"
