"""The amendment forms: every value pre-filled from what the amendment asks for now (or today's
values for a new one), so the partners change what changes and leave the rest. Each form turns
what was typed into a proposal: the flat values of amendments.snapshot."""

from django import forms
from django.utils.translation import gettext_lazy as _

from amendments.changes import Names, leg_name
from amendments.models import AmendmentKind, AmendmentState
from amendments.snapshot import amount, legs_in, split
from exchanges.models import BudgetLine
from norec.core.forms import CheckboxRows, RadioRows, SubmitOnceForm
from norec.core.limits import AMOUNT_FORM_OPTIONS, COMMENT_MAX_LENGTH, LONG_TEXT_MAX_LENGTH, BoundedDateField
from norec.core.listing import FilterForm

JOINING = "joining"


def _textarea(rows=4):
    return forms.Textarea(attrs={"rows": rows})


class AmendmentFields(forms.Form):
    """What every amendment has: why, from when, and (for a new one) a submission token."""

    def field_for(self, key: str | None) -> str | None:
        """The form field a problem with snapshot key `key` is said beside (None: the form's top)."""
        return key if key in self.fields else None

    def add_problems(self, error) -> None:
        """A service's ValidationError, each sentence beside the field it is about (validation.Problem)."""
        for problem in error.error_list:
            self.add_error(self.field_for(getattr(problem.message, "key", None)), problem.message)

    def add_common_fields(self):
        self.fields["effective_on"] = BoundedDateField(
            label=_("Takes effect on"),
            help_text=_("The day the change applies from; it may lie before the decision."),
        )
        self.fields["justification"] = forms.CharField(
            label=_("Justification"),
            help_text=_("Why the change is needed, for the programme adviser who decides."),
            max_length=LONG_TEXT_MAX_LENGTH,
            widget=_textarea(6),
        )


