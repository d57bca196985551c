"""The adviser's dashboard: her caseload at a glance, or, for the head of programme, everyone's."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_safe

from workspace import dashboard, permissions
from workspace.dashboard_page import DashboardScopeForm, dashboard_context


@login_required
@require_safe
def dashboard_page(request):
    user = request.user
    if not permissions.may_see_dashboard(user):
        raise PermissionDenied
    form = None
    scope = user
    if permissions.may_see_every_caseload(user):
        form = DashboardScopeForm(request.GET, advisers=dashboard.advisers_to_choose())
        scope = form.chosen(user)
    elif request.GET.get("scope") or request.GET.get("adviser"):
        raise PermissionDenied  # another adviser's caseload is the head of programme's to see
    context = dashboard_context(user, scope)
    context["form"] = form
    return render(request, "workspace/dashboard.html", context)
