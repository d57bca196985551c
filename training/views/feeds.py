"""A person's calendar feed settings (their account): make a new private address (shown once),
or stop the feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from training.models import CalendarFeed
from training.services.feeds import issue_feed_token, revoke_feed

NEW_ADDRESS = "training.new_calendar_address"


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request):
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            if revoke_feed(request.user):
                messages.success(request, _("Your calendar feed was stopped: its address no longer works."))
            return redirect("training:calendar_settings")
        token = issue_feed_token(request.user)
        # Shown once, on the page the redirect opens: a reload of that page then makes no new address
        # (it would stop the one just copied). The session holds it until that page is read.
        request.session[NEW_ADDRESS] = request.build_absolute_uri(reverse("training:calendar_feed", args=[token]))
        messages.success(request, _("Your new calendar address is below. The old one, if any, no longer works."))
        return redirect("training:calendar_settings")
    new_address = request.session.pop(NEW_ADDRESS, "")
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(request, "training/calendar_settings.html", {"feed": feed, "new_address": new_address})
