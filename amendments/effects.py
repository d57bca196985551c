"""What approving an amendment would do beyond its own values, shown to the adviser before the
decision: participants' due dates that move, course places whose rules the new dates break, and
whose access to the case changes."""

import copy
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from amendments.changes import day, moved_leg_ids
from amendments.models import Amendment, AmendmentKind
from amendments.snapshot import legs_in, split
from exchanges.models import TAKING_PART, ChecklistItem, ItemStatus, Participant
from norec.core.models import User
from partnerships.models import PartnerOrganisation
from training.eligibility import course_2_window
from training.models import CourseKind, Enrolment, EnrolmentState


@dataclass
class DueDateMove:
    participant: str
    item: str
    before: date
    after: date

    @property
    def overdue(self) -> bool:
        """Moved to a day already past: overdue as soon as the amendment is approved."""
        return self.after < timezone.localdate() <= self.before


@dataclass
class Effects:
    due_dates: list[DueDateMove] = field(default_factory=list)
    course_rules: list[str] = field(default_factory=list)
    access: list[str] = field(default_factory=list)

    def __bool__(self):
        return bool(self.due_dates or self.course_rules or self.access)


def effects_of(amendment: Amendment) -> Effects:
    if amendment.kind == AmendmentKind.B03:
        return Effects(access=_access(amendment))
    return _round_effects(amendment)


def _round_effects(amendment: Amendment) -> Effects:
    effects = Effects()
    proposed = legs_in(amendment.proposal)
    # Only the people on legs whose dates move, and only their open items: nothing else can change.
    participants = (
        Participant.objects.filter(leg__in=moved_leg_ids(amendment), status__in=TAKING_PART)
        .select_related("leg")
        .prefetch_related(Prefetch("checklist", queryset=ChecklistItem.objects.filter(status=ItemStatus.OPEN)))
        .order_by("full_name", "pk")
    )
    holding = {}
    for enrolment in Enrolment.objects.filter(participant__in=participants, state__in=HOLDING).select_related(
        "session__venue"
    ):
        holding.setdefault(enrolment.participant_id, []).append(enrolment)
    moved_legs = {}
    for participant in participants:
        after = proposed.get(str(participant.leg_id))
        if after is None:
            continue
        leg = moved_legs.get(participant.leg_id)
        if leg is None:
            leg = copy.copy(participant.leg)
            leg.departure = date.fromisoformat(after["departure"])
            leg.returns_on = date.fromisoformat(after["return"])
            moved_legs[participant.leg_id] = leg
        back = participant.returned_on or leg.return_date
        for item in participant.checklist.all():
            due = item.due_date(leg.departure, back)
            if due != item.due_on:
                effects.due_dates.append(DueDateMove(participant.full_name, item.title, item.due_on, due))
        effects.course_rules.extend(_course_rules(participant, leg, holding.get(participant.pk, [])))
    return effects


HOLDING = (EnrolmentState.REQUESTED, EnrolmentState.WAITING, EnrolmentState.CONFIRMED)


def _course_rules(participant: Participant, leg, holding) -> list[str]:
    """The participant's course places that the new dates would break."""
    moved = copy.copy(participant)
    moved.leg = leg
    broken = []
    for enrolment in holding:
        session = enrolment.session
        if session.course == CourseKind.COURSE_1 and session.ends_on >= leg.departure:
            broken.append(
                _("%(name)s's course 1 in %(venue)s ends on %(end)s, not before the new departure on %(departure)s.")
                % {
                    "name": participant.full_name,
                    "venue": session.venue,
                    "end": day(session.ends_on.isoformat()),
                    "departure": day(leg.departure.isoformat()),
                }
            )
        if session.course == CourseKind.COURSE_2:
            first, last = course_2_window(moved)
            if session.starts_on < first or session.ends_on > last:
                broken.append(
                    _(
                        "%(name)s's course 2 in %(venue)s (%(start)s) falls outside the second half of the "
                        "exchange with the new dates (%(first)s to %(last)s)."
                    )
                    % {
                        "name": participant.full_name,
                        "venue": session.venue,
                        "start": day(session.starts_on.isoformat()),
                        "first": day(first.isoformat()),
                        "last": day(last.isoformat()),
                    }
                )
    return broken


def _access(amendment: Amendment) -> list[str]:
    leaving = [int(split(k)[1]) for k in amendment.baseline if k.startswith("partner:") and k not in amendment.proposal]
    joining = [int(split(k)[1]) for k in amendment.proposal if k.startswith("partner:") and k not in amendment.baseline]
    found = []
    organisations = PartnerOrganisation.objects.filter(pk__in=[*leaving, *joining]).order_by("name")
    contacts = {}
    rows = User.objects.filter(organisations__in=[*leaving, *joining], is_active=True).values_list(
        "organisations", "full_name", "email"
    )
    for organisation_id, full_name, email in rows:
        contacts.setdefault(organisation_id, []).append(full_name or email)
    when = day(amendment.effective_on.isoformat())
    for organisation in organisations:
        names = ", ".join(sorted(contacts.get(organisation.pk, []))) or _("no contacts yet")
        if organisation.pk in leaving:
            found.append(
                _("%(organisation)s leaves: its contacts (%(names)s) no longer see this partnership from %(date)s.")
                % {"organisation": organisation.name, "names": names, "date": when}
            )
        else:
            found.append(
                _("%(organisation)s joins: its contacts (%(names)s) see this partnership from %(date)s.")
                % {"organisation": organisation.name, "names": names, "date": when}
            )
    if joining and amendment.invite_email:
        found.append(_("%(email)s is invited as the joining partner's contact.") % {"email": amendment.invite_email})
    return found
