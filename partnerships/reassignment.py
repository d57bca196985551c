"""The case page's "Programme adviser" section: the head of programme gives the case to another
adviser there (partnerships.services.reassign_case)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from norec.core.models import User
from norec.core.roles import Role
from partnerships.permissions.reassignment import may_reassign_cases

ADVISER_SECTION = "partnerships/case_adviser.html"


class ReassignCaseForm(forms.Form):
    adviser = forms.ModelChoiceField(label=_("New programme adviser"), queryset=User.objects.none())
    # The adviser the page showed: a change made meanwhile is refused, not overwritten.
    current = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, case, **kwargs):
        kwargs.setdefault("auto_id", "reassign-%s")
        kwargs.setdefault("initial", {"current": case.adviser_id})
        super().__init__(*args, **kwargs)
        # The current adviser stays in the list: chosen, the service says she already is (and a
        # page shown before someone else's change gets that change's message, not a form error).
        self.fields["adviser"].queryset = User.objects.filter(role=Role.ADVISER, is_active=True).order_by("full_name")


def adviser_section(case, user) -> dict | None:
    """For the head of programme, on an open case: the form that gives it to another adviser."""
    if not (case.is_open and may_reassign_cases(user)):
        return None
    return {"form": ReassignCaseForm(case=case), "action": _("Give the case to another adviser")}
