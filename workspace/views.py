"""Each role's starting point: who they are, and the work that waits for them."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from workspace import selectors


@login_required
@require_safe
def home(request):
    return render(request, "home.html", selectors.home_context(request.user))
