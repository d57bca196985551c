"""Forms of the exchanges pages. They only read and check what was typed; the services decide."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from exchanges.models import (
    BudgetLine,
    ExchangeMonths,
    Participant,
    ReportKind,
    leg_period_errors,
    round_budget_reasons,
)
from exchanges.services.participants import PARTICIPANT_FIELDS, validate_returned_on
from norec.core.forms import SubmitOnceForm, file_input, upload_limits
from norec.core.limits import (
    AMOUNT_FORM_OPTIONS,
    COMMENT_MAX_LENGTH,
    LONG_TEXT_MAX_LENGTH,
    REPORT_MAX_LENGTH,
    BoundedDateField,
    date_of_birth_field,
)
from norec.core.uploads import DOCUMENT_TYPES, PHOTO_OR_PDF_TYPES
from partnerships.application_forms import AmountField
from partnerships.models import PartnerOrganisation, format_amount


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PrefixedForm(forms.Form):
    id_prefix = "exchange"

    def __init__(self, *args, id_prefix: str | None = None, **kwargs):
        kwargs.setdefault("auto_id", f"{id_prefix or self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


class OrganisationChoiceField(forms.TypedChoiceField):
    """One of a list of organisations already loaded: its options cost no query to show."""

    def __init__(self, **kwargs):
        super().__init__(coerce=int, empty_value=None, **kwargs)
        self.organisations: dict[int, PartnerOrganisation] = {}

    def use(self, organisations) -> None:
        self.organisations = {organisation.pk: organisation for organisation in organisations}
        self.choices = [("", "---------"), *((pk, org.name) for pk, org in self.organisations.items())]

    def clean(self, value):
        pk = super().clean(value)
        return self.organisations[pk] if pk is not None else None


class LegFields(PrefixedForm):
    """A leg as typed: who sends, who hosts, how many, how long, from when. The departure and the
    length are checked against the round's planned period here, at the fields, so a date such as
    9999-12-31 is refused with what was typed kept."""

    id_prefix = "leg"

    home = OrganisationChoiceField(label=_("Home organisation (sends)"))
    host = OrganisationChoiceField(label=_("Host organisation (receives)"))
    participants = forms.IntegerField(label=_("Number of participants"), min_value=1, max_value=50)
    months = forms.TypedChoiceField(label=_("Length of the exchange"), choices=ExchangeMonths.choices, coerce=int)
    departure = forms.DateField(label=_("Departure"), widget=_date_input())

    def __init__(self, *args, organisations, exchange_round, **kwargs):
        super().__init__(*args, **kwargs)
        self.exchange_round = exchange_round
        organisations = list(organisations)
        self.fields["home"].use(organisations)
        self.fields["host"].use(organisations)
        departure = self.fields["departure"]
        departure.widget.attrs.update(
            min=exchange_round.planned_start.isoformat(), max=exchange_round.planned_end.isoformat()
        )
        departure.help_text = _("Within the round's planned period, %(start)s to %(end)s.") % {
            "start": date_format(exchange_round.planned_start, "DATE_FORMAT"),
            "end": date_format(exchange_round.planned_end, "DATE_FORMAT"),
        }

    def leg(self) -> dict:
        """What the services take of a leg (add_leg, change_leg), as checked."""
        return {name: self.cleaned_data[name] for name in ("home", "host", "participants", "months", "departure")}

    def clean(self):
        data = super().clean()
        for field, message in leg_period_errors(self.exchange_round, data.get("departure"), data.get("months")).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data


class LegForm(SubmitOnceForm, LegFields):
    """A new leg: the same form sent twice adds one."""


class ChangeLegForm(LegFields):
    def __init__(self, *args, leg, **kwargs):
        kwargs.setdefault("id_prefix", f"leg-{leg.pk}")
        kwargs.setdefault(
            "initial",
            {
                "home": leg.home_organisation_id,
                "host": leg.host_organisation_id,
                "participants": leg.participants,
                "months": leg.months,
                "departure": leg.departure,
            },
        )
        super().__init__(*args, **kwargs)


class ParticipantForm(SubmitOnceForm, forms.ModelForm):
    """What the sending organisation records of its participant (name as in the passport). The
    same form sent twice recruits one."""

    date_of_birth = date_of_birth_field(label=capfirst(Participant._meta.get_field("date_of_birth").verbose_name))

    class Meta:
        model = Participant
        fields = PARTICIPANT_FIELDS
        widgets = {
            "date_of_birth": _date_input(),
            "duties_before": forms.Textarea(attrs={"rows": 3}),
            "duties_after": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "participant-%s")
        super().__init__(*args, **kwargs)
        self.fields["gender"].required = False
        self.fields["phone"].required = False
        allowance = self.fields["allowance_amount"]  # the model refuses it too; the form says so first
        allowance.min_value = 0
        allowance.validators.append(MinValueValidator(0))
        allowance.widget.attrs["min"] = "0"


class ItemDoneForm(PrefixedForm):
    document = forms.FileField(label=_("Document"), required=False, widget=file_input(PHOTO_OR_PDF_TYPES, photos=True))

    def __init__(self, *args, item=None, **kwargs):
        kwargs.setdefault("id_prefix", f"item-{item.pk}" if item is not None else "item")
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text = _(
            "%(types)s, at most %(limit)s. A photo taken with a phone is fine."
        ) % upload_limits(PHOTO_OR_PDF_TYPES)
        if item is not None and item.requires_document and not item.document:
            self.fields["document"].required = True


class ReasonForm(PrefixedForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=COMMENT_MAX_LENGTH)


class ReturnEarlyForm(ReasonForm):
    """The early return's date lies between the leg's departure and today (refused at the field)."""

    id_prefix = "return-early"

    returned_on = BoundedDateField(label=_("Returned on"))  # the service holds it to the leg's dates

    def __init__(self, *args, participant, **kwargs):
        super().__init__(*args, **kwargs)
        self.participant = participant
        self.fields["returned_on"].widget.attrs.update(
            min=participant.leg.departure.isoformat(), max=timezone.localdate().isoformat()
        )

    def clean_returned_on(self):
        returned_on = self.cleaned_data["returned_on"]
        try:
            validate_returned_on(self.participant, returned_on)
        except ValidationError as error:
            raise ValidationError(error.message_dict["returned_on"]) from None
        return returned_on


class ConfirmStepForm(forms.Form):
    """A round step that cannot simply be taken back, confirmed with its consequence (`consequence`,
    a sentence naming the round's number)."""

    name = ""
    consequence = ""
    missing = ""  # what a post without the box ticked is told (the box is beside the step's button)
    confirm = forms.BooleanField(error_messages={"required": _("Tick the box to confirm.")})

    def __init__(self, *args, exchange_round, **kwargs):
        kwargs.setdefault("auto_id", f"round-{exchange_round.number}-{self.name}-%s")
        super().__init__(*args, **kwargs)
        self.exchange_round = exchange_round
        self.fields["confirm"].label = self.consequence % {"number": exchange_round.number}

    def missing_confirmation(self) -> str:
        return self.missing % {"number": self.exchange_round.number}


class StartPreparingForm(ConfirmStepForm):
    """Preparing fixes the round as planned: its legs and round agreement change only by amendment."""

    name = "prepare"
    consequence = _(
        "I confirm that the participants of round %(number)s are recruited: the round is then being prepared, and "
        "its legs and round agreement change only through an amendment (C05)."
    )
    missing = _("Tick the box to confirm that the participants of round %(number)s are recruited.")


class DepartForm(ConfirmStepForm):
    """Recording the departure changes what the participants' checklists expect, so it is
    confirmed with its consequence; the adviser can correct a mistaken one."""

    name = "depart"
    consequence = _(
        "I confirm that the participants of round %(number)s have left: the round is then in the exchange, its "
        "legs and budget change only through an amendment, and only the programme adviser can take this back."
    )
    missing = _("Tick the box to confirm that the participants of round %(number)s have left.")


class MarkRoundDoneForm(ConfirmStepForm):
    """Marking a round's exchange done cannot be undone, so the adviser confirms its consequence."""

    name = "done"
    consequence = _(
        "I understand that the exchange of round %(number)s is then over for good; after the last round the "
        "follow-up starts."
    )
    missing = _("Tick the box to confirm that the exchange of round %(number)s is over.")


# Each round step confirmed before it is taken, by its form.
CONFIRMED_STEPS = {"start_preparing": StartPreparingForm, "depart": DepartForm}


# --- Round reports ---------------------------------------------------------------------------


def actual_field_name(line: str) -> str:
    return f"actual_{line}"


def _line_amount(label, *, help_text: str = "", required: bool = True) -> AmountField:
    """One budget line's amount in NOK, typed as people write money ("12 500", "12 500 kr")."""
    return AmountField(label=label, help_text=help_text, required=required, **AMOUNT_FORM_OPTIONS)


class RoundReportForm(SubmitOnceForm, PrefixedForm):
    """A round's results report (C06), or with kind "financial" its accounts (C04): the actual
    amount of each budget line, beside what was planned."""

    text = forms.CharField(
        label=_("Results of the round"), widget=forms.Textarea(attrs={"rows": 6}), max_length=REPORT_MAX_LENGTH
    )
    attachment = forms.FileField(label=_("Report document"), required=False, widget=file_input(DOCUMENT_TYPES))

    def __init__(self, *args, kind: str, budget: dict[str, Decimal] | None = None, **kwargs):
        kwargs.setdefault("id_prefix", f"report-{kind}")
        super().__init__(*args, **kwargs)
        self.kind = ReportKind(kind)
        limits = upload_limits(DOCUMENT_TYPES)
        self.fields["attachment"].help_text = _("Optional. %(types)s, at most %(limit)s.") % limits
        if self.kind == ReportKind.RESULTS:
            self.fields["text"].help_text = _(
                "What the participants did, what the round achieved against its expected results, and what was learnt."
            )
            return
        self.fields["text"].label = _("Comments on the accounts")
        self.fields["text"].help_text = _("Explain any line that differs much from the budget.")
        for line in BudgetLine:
            planned = (budget or {}).get(line.value, Decimal(0))
            self.fields[actual_field_name(line.value)] = _line_amount(
                _("%(line)s, actual (NOK)") % {"line": line.label},
                help_text=_("Planned: %(amount)s") % {"amount": format_amount(planned)},
            )

    def actuals(self) -> dict[str, Decimal]:
        return {line: self.cleaned_data[actual_field_name(line)] for line in BudgetLine.values}


class DecideReportForm(PrefixedForm):
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=COMMENT_MAX_LENGTH
    )

    def __init__(self, *args, report, returning: bool = False, **kwargs):
        kwargs.setdefault("id_prefix", f"{'return' if returning else 'accept'}-report-{report.pk}")
        super().__init__(*args, **kwargs)
        if returning:
            self.fields["comment"].label = _("What should the partners revise?")
            self.fields["comment"].required = True


