from functools import update_wrapper
from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class NorecAdminSite(admin.AdminSite):
    """The admin for Norec's advisers. Sign-in goes through allauth, so MFA and rate limits apply."""

    site_header = _("Norec Exchange administration")
    site_title = _("Norec Exchange")
    index_title = _("Manage organisations and users")

    def has_permission(self, request):
        return request.user.is_active and request.user.is_authenticated and request.user.is_adviser

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def refuse_signed_in_non_advisers(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied(_("Only programme advisers can use the administration pages."))
            return inner(request, *args, **kwargs)

        return update_wrapper(refuse_signed_in_non_advisers, inner)

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            # Signed in, but not an adviser: say no rather than offer another login form.
            raise PermissionDenied(_("Only programme advisers can use the administration pages."))
        next_url = request.GET.get("next") or reverse("admin:index")
        return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
