"""The enrolments list and its downloads: one row per enrolment (a participant on a participant
course, or a partner contact on partner training or the seminar), every column joined in one SQL
query, so a page is one query and a download streams from one cursor.

The scope is enrolments_visible_to's (advisers: all; a partner contact: their organisations'
participants and contacts), written with EXISTS instead of a join and DISTINCT, so the rows can
be sorted by any column and read from a cursor."""

from datetime import date

from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, ExtractYear, NullIf
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from norec.core.dates import long_date
from norec.core.listing import Column, Sorting, SortOrder
from partnerships.models import PartnerOrganisation, Partnership
from partnerships.selectors.lists import url_pattern
from training.models import CourseSession, Enrolment, EnrolmentState
from training.models.kinds import CourseKind
from training.permissions import contact_organisations, is_adviser

SORTING = Sorting(
    [
        Column("name", gettext_lazy("Name"), ("name", "session__starts_on")),
        Column("course", gettext_lazy("Course"), ("session__kind", "session__starts_on", "name")),
        Column("session", gettext_lazy("Dates"), ("session__starts_on", "session__kind", "name")),
        Column("state", gettext_lazy("State"), ("state", "session__starts_on", "name")),
    ],
    default="session",
)


def enrolments_for(user) -> QuerySet[Enrolment]:
    """The enrolments `user` may list: an adviser every one; a partner contact her organisations'
    participants', and her colleagues' own for the partnerships she may see (a colleague who is
    also a contact of another organisation may enrol for that one's cases: not hers to list)."""
    if is_adviser(user):
        return Enrolment.objects.all()
    organisations = contact_organisations(user)
    colleagues = PartnerOrganisation.contacts.through.objects.filter(
        user=OuterRef("person"), partnerorganisation__in=organisations
    )
    return Enrolment.objects.filter(
        Q(participant__leg__home_organisation__in=organisations)
        | (Exists(colleagues) & Q(partnership__in=Partnership.objects.visible_to(user)))
    )


def sessions_of(enrolments: QuerySet[Enrolment]) -> list[dict]:
    """The sessions the enrolments are in, for the session and venue filters (one query)."""
    sessions = CourseSession.objects.filter(Exists(enrolments.filter(session=OuterRef("pk"))))
    return list(sessions.order_by("starts_on", "kind", "pk").values("pk", "kind", "starts_on", "venue__name"))


def session_choices(sessions: list[dict]) -> list[tuple[str, str]]:
    kinds = {kind.value: str(kind.label) for kind in CourseKind}
    return [
        (str(s["pk"]), f"{kinds.get(s['kind'], s['kind'])}, {s['venue__name']}, {long_date(s['starts_on'])}")
        for s in sessions
    ]


def venue_choices(sessions: list[dict]) -> list[tuple[str, str]]:
    return [(name, name) for name in sorted({s["venue__name"] for s in sessions})]


def filter_enrolments(
    enrolments: QuerySet[Enrolment],
    *,
    course: str = "",
    session: str = "",
    venue: str = "",
    state: str = "",
    year: int | None = None,
) -> QuerySet[Enrolment]:
    """The list's filters; an empty value does not filter."""
    if course:
        enrolments = enrolments.filter(session__kind=course)
    if session:
        enrolments = enrolments.filter(session_id=session)
    if venue:
        enrolments = enrolments.filter(session__venue__name=venue)
    if state:
        enrolments = enrolments.filter(state=state)
    if year:
        enrolments = enrolments.annotate(session_year=ExtractYear("session__starts_on")).filter(session_year=year)
    return enrolments


def enrolment_values(enrolments: QuerySet[Enrolment], sort: SortOrder, *, reader) -> QuerySet:
    """The filtered enrolments' columns as values, in the chosen order (paginate this, or iterate it).
    A contact's organisation is the first of theirs by name, among those the reader may see."""
    first_organisation = PartnerOrganisation.objects.visible_to(reader).filter(contacts=OuterRef("person"))
    first_organisation = first_organisation.order_by("name")
    return (
        enrolments.annotate(
            name=Coalesce(
                "participant__full_name",
                NullIf("person__full_name", models.Value("")),
                "person__email",
                output_field=models.CharField(),
            ),
            organisation=Coalesce(
                "participant__leg__home_organisation__name", Subquery(first_organisation.values("name")[:1])
            ),
        )
        .order_by(*sort.order_by)
        .values(
            "pk",
            "name",
            "organisation",
            "participant_id",
            "partnership_id",
            "partnership__name",
            "session_id",
            "session__kind",
            "session__starts_on",
            "session__ends_on",
            "session__cancelled_at",
            "session__venue__name",
            "state",
        )
    )


class Labels:
    """Each label looked up once per page or download, not per row."""

    def __init__(self, today: date):
        self.today = today
        self.course = {kind.value: str(kind.label) for kind in CourseKind}
        self.state = {state.value: str(state.label) for state in EnrolmentState}
        self.attended, self.missed, self.not_recorded = _("Attended"), _("Missed"), _("Not recorded yet")

    def attendance(self, value: dict) -> str:
        """Attended or missed once recorded; "not recorded yet" for a place held in a session that has begun."""
        state = value["state"]
        if state == EnrolmentState.ATTENDED:
            return self.attended
        if state == EnrolmentState.MISSED:
            return self.missed
        begun = value["session__starts_on"] <= self.today and value["session__cancelled_at"] is None
        return self.not_recorded if state == EnrolmentState.CONFIRMED and begun else ""


def page_rows(values, today: date) -> list[dict]:
    """What the page's table prints of each enrolment (no query, no reverse() per row)."""
    labels = Labels(today)
    session_url = url_pattern("training:session_detail")
    case_url = url_pattern("partnerships:case_detail")
    return [
        {
            "name": value["name"],
            "is_participant": value["participant_id"] is not None,
            "organisation": value["organisation"] or "",
            "case": value["partnership__name"],
            "case_url": case_url.format(value["partnership_id"]),
            "course": labels.course.get(value["session__kind"], ""),
            "session_url": session_url.format(value["session_id"]),
            "starts": value["session__starts_on"],
            "starts_display": long_date(value["session__starts_on"]),
            "ends": value["session__ends_on"],
            "ends_display": long_date(value["session__ends_on"]),
            "venue": value["session__venue__name"],
            "state": value["state"],
            "state_label": labels.state.get(value["state"], ""),
            "attendance": labels.attendance(value),
        }
        for value in values
    ]


def export_rows(values, today: date, chunk_size: int = 500):
    """The download's rows, one per enrolment, read from a server-side cursor a chunk at a time."""
    labels = Labels(today)
    for value in values.iterator(chunk_size=chunk_size):
        yield [
            value["name"],
            value["organisation"] or "",
            value["partnership__name"],
            labels.course.get(value["session__kind"], ""),
            value["session__starts_on"],
            value["session__ends_on"],
            value["session__venue__name"],
            labels.state.get(value["state"], ""),
            labels.attendance(value),
        ]
