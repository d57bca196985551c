from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries as django_countries

from norec.core.forms import SubmitOnceForm
from norec.core.listing import FilterForm
from partnerships.models import OrganisationKind, PartnerOrganisation


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


class OrganisationFilterForm(FilterForm):
    """The organisation list's filters. The country menu offers the countries of the organisations
    the reader sees (cached), but any country is accepted: one added a minute ago filters too."""

    name = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False)
    kind = forms.ChoiceField(label=_("Kind of organisation"), required=False)

    def __init__(self, data=None, *, countries: list[tuple[str, str]], **kwargs):
        super().__init__(data, **kwargs)
        choices = list(countries)
        asked = self.data.get("country", "")
        if asked and asked not in dict(choices) and asked in django_countries:
            choices.append((asked, str(django_countries.name(asked))))
        self.fields["country"].choices = [("", _("All countries")), *choices]
        self.fields["kind"].choices = [("", _("All kinds")), *OrganisationKind.choices]
