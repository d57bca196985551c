from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from norec.core.forms import SubmitOnceForm
from partnerships.models import PartnerOrganisation


class OrganisationForm(forms.ModelForm):
    """An organisation's details as an adviser types them; the service checks and saves them."""

    class Meta:
        model = PartnerOrganisation
        fields = ["name", "country", "kind"]
        labels = {"name": _("Name"), "country": _("Country"), "kind": _("Kind of organisation")}
        help_texts = {"name": _("As the organisation writes it, in full.")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "organisation-%s")
        super().__init__(*args, **kwargs)

    def _post_clean(self):
        pass  # the service runs the model's checks and says which field is wrong (services.organisations)


class NewOrganisationForm(SubmitOnceForm, OrganisationForm):
    """The same, for a new organisation: sent twice, it adds one (norec.core.idempotency)."""


class InviteContactForm(SubmitOnceForm):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("Email address"), max_length=254)  # as User.email
    preferred_language = forms.ChoiceField(
        label=_("Language for emails and pages"), choices=settings.LANGUAGES, initial="en"
    )
