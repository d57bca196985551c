"""The GET filters of the enrolments list. Every field may be left at "all"; a bad value is shown
as an error on its field and the other filters still apply."""

from django import forms
from django.utils.translation import gettext_lazy as _

from norec.core.listing import ListFilterForm, year_field
from training.models import EnrolmentState
from training.models.kinds import COURSE_DAYS


class EnrolmentFilterForm(ListFilterForm):
    course = forms.ChoiceField(
        label=_("Course"), required=False, choices=[("", _("All courses")), *((k.value, k.label) for k in COURSE_DAYS)]
    )
    session = forms.ChoiceField(label=_("Session"), required=False)
    venue = forms.ChoiceField(label=_("Venue"), required=False)
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All states")), *EnrolmentState.choices]
    )
    year = year_field(_("Year of the session"))

    def __init__(self, *args, sessions=(), venues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [("", _("All sessions")), *sessions]
        self.fields["venue"].choices = [("", _("All venues")), *venues]
