"""Forms of the training pages. They only read and check what was typed; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from norec.core.forms import SubmitOnceForm
from norec.core.limits import COMMENT_MAX_LENGTH, BoundedDateField
from norec.core.listing import FilterForm
from training.models import CourseKind, CourseLanguage, CourseSession, Venue
from training.models.sessions import MAX_CAPACITY
from training.schedule import last_day, session_date_errors
from training.services.sessions import SESSION_FIELDS

SESSION_KINDS = [(kind.value, kind.label) for kind in CourseKind if kind != CourseKind.E_LEARNING]


def _session_date(label, help_text="") -> BoundedDateField:
    # A session is planned at most three years ahead; a past one is recorded up to a year back.
    return BoundedDateField(label=label, help_text=help_text, years_back=1, years_ahead=3)


class SessionForm(SubmitOnceForm):
    """A session as an adviser plans it. The last day may be left empty: it follows from the
    course (a week course: Sunday to Friday; the seminar: three days)."""

    kind = forms.ChoiceField(label=_("Course"), choices=SESSION_KINDS)
    venue = forms.ModelChoiceField(label=_("Venue"), queryset=Venue.objects.all(), empty_label=_("Choose a venue"))
    starts_on = _session_date(_("First day"), _("A week course starts on a Sunday."))
    ends_on = BoundedDateField(
        label=_("Last day"),
        required=False,
        years_back=1,
        years_ahead=3,
        help_text=_("Empty: from the course's length."),
    )
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=MAX_CAPACITY)
    language = forms.ChoiceField(label=_("Course language"), choices=CourseLanguage.choices)
    enrolment_deadline = _session_date(_("Enrolment deadline"), _("The last day partner contacts enrol."))

    def __init__(self, *args, session: CourseSession | None = None, **kwargs):
        if session is not None:
            kwargs.setdefault(
                "initial",
                {
                    "kind": session.kind,
                    "venue": session.venue_id,
                    "starts_on": session.starts_on,
                    "ends_on": session.ends_on,
                    "capacity": session.capacity,
                    "language": session.language,
                    "enrolment_deadline": session.enrolment_deadline,
                },
            )
        kwargs.setdefault("auto_id", "session-%s")
        super().__init__(*args, **kwargs)
        self.session = session

    def clean(self):
        data = super().clean()
        kind, starts_on = data.get("kind"), data.get("starts_on")
        if kind and starts_on and not data.get("ends_on"):
            data["ends_on"] = last_day(CourseKind(kind), starts_on)
        if kind:
            for field, message in session_date_errors(
                CourseKind(kind), starts_on, data.get("ends_on"), data.get("enrolment_deadline")
            ).items():
                self.add_error(field, message)
        return data

    def session_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in SESSION_FIELDS}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=COMMENT_MAX_LENGTH, strip=True
    )

    def __init__(self, *args, id_prefix: str = "reason", label=None, **kwargs):
        kwargs.setdefault("auto_id", f"{id_prefix}-%s")
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reason"].label = label


class EnrolForm(SubmitOnceForm):
    """Whom to enrol: a participant (participant courses) or a partner contact (partner training,
    the seminar), among those the person enrolling may enrol; after the deadline an adviser says why."""

    who = forms.TypedChoiceField(label=_("Who"), coerce=int, empty_value=None)
    late_reason = forms.CharField(
        label=_("Why this enrolment is accepted after the deadline"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=COMMENT_MAX_LENGTH,
        required=False,
    )

    def __init__(self, *args, candidates: list[tuple[int, str]], late_reason_needed: bool, **kwargs):
        kwargs.setdefault("auto_id", "enrol-%s")
        super().__init__(*args, **kwargs)
        self.fields["who"].choices = [("", _("Choose a person")), *candidates]
        if late_reason_needed:
            self.fields["late_reason"].required = True
        else:
            del self.fields["late_reason"]


class AttendanceForm(forms.Form):
    """The whole list at once: one yes/no per confirmed (or already marked) enrolment."""

    def __init__(self, *args, enrolments, **kwargs):
        kwargs.setdefault("auto_id", "attendance-%s")
        super().__init__(*args, **kwargs)
        self.enrolments = list(enrolments)
        for enrolment in self.enrolments:
            self.fields[f"e{enrolment.pk}"] = forms.TypedChoiceField(
                label=enrolment.name,
                choices=[("1", _("Attended")), ("0", _("Missed"))],
                coerce=lambda value: value == "1",
                widget=forms.RadioSelect,
                initial="1" if enrolment.state != "missed" else "0",
            )

    def attendance(self) -> dict[int, bool]:
        return {enrolment.pk: self.cleaned_data[f"e{enrolment.pk}"] for enrolment in self.enrolments}


class SessionFilterForm(FilterForm):
    """The sessions list's filters. A partner contact sees only what is still to come: no time field."""

    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[
            ("", _("Upcoming")),
            ("past", _("Past")),
            ("cancelled", _("Cancelled")),
            ("all", _("All sessions")),
        ],
    )
    course = forms.ChoiceField(label=_("Course"), required=False, choices=[("", _("All courses")), *CourseKind.choices])
    # Typed, not chosen from a menu: the venues' menu would cost every request a query.
    venue = forms.CharField(label=_("Venue or city contains"), required=False, max_length=100)
    # A text input: a number input cannot hold back what was typed when it is not a number.
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 4, "size": 4}),
    )

    def __init__(self, data=None, *, adviser: bool, **kwargs):
        super().__init__(data, **kwargs)
        if not adviser:
            del self.fields["when"]

    def chosen(self) -> dict:
        return {"when": "upcoming", **super().chosen()}


class NeedFilterForm(FilterForm):
    """The training needs' filters: which course's needs, and the partnerships whose name has a text."""

    course = forms.ChoiceField(
        label=_("Course"),
        required=False,
        choices=[
            ("", _("Both")),
            (CourseKind.COURSE_1, CourseKind.COURSE_1.label),
            (CourseKind.PARTNER_TRAINING, CourseKind.PARTNER_TRAINING.label),
        ],
    )
    case = forms.CharField(label=_("Partnership name contains"), required=False, max_length=100)
