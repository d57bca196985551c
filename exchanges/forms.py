"""Forms of the exchanges app's actions: they only read what was posted; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _


class MarkRoundDoneForm(forms.Form):
    """Marking a round's exchange done cannot be undone, so the adviser confirms its consequence."""

    confirm = forms.BooleanField(error_messages={"required": _("Tick the box to confirm.")})

    def __init__(self, *args, exchange_round, **kwargs):
        kwargs.setdefault("auto_id", f"round-{exchange_round.number}-done-%s")
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = _(
            "I understand that the exchange of round %(number)s is then over for good; after the last round the "
            "follow-up starts."
        ) % {"number": exchange_round.number}
