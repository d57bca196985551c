"""The search page: /search/?q=… with its filters in the URL (bookmarkable)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from partnerships.models import Partnership
from partnerships.permissions import require
from partnerships.selectors.lists import countries_in
from workspace import permissions
from workspace import search as finder
from workspace.search_forms import SearchForm, chosen_kind, chosen_page


@login_required
@require_safe
def search(request):
    user = request.user
    require(permissions.may_search(user))
    context = {"results": None, "kind": "", "page": 1}
    if not request.GET.get("q", "").strip():
        # Nothing typed: the form and a hint, and no query of the data.
        context["form"] = SearchForm(user=user)
        return render(request, "workspace/search.html", context)
    form = SearchForm(request.GET, user=user, country_codes=countries_in(Partnership.objects.visible_to(user)))
    form.is_valid()
    context["form"] = form
    if form.text:
        kind, page = chosen_kind(request.GET), chosen_page(request.GET)
        results = finder.search(user, form.text, form.filters(), kind=kind, page=page)
        context.update(kind=kind, page=page, results=results)
    return render(request, "workspace/search.html", context)
