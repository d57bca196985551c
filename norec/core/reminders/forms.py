from django import forms
from django.utils.translation import gettext_lazy as _

from norec.core.forms import CheckboxRows
from norec.core.limits import BoundedDateField
from norec.core.reminders.registry import optional_kinds_for, reminder_kinds


class ReminderChoicesForm(forms.Form):
    receive = forms.MultipleChoiceField(
        label=_("Send me reminders of"), required=False, widget=CheckboxRows, choices=()
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receive"].choices = [(kind.name, kind.label) for kind in optional_kinds_for(user.role)]


class ReminderFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    email = forms.ChoiceField(
        label=_("Email status"),
        required=False,
        choices=[("", _("Any")), ("sent", _("Sent")), ("pending", _("Waiting to be sent")), ("failed", _("Failed"))],
    )
    person = forms.CharField(label=_("Recipient's name or email"), required=False, max_length=100)
    since = BoundedDateField(label=_("Sent from"), required=False, years_back=10, years_ahead=1)
    until = BoundedDateField(label=_("Sent until"), required=False, years_back=10, years_ahead=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any")), *((kind.name, kind.label) for kind in reminder_kinds())]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The last day comes on or after the first."))
        return cleaned

    def filters(self) -> dict:
        """The valid filters (an invalid one is left out and said beside its field)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value and name not in self.errors}
