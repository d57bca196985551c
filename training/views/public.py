"""The two addresses that need no sign-in: an embassy's check of an invitation letter, and a
person's private calendar feed (its token is the key)."""

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from training.calendar import feed_for
from training.letters import verify
from training.services.feeds import feed_owner


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Verification code on the letter"), max_length=20, min_length=12)


@require_safe
def verify_letter(request, code: str = ""):
    """The letter's facts for a code typed or followed from the letter; nothing for an unknown code."""
    if not code and "code" in request.GET:
        form = VerifyForm(request.GET)
        if form.is_valid():
            return redirect(reverse("training:verify_letter_code", args=[form.cleaned_data["code"].strip()]))
    else:
        form = VerifyForm(initial={"code": code})
    result = verify(code) if code else None
    context = {"form": form, "code": code, "result": result, "checked": bool(code)}
    return render(request, "training/verify_letter.html", context, status=404 if code and result is None else 200)


@require_safe
def calendar_feed(request, token: str):
    owner = feed_owner(token)
    if owner is None:
        raise Http404
    response = HttpResponse(feed_for(owner), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
