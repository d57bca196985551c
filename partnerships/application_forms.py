"""The project application form: shared content, one goals field per partner organisation, and a
formset of planned exchange rounds.

A draft may be incomplete (everything is optional here); only input that can never be right is
refused (an end before the start, negative amounts). Completeness is the submission's business:
Application.missing_items()."""

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from norec.core.limits import AMOUNT_FORM_OPTIONS, LONG_TEXT_MAX_LENGTH, BoundedDateField
from partnerships.models import (
    BUDGET_CURRENCY,
    DIRECTION_FIELDS,
    DIRECTION_NAMES,
    ApplicationOrganisationGoal,
    PlannedRound,
    RoundDirection,
)
from partnerships.models.application import planned_round_period
from partnerships.services import PlannedRoundData

# An agreement usually covers three rounds (DOMAIN.md): offer at least that many rows, and always one
# empty row more, so another round can be added without JavaScript.
SUGGESTED_ROUNDS = 3
MAX_ROUNDS = 20
FIELD_TEMPLATE = "partnerships/includes/application_field.html"  # no "(optional)": a draft may leave anything out

_AMOUNT_WIDGET = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})


# "kr", "NOK", "nok", "kr." and the Norwegian ",-" (whole kroner), before or after the number.
_CURRENCY = re.compile(r"^(?:nok|kr\.?)\s*|\s*(?:nok|kr\.?|,-)$", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f']")  # spaces (also no-break and narrow) and apostrophes group digits
# What may stand before a thousands separator: one to three digits, not starting with 0 ("0.001" is
# a thousandth, never "1"; "1234.567" has three decimals, not a thousands group).
_THOUSANDS_LEAD = re.compile(r"-?[1-9]\d{0,2}")


def parse_amount(text: str) -> Decimal | None:
    """An amount as people type it: "150 000", "150,000", "150.000", "150 000 kr", "NOK 150 000",
    "1250,50" or "1,250.50". A single separator followed by exactly three digits groups thousands
    when one to three digits (not 0) stand before it; otherwise it is the decimal mark, and the
    field refuses more than two decimals. Empty is None; anything else raises ValueError."""
    text = _SPACES.sub("", _CURRENCY.sub("", text.strip()))
    if not text:
        return None
    if "," in text and "." in text:
        decimal_mark = "," if text.rindex(",") > text.rindex(".") else "."
        text = text.replace("." if decimal_mark == "," else ",", "").replace(",", ".")
    else:
        for mark in ",.":
            parts = text.split(mark)
            if len(parts) > 2 or (len(parts) == 2 and len(parts[1]) == 3 and _THOUSANDS_LEAD.fullmatch(parts[0])):
                text = "".join(parts)  # thousands
            elif len(parts) == 2:
                text = ".".join(parts)
    if not re.fullmatch(r"-?\d+(?:\.\d+)?", text):
        raise ValueError(text)
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise ValueError(text) from error


class AmountField(forms.DecimalField):
    """A budget amount typed the way people write money (parse_amount)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_amount(str(value))
        except ValueError as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error


def goals_field_name(organisation_id: int) -> str:
    return f"goals_{organisation_id}"


def _amount_label(label) -> str:
    return _("%(label)s (%(currency)s)") % {"label": label, "currency": BUDGET_CURRENCY}


class ApplicationForm(forms.Form):
    """Shared goals, cooperation and budget total, plus a `goals_<organisation id>` field per organisation."""

    common_goals = forms.CharField(
        label=_("Shared goals"),
        max_length=LONG_TEXT_MAX_LENGTH,
        help_text=_(
            "What the partners want to achieve together. Give either shared goals or the goals of every "
            "organisation below, or both."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        template_name=FIELD_TEMPLATE,
    )
    cooperation = forms.CharField(
        label=_("How the partners will cooperate"),
        max_length=LONG_TEXT_MAX_LENGTH,
        help_text=_("How you will work together to reach the goals: meetings, visits, who does what."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        template_name=FIELD_TEMPLATE,
    )
    # The case revision and draft version the page was loaded at: the one concurrency guard, and the
    # base of the merge when someone else saved meanwhile (services.save_application_draft).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    revision = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            key: _("This page is incomplete or out of date. Reload it and enter your changes again.")
            for key in ("required", "invalid", "min_value")
        },
    )

    def __init__(self, *args, organisation_goals: Sequence[ApplicationOrganisationGoal], **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = [goal.organisation for goal in organisation_goals]
        for goal in organisation_goals:
            self.fields[goals_field_name(goal.organisation_id)] = forms.CharField(
                label=_("Goals of %(organisation)s") % {"organisation": goal.organisation.name},
                help_text=_(
                    "What this organisation wants to achieve. Needed from every organisation when there are no "
                    "shared goals."
                ),
                required=False,
                max_length=LONG_TEXT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 4}),
                template_name=FIELD_TEMPLATE,
            )
            self.initial.setdefault(goals_field_name(goal.organisation_id), goal.goals)

    @classmethod
    def initial_for(cls, application) -> dict:
        return {
            "common_goals": application.common_goals,
            "cooperation": application.cooperation,
            "version": application.version,
            "revision": application.partnership.revision,
        }

    def organisation_goal_fields(self) -> list[tuple]:
        """(organisation, bound field) per organisation, in the order given (by name)."""
        return [(organisation, self[goals_field_name(organisation.pk)]) for organisation in self.organisations]

    def shared_fields(self) -> list:
        return [self["common_goals"], self["cooperation"]]

    def cleaned_organisation_goals(self) -> dict[int, str]:
        return {
            organisation.pk: self.cleaned_data[goals_field_name(organisation.pk)] for organisation in self.organisations
        }


def _participants_field() -> forms.IntegerField:
    return forms.IntegerField(
        required=False,
        min_value=0,
        max_value=32767,  # the model's PositiveSmallIntegerField
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        template_name=FIELD_TEMPLATE,
    )


class PlannedRoundForm(forms.Form):
    """A planned round: how many participants go each way (a mutual round plans some both ways;
    only the directions the partnership's countries allow are asked), its dates and budget."""

    participants_north_south = _participants_field()
    participants_south_north = _participants_field()
    participants_south_south = _participants_field()
    planned_start = BoundedDateField(label=_("Planned start"), required=False, template_name=FIELD_TEMPLATE)
    planned_end = BoundedDateField(label=_("Planned end"), required=False, template_name=FIELD_TEMPLATE)
    budget = AmountField(required=False, widget=_AMOUNT_WIDGET, template_name=FIELD_TEMPLATE, **AMOUNT_FORM_OPTIONS)

    def __init__(self, *args, directions: Sequence[RoundDirection] = (), period: tuple | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if period is not None:  # where the case's rounds may lie (planned_round_period)
            for name in ("planned_start", "planned_end"):
                self.fields[name].set_bounds(*period)
        self.fields["budget"].label = _amount_label(_("Budget"))
        for direction, name in DIRECTION_FIELDS.items():
            if direction in directions or self.initial.get(name):
                # A number saved for a direction the partnership no longer allows stays shown, so it
                # can be cleared: the missing-items list explains it.
                self.fields[name].label = _("Participants %(direction)s") % {"direction": DIRECTION_NAMES[direction]}
            else:
                del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
        if start and end and end <= start:
            self.add_error("planned_end", _("The planned end must be after the planned start."))
        return cleaned

    @classmethod
    def initial_for(cls, planned: PlannedRound) -> dict:
        return {
            **{name: getattr(planned, name) for name in DIRECTION_FIELDS.values()},
            "planned_start": planned.planned_start,
            "planned_end": planned.planned_end,
            "budget": planned.budget,
        }

    def is_blank(self) -> bool:
        return not any(value not in (None, "") for name, value in self.cleaned_data.items() if name != "DELETE")

    def round_data(self) -> PlannedRoundData:
        data = self.cleaned_data
        return PlannedRoundData(
            **{name: data.get(name) or 0 for name in DIRECTION_FIELDS.values()},
            planned_start=data["planned_start"],
            planned_end=data["planned_end"],
            budget=data["budget"],
        )


class BasePlannedRoundFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_many_forms": ngettext_lazy("Plan at most %(num)d round.", "Plan at most %(num)d rounds.", "num"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.extra = max(SUGGESTED_ROUNDS - len(self.initial or ()), 1)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this round")
            form.fields["DELETE"].template_name = FIELD_TEMPLATE

    def rounds(self) -> list[PlannedRoundData]:
        """The rounds to save, in order: removed and blank rows left out."""
        return [
            form.round_data()
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and not form.is_blank()
        ]


PlannedRoundFormSet = forms.formset_factory(
    PlannedRoundForm,
    formset=BasePlannedRoundFormSet,
    extra=0,
    can_delete=True,
    can_delete_extra=False,
    max_num=MAX_ROUNDS,
    validate_max=True,
)


def application_forms(application, *, data=None) -> tuple[ApplicationForm, BasePlannedRoundFormSet]:
    """The form and rounds formset for `application` (its rounds and organisation goals prefetched),
    bound to `data` when given."""
    form = ApplicationForm(
        data,
        initial=ApplicationForm.initial_for(application),
        organisation_goals=list(application.organisation_goals.all()),
    )
    formset = PlannedRoundFormSet(
        data,
        initial=[PlannedRoundForm.initial_for(planned) for planned in application.rounds.all()],
        prefix="rounds",
        form_kwargs={
            "directions": application.partnership.possible_round_directions,
            "period": planned_round_period(application.partnership),
        },
    )
    return form, formset


def error_summary(form: ApplicationForm, formset: BasePlannedRoundFormSet) -> list[dict]:
    """Every error on the page, in page order, each with the id of its field to link to (if any)."""
    errors = [{"field_id": "", "text": error} for error in form.non_field_errors()]
    for field in form:
        errors.extend(_field_errors(field, prefix=""))
    errors.extend({"field_id": "", "text": error} for error in formset.non_form_errors())
    for number, round_form in enumerate(formset.forms, start=1):
        prefix = _("Round %(number)s") % {"number": number}
        errors.extend({"field_id": "", "text": f"{prefix}: {error}"} for error in round_form.non_field_errors())
        for field in round_form:
            errors.extend(_field_errors(field, prefix=f"{prefix}, "))
    return errors


def _field_errors(field, *, prefix: str) -> list[dict]:
    if field.is_hidden:  # nothing to link to; its messages say what to do
        return [{"field_id": "", "text": error} for error in field.errors]
    return [{"field_id": field.auto_id, "text": f"{prefix}{field.label}: {error}"} for error in field.errors]
