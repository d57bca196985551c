"""Each role's starting point: who they are, and the work that waits for them."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from workspace import selectors


@login_required
@require_safe
def home(request):
    context = selectors.home_context(request.user)
    if context["participation"] is not None:  # a participant's exchange is all she has here: her portal
        return redirect("exchanges:portal")
    return render(request, "home.html", context)
