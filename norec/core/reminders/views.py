"""A person's own reminders and their settings; the advisers' list of every reminder sent."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from norec.core.listing import page_of
from norec.core.models import ReminderOptOut
from norec.core.reminders import permissions, selectors
from norec.core.reminders.forms import ReminderChoicesForm, ReminderFilterForm
from norec.core.reminders.registry import optional_kinds_for, reminder_kinds
from norec.core.reminders.services import choose_reminders

OWN_PER_PAGE = 25
ALL_PER_PAGE = 50


@login_required
@require_http_methods(["GET", "POST"])
def my_reminders(request):
    user = request.user
    if not permissions.may_choose_reminders(user):
        raise PermissionDenied
    if request.method == "POST":
        form = ReminderChoicesForm(request.POST, user=user)
        if form.is_valid():
            choose_reminders(user, receive=set(form.cleaned_data["receive"]))
            messages.success(request, _("Your reminder settings are saved."))
            return redirect("reminders:mine")
        status = 400
    else:
        status = 200
        off = set(ReminderOptOut.objects.filter(user=user).values_list("kind", flat=True))
        form = ReminderChoicesForm(
            user=user,
            initial={"receive": [kind.name for kind in optional_kinds_for(user.role) if kind.name not in off]},
        )
    page = Paginator(selectors.own_reminders(user), OWN_PER_PAGE).get_page(request.GET.get("page"))
    always = [kind for kind in reminder_kinds() if kind.mandatory and user.role in kind.roles]
    context = {"form": form, "page": page, "reminders": selectors.with_text(list(page)), "always": always}
    return render(request, "reminders/mine.html", context, status=status)


@login_required
@require_safe
def all_reminders(request):
    if not permissions.may_see_all_reminders(request.user):
        raise PermissionDenied
    form = ReminderFilterForm(request.GET or None)
    order = selectors.REMINDER_SORTING.chosen(request.GET)
    last_sweep = selectors.last_sweep()
    page = page_of(
        selectors.all_reminders(**form.filters(), order_by=order.order_by), request.GET, per_page=ALL_PER_PAGE
    )
    context = {
        "form": form,
        "order": order,
        "sort": order.links(request.GET),
        "page": page,
        "reminders": selectors.with_text(list(page)),
        "failed": selectors.failed_digests_count(),
        "last_sweep": last_sweep,
        "sweep_overdue": selectors.sweep_overdue(last_sweep),
        "reminder_hour": f"{settings.REMINDER_HOUR:02d}:00",
    }
    return render(request, "reminders/all.html", context)
