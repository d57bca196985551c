"""How the exchanges app's timeline entries read: each event stores its names, numbers and ISO
dates as data, and the sentence is made when the entry is shown, in the reader's language
(norec.core.audit.register_event_details). What a person typed (a reason) stays the comment."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exchanges.events import ParticipantEvent, RoundEvent
from exchanges.models import ReportKind
from norec.core.audit import register_event_details

LEG_KEYS = ("home", "host", "participants", "months", "departure")


def leg_data(leg) -> dict:
    """What an entry keeps of a leg, to tell it later in any language."""
    return {
        "home": leg.home_organisation.name,
        "host": leg.host_organisation.name,
        "participants": leg.participants,
        "months": leg.months,
        "departure": leg.departure.isoformat(),
    }


def _day(iso: str) -> str:
    return date_format(date.fromisoformat(iso), "DATE_FORMAT")


def _leg(data: dict) -> str:
    return ngettext(
        "%(home)s → %(host)s, %(count)s participant for %(months)s months from %(departure)s",
        "%(home)s → %(host)s, %(count)s participants for %(months)s months from %(departure)s",
        data["participants"],
    ) % {
        "home": data["home"],
        "host": data["host"],
        "count": data["participants"],
        "months": data["months"],
        "departure": _day(data["departure"]),
    }


def _round(data: dict) -> str:
    return _("Round %(number)s") % {"number": data["round"]}


def _leg_added(data: dict) -> str:
    return f"{_round(data)}: {_leg(data)}."


def _leg_changed(data: dict) -> str:
    moved = ngettext("%(count)s open item moved.", "%(count)s open items moved.", data["moved"]) % {
        "count": data["moved"]
    }
    return _("%(round)s: %(before)s, became %(after)s. %(moved)s") % {
        "round": _round(data),
        "before": _leg(data["before"]),
        "after": _leg(data["after"]),
        "moved": moved,
    }


def _extra_place(data: dict) -> str:
    return _("%(round)s, %(leg)s: %(places)s places (%(planned)s planned).") % {
        "round": _round(data),
        "leg": data["leg"],
        "places": data["places"],
        "planned": data["planned"],
    }


def _age(data: dict) -> str:
    return _("%(name)s will be %(age)s at departure; the main rule is %(low)s to %(high)s.") % data


def _recruited(data: dict) -> str:
    text = _("%(name)s (%(leg)s).") % data
    return f"{text} {_age(data)}" if "age" in data else text


def _returned(data: dict) -> str:
    return _("%(name)s came home on %(date)s.") % {"name": data["name"], "date": _day(data["returned_on"])}


def _report(data: dict) -> str:
    return f"{_round(data)}: {ReportKind(data['kind']).label}"


def _agreement_set(data: dict) -> str:
    if not data.get("approval_withdrawn"):
        return _round(data)
    again = _("The changed round agreement needs the adviser's approval again.")
    return f"{_round(data)}\n{again}"


def _item(data: dict) -> str:
    # The programme's titles are msgids (exchanges/programme_checklist.py); a title an adviser
    # typed in the admin has no translation and reads as typed.
    return f"{data['name']}: {_(data['title'])}"


def _withdrawn(data: dict) -> str:
    if data.get("partnership_ended"):
        return _("%(name)s: the partnership ended.") % {"name": data["name"]}
    return data["name"]


def register() -> None:
    round_kinds = (
        RoundEvent.MOVED_ON,
        RoundEvent.DEPARTURE_CORRECTED,
        RoundEvent.EXCHANGE_DONE,
        RoundEvent.AGREEMENT_APPROVED,
        RoundEvent.REPORTED,
        RoundEvent.CLOSED,
        RoundEvent.CANCELLED,
    )
    for kind in round_kinds:
        register_event_details(kind, _round, needs=("round",))
    register_event_details(RoundEvent.AGREEMENT_SET, _agreement_set, needs=("round",))
    register_event_details(RoundEvent.AGREEMENT_REOPENED, _agreement_set, needs=("round",))
    for kind in (RoundEvent.REPORT_SUBMITTED, RoundEvent.REPORT_RETURNED, RoundEvent.REPORT_ACCEPTED):
        register_event_details(kind, _report, needs=("round", "kind"))
    for kind in (ParticipantEvent.ITEM_DONE, ParticipantEvent.ITEM_NOT_APPLICABLE, ParticipantEvent.ITEM_REOPENED):
        register_event_details(kind, _item, needs=("name", "title"))
    for kind in (ParticipantEvent.INVITED, ParticipantEvent.FOLLOW_UP_PLAN_SAVED):
        register_event_details(kind, lambda data: data["name"], needs=("name",))
    register_event_details(RoundEvent.LEG_ADDED, _leg_added, needs=("round", *LEG_KEYS))
    register_event_details(RoundEvent.LEG_REMOVED, _leg_added, needs=("round", *LEG_KEYS))
    register_event_details(RoundEvent.LEG_CHANGED, _leg_changed, needs=("round", "before", "after", "moved"))
    register_event_details(RoundEvent.EXTRA_PLACE_ACCEPTED, _extra_place, needs=("round", "leg", "places", "planned"))
    register_event_details(ParticipantEvent.RECRUITED, _recruited, needs=("name", "leg"))
    register_event_details(ParticipantEvent.AGE_ACCEPTED, _age, needs=("name", "age", "low", "high"))
    register_event_details(ParticipantEvent.WITHDRAWN, _withdrawn, needs=("name",))
    register_event_details(ParticipantEvent.RETURNED_EARLY, _returned, needs=("name", "returned_on"))
