"""A person's calendar feed (iCalendar, library `icalendar`): their course dates and their
checklist deadlines, nothing of anyone else.

Each event keeps one UID for life (an enrolment's, an item's), and its SEQUENCE grows with every
change people should see (the session's revision plus the enrolment's; the item's revision), so
a subscribed calendar updates the event in place. A cancelled enrolment or session stays in the
feed as CANCELLED for a while, so calendars remove it rather than keep a stale copy."""

from datetime import datetime, timedelta

import icalendar
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.models import ChecklistItem, ItemStatus, ParticipantStatus, Responsible
from norec.core.models import User
from training.models import Enrolment, EnrolmentState
from training.permissions import contact_organisations
from training.schedule import session_period, travel_days

UID_DOMAIN = "norec-exchange"
# Cancelled events stay this long after they were to end, so every calendar sees the cancellation.
KEEP_CANCELLED = timedelta(days=90)


def _own_enrolments(user: User):
    """The user's own places: a participant's on participant courses, a contact's on partner training."""
    since = timezone.localdate() - KEEP_CANCELLED
    mine = Q(participant__user=user) | Q(person=user)
    return (
        Enrolment.objects.filter(mine, session__ends_on__gte=since)
        .exclude(state=EnrolmentState.MISSED)
        .select_related("session__venue")
        .order_by("session__starts_on", "pk")
    )


def _own_items(user: User):
    """Open checklist items with a deadline that are the user's to do: a participant's own, a
    partner contact's organisation's (as sender or host) for the participants taking part."""
    items = ChecklistItem.objects.filter(status=ItemStatus.OPEN, participant__status=ParticipantStatus.ACTIVE)
    if user.is_participant:
        return items.filter(participant__user=user, responsible=Responsible.PARTICIPANT).select_related("participant")
    if user.is_partner_contact:
        organisations = contact_organisations(user)
        return items.filter(
            Q(responsible=Responsible.SENDING, participant__leg__home_organisation__in=organisations)
            | Q(responsible=Responsible.HOST, participant__leg__host_organisation__in=organisations)
        ).select_related("participant")
    return items.none()


def enrolment_event(enrolment: Enrolment, now: datetime) -> icalendar.Event:
    session = enrolment.session
    start, end = session_period(session)
    event = icalendar.Event()
    event.add("uid", f"enrolment-{enrolment.pk}@{UID_DOMAIN}")
    event.add("sequence", session.revision + enrolment.revision)
    event.add("summary", f"{session.get_kind_display()}, {session.venue}")
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("location", str(session.venue))
    cancelled = session.is_cancelled or enrolment.state == EnrolmentState.CANCELLED
    event.add(
        "status",
        "CANCELLED" if cancelled else "TENTATIVE" if enrolment.state == EnrolmentState.WAITING else "CONFIRMED",
    )
    lines = [str(enrolment.get_state_display())]
    travel = travel_days(session)
    if travel is not None:
        lines.append(_("Arrive %(arrive)s, leave %(leave)s.") % {"arrive": travel.arrive, "leave": travel.leave})
    event.add("description", "\n".join(lines))
    event.add("dtstamp", now)
    return event


def item_event(item: ChecklistItem, now: datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"item-{item.pk}@{UID_DOMAIN}")
    event.add("sequence", item.revision)
    event.add("summary", f"{_(item.title)} ({item.participant.full_name})")
    event.add("dtstart", item.due_on)
    event.add("dtend", item.due_on + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("dtstamp", now)
    return event


def feed_for(user: User) -> bytes:
    now = timezone.now()
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Norec//Norec Exchange//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Norec Exchange: %(name)s") % {"name": user.full_name or user.email})
    for enrolment in _own_enrolments(user):
        calendar.add_component(enrolment_event(enrolment, now))
    for item in _own_items(user).order_by("due_on", "pk")[: settings.NOREC_CALENDAR_MAX_ITEMS]:
        calendar.add_component(item_event(item, now))
    calendar.add_missing_timezones()
    return calendar.to_ical()