class B03Form(SubmitOnceForm, AmendmentFields):
    """B03: the agreement's end date, its shared goals, and who the partners are."""

    kind = AmendmentKind.B03

    def __init__(self, *args, values: dict, candidates, proposal: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.values = values
        names = Names.for_values(values)
        self.current_partners = [
            (int(split(key)[1]), role) for key, role in values.items() if key.startswith("partner:")
        ]
        partner_choices = [(str(ident), names.organisation(ident)) for ident, _role in self.current_partners]
        partner_choices.sort(key=lambda choice: choice[1])
        self.fields["period_end"] = BoundedDateField(label=_("The agreement ends on"), years_ahead=10)
        self.fields["common_goals"] = forms.CharField(
            label=_("Shared goals"), max_length=LONG_TEXT_MAX_LENGTH, required=False, widget=_textarea(6)
        )
        self.fields["leaving"] = forms.MultipleChoiceField(
            label=_("Partners that leave"),
            choices=partner_choices,
            required=False,
            widget=CheckboxRows,
            help_text=_(
                "A leaving partner's contacts no longer see the partnership from the day the change takes effect."
            ),
        )
        self.fields["joining"] = forms.ModelChoiceField(
            label=_("A partner that joins"),
            queryset=candidates,
            required=False,
            empty_label=_("Nobody joins"),
        )
        self.fields["coordinating"] = forms.ChoiceField(
            label=_("Coordinating partner"),
            choices=[*partner_choices, (JOINING, _("The joining partner"))],
            widget=RadioRows,
            help_text=_("The coordinating partner cannot leave without naming a new one here."),
        )
        self.fields["invite_name"] = forms.CharField(
            label=_("The joining partner's contact: name"), max_length=200, required=False
        )
        self.fields["invite_email"] = forms.EmailField(
            label=_("The joining partner's contact: email"),
            required=False,
            help_text=_("Invited to Norec Exchange when the amendment is approved."),
        )
        self.add_common_fields()
        if not self.is_bound:
            self._initial_from(proposal or values, values)

    def field_for(self, key: str | None) -> str | None:
        if key and key.startswith("partner:"):
            return "leaving"
        return super().field_for(key)

    def proposal(self, current: dict) -> dict:
        """Today's values with what was typed: the proposal to save."""
        data = self.cleaned_data
        proposal = {key: value for key, value in current.items() if not key.startswith("partner:")}
        proposal["period_end"] = data["period_end"].isoformat()
        proposal["common_goals"] = data["common_goals"].strip()
        leaving = {int(ident) for ident in data["leaving"]}
        for ident, _role in self.current_partners:
            if ident not in leaving:
                proposal[f"partner:{ident}"] = "partner"
        if data["joining"] is not None:
            proposal[f"partner:{data['joining'].pk}"] = "partner"
        coordinating = data["coordinating"]
        if coordinating == JOINING:
            if data["joining"] is None:
                self.add_error("coordinating", _("Choose the joining partner above, or another coordinating partner."))
                return proposal
            coordinating = str(data["joining"].pk)
        key = f"partner:{coordinating}"
        if key not in proposal:
            self.add_error("coordinating", _("The coordinating partner cannot be one that leaves."))
            return proposal
        proposal[key] = "coordinating"
        return proposal

    def _initial_from(self, proposal: dict, baseline: dict) -> None:
        """What the form shows: the proposal's dates, texts and partners, against today's partners."""
        self.initial["period_end"] = proposal["period_end"]
        self.initial["common_goals"] = proposal["common_goals"]
        self.initial["leaving"] = [
            str(ident) for ident, _r in self.current_partners if f"partner:{ident}" not in proposal
        ]
        joining = [int(split(k)[1]) for k in proposal if k.startswith("partner:") and k not in baseline]
        self.initial["joining"] = joining[0] if joining else None
        coordinating = next(
            (split(k)[1] for k, v in proposal.items() if k.startswith("partner:") and v == "coordinating"), ""
        )
        self.initial["coordinating"] = JOINING if joining and coordinating == str(joining[0]) else coordinating


LEG_ACTIONS = [("keep", _("Stays")), ("reverse", _("Reversed: the other way")), ("remove", _("Removed"))]


class C05Form(SubmitOnceForm, AmendmentFields):
    """C05: a round's dates, budget and budget lines, and its legs (dates, participants,
    reversed, removed, added)."""

    kind = AmendmentKind.C05

    def __init__(self, *args, exchange_round, values: dict, organisations, proposal: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        proposal = proposal or values
        self.exchange_round = exchange_round
        self.prefix_key = f"round:{exchange_round.pk}"
        names = Names.for_values(values)
        organisation_choices = [(str(o.pk), o.name) for o in organisations]
        self.fields["planned_start"] = BoundedDateField(label=_("The round starts on"), years_ahead=10)
        self.fields["planned_end"] = BoundedDateField(label=_("The round ends on"), years_ahead=10)
        self.fields["budget"] = forms.DecimalField(label=_("Round budget (NOK)"), **AMOUNT_FORM_OPTIONS)
        for line in BudgetLine:
            self.fields[f"line_{line.value}"] = forms.DecimalField(
                label=line.label, required=False, **AMOUNT_FORM_OPTIONS
            )
        self.leg_rows = []
        # Today's legs (as they are, with what the proposal does to them), then the legs it adds.
        proposed = legs_in(proposal)
        for kind, legs in (("leg", legs_in(values)), ("new", legs_in(proposal, "new"))):
            for ident, leg in legs.items():
                prefix = f"{kind}{ident}_"
                self._leg_fields(prefix, required=True)
                after = proposed.get(ident) if kind == "leg" else leg
                self.leg_rows.append(
                    {
                        "key": f"{kind}:{ident}",
                        "prefix": prefix,
                        "name": leg_name(leg, names),
                        "leg": leg,
                        "after": after,
                        "new": kind == "new",
                    }
                )
        self.fields["add_home"] = forms.ChoiceField(
            label=_("From (home organisation)"), choices=[("", "—"), *organisation_choices], required=False
        )
        self.fields["add_host"] = forms.ChoiceField(
            label=_("To (host organisation)"), choices=[("", "—"), *organisation_choices], required=False
        )
        self._leg_fields("add_", required=False)
        self.add_common_fields()
        if not self.is_bound:
            self.initial.update(self._initial(proposal))

    def _leg_fields(self, prefix: str, *, required: bool) -> None:
        self.fields[f"{prefix}participants"] = forms.IntegerField(
            label=_("Participants"), min_value=1, max_value=50, required=required
        )
        self.fields[f"{prefix}departure"] = BoundedDateField(label=_("Departure"), years_ahead=10, required=required)
        self.fields[f"{prefix}return"] = BoundedDateField(label=_("Return"), years_ahead=10, required=required)
        if prefix != "add_":
            self.fields[f"{prefix}action"] = forms.ChoiceField(
                label=_("This leg"), choices=LEG_ACTIONS, initial="keep", widget=RadioRows
            )

    def _initial(self, values: dict) -> dict:
        initial = {
            "planned_start": values[f"{self.prefix_key}:planned_start"],
            "planned_end": values[f"{self.prefix_key}:planned_end"],
            "budget": values[f"{self.prefix_key}:budget"],
        }
        for line in BudgetLine.values:
            initial[f"line_{line}"] = values.get(f"{self.prefix_key}:line:{line}")
        for row in self.leg_rows:
            leg, after = row["leg"], row["after"]
            if after is None:
                action, after = "remove", leg
            elif (after["home"], after["host"]) != (leg["home"], leg["host"]):
                action = "reverse"
            else:
                action = "keep"
            initial.update(
                {
                    f"{row['prefix']}participants": after["participants"],
                    f"{row['prefix']}departure": after["departure"],
                    f"{row['prefix']}return": after["return"],
                    f"{row['prefix']}action": action,
                }
            )
        return initial

    def leg_fields(self):
        """The bound fields of each leg, for the template: [(row, {field name: bound field})]."""
        return [
            (row, {name: self[f"{row['prefix']}{name}"] for name in ("participants", "departure", "return", "action")})
            for row in self.leg_rows
        ]

    def new_leg_fields(self):
        return {name: self[f"add_{name}"] for name in ("home", "host", "participants", "departure", "return")}

    def clean(self):
        data = super().clean()
        if not self.errors and any(
            data.get(f"add_{name}") for name in ("home", "host", "participants", "departure", "return")
        ):
            for name in ("home", "host", "participants", "departure", "return"):
                if not data.get(f"add_{name}"):
                    self.add_error(f"add_{name}", _("Fill in every field of the new leg, or leave them all empty."))
        return data

    def field_for(self, key: str | None) -> str | None:
        if not key:
            return None
        kind, ident, field = split(key)
        if kind == "round":
            name = field.replace("line:", "line_")
        elif kind == "leg":
            name = f"leg{ident}_{field}"
        elif kind == "new":
            name = f"{self.new_prefixes.get(ident, 'add_')}{field}"
        else:
            name = key
        return name if name in self.fields else None

    def proposal(self, current: dict) -> dict:
        data = self.cleaned_data
        prefix = self.prefix_key
        self.new_prefixes = {}  # the number a new leg has in the proposal → its fields' prefix
        proposal = {key: value for key, value in current.items() if not key.startswith(("leg:", "new:"))}
        proposal[f"{prefix}:planned_start"] = data["planned_start"].isoformat()
        proposal[f"{prefix}:planned_end"] = data["planned_end"].isoformat()
        proposal[f"{prefix}:budget"] = amount(data["budget"])
        for line in BudgetLine.values:
            proposal[f"{prefix}:line:{line}"] = amount(data.get(f"line_{line}"))
        added = 0
        for row in self.leg_rows:
            action = data[f"{row['prefix']}action"]
            if action == "remove":
                continue
            home, host = row["leg"]["home"], row["leg"]["host"]
            if action == "reverse":
                home, host = host, home
            if row["new"]:
                added += 1
                key = f"new:{added}"
                self.new_prefixes[str(added)] = row["prefix"]
            else:
                key = row["key"]
            proposal.update(self._leg(key, home, host, row["prefix"]))
        if data.get("add_home"):
            added += 1
            self.new_prefixes[str(added)] = "add_"
            proposal.update(self._leg(f"new:{added}", int(data["add_home"]), int(data["add_host"]), "add_"))
        return proposal

    def _leg(self, key: str, home, host, prefix: str) -> dict:
        data = self.cleaned_data
        return {
            f"{key}:round": self.exchange_round.pk,
            f"{key}:home": home,
            f"{key}:host": host,
            f"{key}:participants": data[f"{prefix}participants"],
            f"{key}:departure": data[f"{prefix}departure"].isoformat(),
            f"{key}:return": data[f"{prefix}return"].isoformat(),
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the decision"),
        help_text=_("The partners read it, and it is printed on the form: write it in the case's language."),
        max_length=COMMENT_MAX_LENGTH,
        widget=_textarea(3),
    )


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I withdraw this amendment for the partnership. It cannot be taken back."),
        error_messages={"required": _("Tick the box to confirm that the amendment is withdrawn.")},
    )


class DocumentForm(forms.Form):
    document = forms.FileField(label=_("Supporting document"))


class HistoryDateForm(forms.Form):
    on = BoundedDateField(label=_("Show the agreement as it stood on"), years_back=15, years_ahead=10)


class QueueFilterForm(FilterForm):
    """The adviser's amendment list: whose cases, which form, which state (waiting for a decision
    unless another is asked for)."""

    who = forms.ChoiceField(
        label=_("Cases"), required=False, choices=[("", _("My cases")), ("all", _("Every adviser's cases"))]
    )
    kind = forms.ChoiceField(label=_("Form"), required=False, choices=[("", _("Both forms")), *AmendmentKind.choices])
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("Every state")), *AmendmentState.choices]
    )

    def __init__(self, data=None, **kwargs):
        if data is not None and "state" not in data:  # the queue's own question: what waits for a decision
            data = data.copy()
            data["state"] = AmendmentState.SUBMITTED
        super().__init__(data, **kwargs)

    @property
    def filtered(self) -> bool:
        return (
            any(self.data.get(name) for name in ("who", "kind")) or self.data.get("state") != AmendmentState.SUBMITTED
        )