def planned_field_name(line: str) -> str:
    return f"planned_{line}"


class RoundAgreementForm(PrefixedForm):
    """The round agreement as the partners apply for it: C01's two questions and C02's budget lines."""

    id_prefix = "round-agreement"

    activities = forms.CharField(
        label=_("What will the participants do?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=LONG_TEXT_MAX_LENGTH,
    )
    contribution = forms.CharField(
        label=_("How does the round serve the expected results?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=LONG_TEXT_MAX_LENGTH,
    )

    def __init__(self, *args, exchange_round=None, **kwargs):
        initial = kwargs.pop("initial", None) or {}
        if exchange_round is not None:
            initial = {"activities": exchange_round.activities, "contribution": exchange_round.contribution, **initial}
            for line, amount in exchange_round.planned_budget().items():
                initial.setdefault(planned_field_name(line), amount)
        super().__init__(*args, initial=initial, **kwargs)
        for line in BudgetLine:
            self.fields[planned_field_name(line.value)] = _line_amount(
                _("%(line)s (NOK)") % {"line": line.label}, required=False
            )
        self.fields[planned_field_name(BudgetLine.ACTIVITIES)].help_text = _(
            "At most %(percent)s %% of the participant-related lines (housing to start-up grant)."
        ) % {"percent": settings.NOREC_ACTIVITY_CAP_PERCENT}
        self.exchange_round = exchange_round

    def clean(self):
        cleaned = super().clean()
        if self.exchange_round is not None and not self.errors:
            budget, number = self.exchange_round.budget, self.exchange_round.number
            for reason in round_budget_reasons(self.planned(), budget=budget, number=number):
                self.add_error(None, reason)
        return cleaned

    def planned(self) -> dict[str, Decimal]:
        return {line: self.cleaned_data.get(planned_field_name(line)) or Decimal(0) for line in BudgetLine.values}


class FollowUpPlanForm(PrefixedForm):
    id_prefix = "follow-up-plan"

    text = forms.CharField(
        label=_("Follow-up plan"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=LONG_TEXT_MAX_LENGTH,
    )
    plan_revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, participant=None, **kwargs):
        if participant is not None and not args:
            kwargs.setdefault(
                "initial", {"text": participant.follow_up_plan, "plan_revision": participant.follow_up_plan_revision}
            )
        super().__init__(*args, **kwargs)
        if participant is not None:
            self.fields["text"].help_text = participant.follow_up_focus
