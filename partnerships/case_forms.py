"""Forms of the case pages. They only read and check what was typed; the services decide.

Several forms share the case page, so each gets its own id prefix (`auto_id`): labels stay tied
to their own fields while the posted names stay plain ("comment", "reason")."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from norec.core.forms import FilteredCheckboxes, SubmitOnceForm, file_help, file_input
from norec.core.limits import COMMENT_MAX_LENGTH, REPORT_MAX_LENGTH, BoundedDateField
from norec.core.models import User
from norec.core.roles import Role
from norec.core.uploads import DOCUMENT_TYPES, SIGNED_COPY_TYPES
from partnerships.models import PartnerOrganisation, Phase


class CaseForm(forms.Form):
    id_prefix = "case"

    def __init__(self, *args, id_prefix: str | None = None, **kwargs):
        kwargs.setdefault("auto_id", f"{id_prefix or self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


def _text_area(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _comment(label, *, rows: int = 4, **options) -> forms.CharField:
    """A comment or reason: a few paragraphs at most (norec.core.limits)."""
    return forms.CharField(label=label, widget=_text_area(rows), max_length=COMMENT_MAX_LENGTH, **options)


def _event_date(label) -> BoundedDateField:
    """The date of a pre-study event: in the last few years, or soon."""
    return BoundedDateField(label=label, years_ahead=2)


def _confirm_field(label) -> forms.BooleanField:
    return forms.BooleanField(label=label, error_messages={"required": _("Tick the box to confirm.")})


# --- The case list and a new case ---


class CaseFilterForm(forms.Form):
    """The GET filters of the case list. Every field may be left at "all"."""

    phase = forms.ChoiceField(label=_("Phase"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    adviser = forms.ModelChoiceField(
        label=_("Programme adviser"), queryset=User.objects.none(), required=False, empty_label=_("All advisers")
    )

    def __init__(self, *args, country_codes=(), advisers=None, **kwargs):
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [("", _("All phases")), *Phase.choices]
        # Only the countries shown: translating all of django-countries' ~250 names per request cost more
        # than the rest of the form.
        names = ((code, str(countries.name(code)) or code) for code in country_codes)
        self.fields["country"].choices = [("", _("All countries")), *sorted(names, key=lambda choice: choice[1])]
        if advisers is None:
            del self.fields["adviser"]
        else:
            self.fields["adviser"].queryset = advisers

    def chosen(self) -> dict:
        """The valid filters as keyword arguments of partnerships.selectors.lists.filter_cases."""
        data = getattr(self, "cleaned_data", {})
        return {name: data[name] for name in ("phase", "country", "adviser") if data.get(name)}


class CaseCreateForm(SubmitOnceForm, CaseForm):
    id_prefix = "new-case"

    name = forms.CharField(label=_("Name of the partnership"), max_length=200)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=PartnerOrganisation.objects.all(),
        help_text=_("Tick at least two, one of them outside Norway."),
        widget=FilteredCheckboxes(filter_label=_("Find an organisation by name")),
    )
    coordinating = forms.ModelChoiceField(
        label=_("Coordinating partner"),
        queryset=PartnerOrganisation.objects.all(),
        help_text=_("One of the partners you ticked. It signs for the partnership towards Norec."),
        # static/norec/partner-picker.js offers only the ticked partners; without it the server checks.
        widget=forms.Select(attrs={"data-choose-among": "organisations"}),
    )
    adviser = forms.ModelChoiceField(
        label=_("Programme adviser"), queryset=User.objects.filter(role=Role.ADVISER, is_active=True)
    )
    language = forms.ChoiceField(
        label=_("Language of the agreement"),
        choices=settings.LANGUAGES,
        initial="en",
        required=False,  # a post without it (older pages, scripts) gets English, the default
        help_text=_("The collaboration agreement is written in this language, whoever downloads it."),
    )

    def clean(self):
        cleaned = super().clean()
        chosen, coordinating = cleaned.get("organisations"), cleaned.get("coordinating")
        if chosen is not None and coordinating is not None and coordinating not in chosen:
            self.add_error(
                "coordinating",
                _("%(organisation)s is not one of the partners you chose. Choose the coordinating partner among them.")
                % {"organisation": coordinating},
            )
        return cleaned


# --- Pre-study ---


class RepresentativeForm(SubmitOnceForm, CaseForm):
    id_prefix = "representative"

    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=PartnerOrganisation.objects.none())
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("Email address"), max_length=254, required=False)  # as the model field
    seminar_date = _event_date(_("Date of the introduction seminar"))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class PartnerMeetingForm(CaseForm):
    id_prefix = "meeting"

    date = _event_date(_("Date of the meeting"))
    place = forms.CharField(label=_("Place"), max_length=200)
    participants = _comment(_("Participants"), help_text=_("Who took part, and for which organisation."))
    minutes = forms.FileField(label=_("Minutes"), required=False, widget=file_input(DOCUMENT_TYPES))

    def __init__(self, *args, has_minutes: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        help_text = file_help(DOCUMENT_TYPES)
        if has_minutes:
            help_text = _("%(types)s Leave empty to keep the minutes already uploaded.") % {"types": help_text}
        else:  # optional now, needed to move on: said where the file is chosen
            help_text = _(
                "The application can start once the minutes are uploaded; you may add them later. %(types)s"
            ) % {"types": help_text}
        self.fields["minutes"].help_text = help_text


# --- Decisions and exits ---


class CommentForm(SubmitOnceForm, CaseForm):
    id_prefix = "comment"

    text = _comment(_("Comment"), rows=3)


# Every step that cannot be undone asks for a ticked box that names its consequence (works without
# JavaScript and under a strict CSP); the step's own refusal, if any, is given first (responses.invalid).


class SubmitApplicationForm(CaseForm):
    id_prefix = "submit-application"

    confirm = _confirm_field(
        _("I understand that the application goes to the programme adviser and cannot be edited unless it is returned.")
    )


class ReturnApplicationForm(CaseForm):
    id_prefix = "return-application"

    comment = _comment(
        _("What should the partners revise?"), help_text=_("The partners see this with the returned application.")
    )
    confirm = _confirm_field(
        _("I understand that the application goes back to the partners, who must submit it again.")
    )


class ApproveApplicationForm(CaseForm):
    id_prefix = "approve-application"

    comment = _comment(_("Comment"), rows=3, required=False)
    confirm = _confirm_field(
        _(
            "I understand that approving makes the collaboration agreement from this application, "
            "for every partner to sign."
        )
    )


class DeclineApplicationForm(CaseForm):
    id_prefix = "decline-application"

    comment = _comment(_("Grounds for declining"))
    confirm = _confirm_field(_("I understand that declining the application ends the partnership."))


class WithdrawForm(CaseForm):
    id_prefix = "withdraw"

    comment = _comment(
        _("Why are you withdrawing?"),
        rows=3,
        required=False,
        help_text=_("Your programme adviser and the other partners see this in the timeline."),
    )
    confirm = _confirm_field(_("I understand that withdrawing ends the partnership for every partner."))


class TerminateForm(CaseForm):
    id_prefix = "terminate"

    reason = _comment(_("Reason for ending the partnership"))
    confirm = _confirm_field(_("I understand that this ends the partnership and cannot be undone."))


# --- Agreement, exchange and follow-up ---


class SignAgreementForm(CaseForm):
    """One organisation's signature. Its own contact may confirm in the app or upload a signed copy;
    the adviser can only register a signed copy received from the organisation."""

    # The organisation is posted as a plain hidden input (see case_agreement.html) and resolved by the
    # view among the case's own organisations before the form is built.
    confirm = forms.BooleanField(required=False)
    signed_copy = forms.FileField(label=_("Signed copy"), required=False, widget=file_input(SIGNED_COPY_TYPES))

    def __init__(self, *args, organisation: PartnerOrganisation, may_confirm: bool, **kwargs):
        kwargs.setdefault("id_prefix", f"sign-{organisation.pk}")
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.may_confirm = may_confirm
        copy_field = self.fields["signed_copy"]
        copy_field.help_text = file_help(SIGNED_COPY_TYPES)
        if may_confirm:
            self.fields["confirm"].label = _("I confirm that I am authorised to sign for %(organisation)s.") % {
                "organisation": organisation.name
            }
            copy_field.label = _("Or upload a copy signed on paper")
        else:
            del self.fields["confirm"]
            copy_field.required = True
            copy_field.label = _("Copy signed by %(organisation)s") % {"organisation": organisation.name}

    def clean(self):
        cleaned = super().clean()
        if self.may_confirm and not cleaned.get("confirm") and not cleaned.get("signed_copy"):
            self.add_error("confirm", _("Tick the box to sign, or upload a signed copy."))
        return cleaned


class FinalReportForm(SubmitOnceForm, CaseForm):
    id_prefix = "final-report"

    text = forms.CharField(
        label=_("Final report"),
        widget=_text_area(8),
        max_length=REPORT_MAX_LENGTH,
        help_text=_("What the partnership achieved, what was learnt, and how the learning is used."),
    )
    attachment = forms.FileField(label=_("Report document"), widget=file_input(DOCUMENT_TYPES))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachment"].help_text = file_help(DOCUMENT_TYPES)


class ReturnFinalReportForm(CaseForm):
    id_prefix = "return-report"

    comment = _comment(_("What should the partners revise in the report?"))
    confirm = _confirm_field(_("I understand that the partners must then submit a new final report."))


class AcceptFinalReportForm(CaseForm):
    id_prefix = "accept-report"

    comment = _comment(_("Comment"), rows=3, required=False)
    confirm = _confirm_field(_("I understand that accepting the final report completes the partnership for good."))
