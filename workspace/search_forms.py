"""The search form: the words, the filters and which part of the results, all in the URL."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from norec.core.models import User
from norec.core.roles import Role
from partnerships.models import Phase
from workspace.search import Filters, Kind

QUERY_MAX_LENGTH = 100
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_PAGE = 50  # PER_PAGE results a page: past a thousand results, narrow the search instead
KINDS = {value for value, _label in Kind.CHOICES}


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=QUERY_MAX_LENGTH,
        help_text=_("A name or a part of it, or words from an application or an amendment."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    phase = forms.ChoiceField(label=_("Phase of the partnership"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    adviser = forms.ModelChoiceField(
        label=_("Programme adviser"), queryset=User.objects.none(), required=False, empty_label=_("All advisers")
    )
    # A text box, not type=number: a bad value typed into the URL is shown back beside its error,
    # which a number input may not hold.
    year = forms.IntegerField(
        label=_("Year the partnership opened"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    FILTERS = ("phase", "country", "adviser", "year")

    def __init__(self, *args, user, country_codes=(), **kwargs):
        kwargs.setdefault("auto_id", "search-%s")
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [("", _("All phases")), *Phase.choices]
        # Only the countries of the partnerships the person sees (translating all ~250 names per
        # request costs more than the search).
        names = ((code, str(countries.name(code)) or code) for code in country_codes)
        self.fields["country"].choices = [("", _("All countries")), *sorted(names, key=lambda choice: choice[1])]
        if user.is_adviser:
            self.fields["adviser"].queryset = User.objects.filter(role=Role.ADVISER, is_active=True)
        else:
            del self.fields["adviser"]  # a partner contact's cases have their own adviser

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    @property
    def text(self) -> str:
        """The words to search for, or "" when there are none (or they are too long: an error)."""
        return self.cleaned_data.get("q", "") if hasattr(self, "cleaned_data") else ""

    def filters(self) -> Filters:
        """The valid filters; a bad one is an error beside its field, and the others still apply."""
        data = getattr(self, "cleaned_data", {})
        return Filters(**{name: data[name] for name in self.FILTERS if data.get(name)})

    def filter_fields(self):
        return [self[name] for name in self.FILTERS if name in self.fields]


def chosen_kind(query) -> str:
    """Which kind of results to show alone ("more"), or "" for all; anything else is all, as a
    paginator answers an unknown page with a page it has (these links are made, not typed)."""
    kind = query.get("kind", "")
    return kind if kind in KINDS else ""


def chosen_page(query) -> int:
    try:
        return min(max(int(query.get("page", 1)), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1
