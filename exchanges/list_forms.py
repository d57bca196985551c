"""The GET filters of the participant and round lists. Every field may be left at "all"; a bad
value is shown as an error on its field and the other filters still apply."""

from django import forms
from django.utils.translation import gettext_lazy as _

from exchanges.models import RoundState
from norec.core.listing import ListFilterForm, year_field
from partnerships.models import Phase, RoundDirection


class ParticipantFilterForm(ListFilterForm):
    case = forms.ChoiceField(label=_("Partnership"), required=False)
    round_state = forms.ChoiceField(
        label=_("Round state"), required=False, choices=[("", _("All round states")), *RoundState.choices]
    )
    direction = forms.ChoiceField(
        label=_("Direction"), required=False, choices=[("", _("All directions")), *RoundDirection.choices]
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    year = year_field(_("Year of departure"))
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All")), *statuses]


class RoundFilterForm(ListFilterForm):
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All states")), *RoundState.choices])
    phase = forms.ChoiceField(
        label=_("Phase of the partnership"), required=False, choices=[("", _("All phases")), *Phase.choices]
    )
    year = year_field(_("Year the round starts"))
    country = forms.ChoiceField(label=_("Country"), required=False)
