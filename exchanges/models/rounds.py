"""The exchange rounds of a collaboration agreement, each with its own state machine.

A round is made from the application's planned round when the agreement is made (see
exchanges.receivers). Its @transition methods only change state and fields and declare who may
take them (`permission=`) and when (`conditions=`); exchanges.services takes them."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from exchanges.models.budget import activity_cap_reasons, round_budget_reasons
from norec.core.fsm import Condition
from norec.core.limits import LONG_TEXT_MAX_LENGTH, limited_text, max_length_check, not_negative_check
from norec.core.states import coloured
from partnerships.models import (
    CASE_ADVISER,
    CASE_ADVISER_OR_CONTACT,
    DIRECTION_NAMES,
    ParticipantsByDirection,
    Phase,
    RoundDirection,
)


# The core's state registry reads labels by stored value across machines, and "follow_up" is also
# a phase of the case: both must read the same ("Follow-up", warning), or timelines would disagree.
@coloured(
    {
        "planned": "info",
        "recruiting": "accent",
        "preparing": "accent",
        "in_exchange": "success",
        "follow_up": "warning",
        "reported": "success",
        "closed": "neutral",
        "cancelled": "neutral",
    }
)
class RoundState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RECRUITING = "recruiting", _("Recruiting")
    PREPARING = "preparing", _("Preparing")
    IN_EXCHANGE = "in_exchange", _("In exchange")
    FOLLOW_UP = "follow_up", _("Follow-up")
    REPORTED = "reported", _("Reported")  # both round reports (C06, C04) accepted
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")  # the partnership ended before the round did


# A round is unfinished until its exchange is over; only then may the case leave the exchange phase.
UNFINISHED_STATES = (RoundState.PLANNED, RoundState.RECRUITING, RoundState.PREPARING, RoundState.IN_EXCHANGE)
FINISHED_STATES = (RoundState.FOLLOW_UP, RoundState.REPORTED, RoundState.CLOSED)
# Once reported, a round no longer holds up the case's follow-up.
REPORTED_STATES = (RoundState.REPORTED, RoundState.CLOSED)
# A round still waiting for its exchange or its reports is cancelled when its partnership ends.
CANCELLABLE_STATES = (*UNFINISHED_STATES, RoundState.FOLLOW_UP)


@Condition
def case_in_exchange_phase(exchange_round) -> list:
    case = exchange_round.partnership
    if case.phase != Phase.EXCHANGE:
        return [
            _("The partnership is not in the exchange phase (it is %(phase)s).")
            % {"phase": case.get_phase_display().lower()}
        ]
    return []


@Condition
def legs_cover_the_plan(exchange_round) -> list:
    """The round's legs plan at least as many participants in each direction as the agreement's
    round does: a mutual round is not prepared with one way only."""
    on_legs = dict.fromkeys(RoundDirection, 0)
    for leg in exchange_round.legs.select_related("home_organisation", "host_organisation"):
        if leg.direction is not None:
            on_legs[leg.direction] += leg.participants
    return [
        _("Round %(number)s plans %(planned)s %(direction)s; its legs take %(on_legs)s. Add or change a leg.")
        % {
            "number": exchange_round.number,
            "planned": planned,
            "direction": DIRECTION_NAMES[direction],
            "on_legs": on_legs[direction],
        }
        for direction, planned in exchange_round.planned_participants().items()
        if on_legs[direction] < planned
    ]


@Condition
def every_leg_recruited(exchange_round) -> list:
    """Each leg has as many participants taking part as it plans (and the round has legs)."""
    from exchanges.models.participants import TAKING_PART

    legs = list(
        exchange_round.legs.select_related("home_organisation", "host_organisation").annotate(
            recruited=Count("participant_set", filter=Q(participant_set__status__in=TAKING_PART))
        )
    )
    if not legs:
        return [_("The round has no exchange legs yet.")]
    return [
        _("%(leg)s: %(recruited)s of %(planned)s participants recruited.")
        % {"leg": str(leg), "recruited": leg.recruited, "planned": leg.participants}
        for leg in legs
        if leg.recruited < leg.participants
    ]


@Condition
def ages_decided(exchange_round) -> list:
    """Whoever is outside the main age rule at departure has the adviser's decision (accepted,
    with a reason; or replaced by the partner) before the round's participants are prepared."""
    from exchanges.models.participants import Participant, ParticipantStatus

    waiting = Participant.objects.filter(
        Participant.awaiting_age_decision(), leg__exchange_round=exchange_round, status=ParticipantStatus.ACTIVE
    )
    return [
        _("%(warning)s The programme adviser decides on the age before the round is prepared.")
        % {"warning": participant.age_warning()}
        for participant in waiting.select_related("leg").order_by("full_name", "pk")
    ]


def round_agreement_gaps(exchange_round) -> list[str]:
    """What the round agreement still lacks before the adviser can approve it: both C01 texts and
    a C02 budget within the cap on participant activities and within the round's agreed budget
    ([] when complete)."""
    gaps = []
    if not exchange_round.activities.strip():
        gaps.append(str(_("Describe what the participants will do.")))
    if not exchange_round.contribution.strip():
        gaps.append(str(_("Describe how the round serves the expected results.")))
    planned = exchange_round.planned_budget()
    if not any(planned.values()):
        gaps.append(str(_("Give the round's budget by line.")))
    budget = round_budget_reasons(planned, budget=exchange_round.budget, number=exchange_round.number)
    return gaps + activity_cap_reasons(planned) + budget


@Condition
def round_agreement_approved(exchange_round) -> list:
    """The participants are prepared for what the adviser approved: the round agreement (C01
    texts, C02 budget) is approved before preparing starts (and cannot change after, but by C05)."""
    if exchange_round.agreement_approved_at is not None:
        return []
    return [
        *round_agreement_gaps(exchange_round),
        _("The programme adviser approves the round agreement of round %(number)s (its texts and budget).")
        % {"number": exchange_round.number},
    ]


@Condition
def case_ended(exchange_round) -> list:
    """A round is cancelled with its partnership: when the case has ended before the round did."""
    case = exchange_round.partnership
    if case.phase not in (Phase.TERMINATED, Phase.WITHDRAWN, Phase.DECLINED):
        return [
            _("Round %(number)s is cancelled only when its partnership ends (it is %(phase)s).")
            % {"number": exchange_round.number, "phase": case.get_phase_display().lower()}
        ]
    return []


@Condition
def first_departure_reached(exchange_round) -> list:
    """The participants leave on their legs' dates: the round has departed at the earliest on the
    first leg's departure."""
    earliest = exchange_round.legs.aggregate(earliest=Min("departure"))["earliest"]
    if earliest is None:
        return [_("The round has no exchange legs yet.")]
    if timezone.localdate() < earliest:
        return [
            _("The first leg of round %(number)s leaves on %(date)s; its departure can be recorded from then.")
            % {"number": exchange_round.number, "date": date_format(earliest, "DATE_FORMAT")}
        ]
    return []


@Condition
def nobody_returned_early(exchange_round) -> list:
    """A departure is corrected only while nothing has happened abroad: an early return is recorded
    from a departure that took place."""
    from exchanges.models.participants import Participant, ParticipantStatus

    returned = Participant.objects.filter(leg__exchange_round=exchange_round, status=ParticipantStatus.RETURNED_EARLY)
    return [
        _("The early return of %(name)s is recorded: the participants did leave.") % {"name": name}
        for name in returned.order_by("full_name").values_list("full_name", flat=True)
    ]


@Condition
def round_period_over(exchange_round) -> list:
    """A round's exchange is over at the earliest on its planned end: marking it done before then
    would start the follow-up of a round whose participants are still away."""
    if timezone.localdate() < exchange_round.planned_end:
        return [
            _("Round %(number)s ends on %(date)s; its exchange can be marked done from then.")
            % {"number": exchange_round.number, "date": date_format(exchange_round.planned_end, "DATE_FORMAT")}
        ]
    return []


@Condition
def both_reports_accepted(exchange_round) -> list:
    from exchanges.models.reports import ReportKind, ReportStatus

    accepted = set(
        exchange_round.reports.filter(status=ReportStatus.ACCEPTED).values_list("kind", flat=True).distinct()
    )
    return [
        _("The %(report)s of round %(number)s has not been accepted.")
        % {"report": kind.label, "number": exchange_round.number}
        for kind in ReportKind
        if kind not in accepted
    ]


class ExchangeRound(ConcurrentTransitionMixin, ParticipantsByDirection):
    """An exchange round as agreed, with its participants per direction (ParticipantsByDirection).
    The adviser marks its exchange done; the last one opens the follow-up."""

    agreement = models.ForeignKey("partnerships.Agreement", on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    # As the collaboration agreement gives it: the round agreement's budget lines (C02) stay within it.
    budget = models.DecimalField(_("budget"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    # The round agreement (C01): what the participants will do, and how it serves the expected results.
    activities = limited_text(_("what the participants will do"), max_length=LONG_TEXT_MAX_LENGTH, blank=True)
    contribution = limited_text(
        _("how the round serves the expected results"), max_length=LONG_TEXT_MAX_LENGTH, blank=True
    )
    # When the partners last saved the round agreement complete (round_agreement_gaps empty): from
    # then, until approved, it waits for the adviser (exchanges.selectors.waiting).
    agreement_ready_at = models.DateTimeField(_("round agreement ready for approval"), null=True, blank=True)
    # The adviser's approval of the round agreement; a change to it afterwards asks for it again.
    agreement_approved_at = models.DateTimeField(_("round agreement approved"), null=True, blank=True)
    agreement_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = FSMField(_("state"), max_length=20, choices=RoundState.choices, default=RoundState.PLANNED, protected=True)
    exchange_done_at = models.DateTimeField(_("exchange done"), null=True, blank=True)
    exchange_done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("exchange round")
        verbose_name_plural = _("exchange rounds")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="exchange_round_unique_number"),
            max_length_check("activities", LONG_TEXT_MAX_LENGTH, name="exchange_round_activities_length"),
            max_length_check("contribution", LONG_TEXT_MAX_LENGTH, name="exchange_round_contribution_length"),
            not_negative_check("budget", name="exchange_round_budget_not_negative"),
        ]

    def __str__(self):
        return str(_("Round %(number)s") % {"number": self.number})

    @property
    def partnership(self):
        """The case the round belongs to; partnerships' rule objects (CASE_ADVISER) read it."""
        return self.agreement.partnership

    def planned_budget(self) -> dict[str, Decimal]:
        """The round's budget (C02): each set line's planned amount (lines not set are left out)."""
        return {line.line: line.planned for line in self.budget_lines.all()}

    @property
    def is_done(self) -> bool:
        return self.state in FINISHED_STATES

    # --- transitions: state and fields only ---

    @transition(
        field=state,
        source=RoundState.PLANNED,
        target=RoundState.RECRUITING,
        conditions=[case_in_exchange_phase],
        permission=CASE_ADVISER_OR_CONTACT,
        custom={"label": _("Start recruiting")},
    )
    def start_recruiting(self, by):
        pass

    @transition(
        field=state,
        source=RoundState.RECRUITING,
        target=RoundState.PREPARING,
        conditions=[
            case_in_exchange_phase,
            legs_cover_the_plan,
            every_leg_recruited,
            ages_decided,
            round_agreement_approved,
        ],
        permission=CASE_ADVISER_OR_CONTACT,
        custom={"label": _("Start preparing the participants")},
    )
    def start_preparing(self, by):
        pass

    @transition(
        field=state,
        source=RoundState.PREPARING,
        target=RoundState.IN_EXCHANGE,
        conditions=[case_in_exchange_phase, first_departure_reached],
        permission=CASE_ADVISER_OR_CONTACT,
        custom={"label": _("Participants have left")},
    )
    def depart(self, by):
        pass

    @transition(
        field=state,
        source=RoundState.IN_EXCHANGE,
        target=RoundState.PREPARING,
        conditions=[case_in_exchange_phase, nobody_returned_early],
        permission=CASE_ADVISER,
        custom={"label": _("Correct the departure")},
    )
    def correct_departure(self, by):
        """A departure recorded by mistake (the participants have not left): the adviser takes it
        back, with a reason the service records."""

    @transition(
        field=state,
        source=list(UNFINISHED_STATES),
        target=RoundState.FOLLOW_UP,
        conditions=[case_in_exchange_phase, round_period_over],
        permission=CASE_ADVISER,
        custom={"label": _("Mark exchange done")},
    )
    def finish_exchange(self, by):
        self.exchange_done_at = timezone.now()
        self.exchange_done_by = by

    @transition(
        field=state,
        source=RoundState.FOLLOW_UP,
        target=RoundState.REPORTED,
        conditions=[both_reports_accepted],
        permission=CASE_ADVISER,
        custom={"label": _("Round reported")},
    )
    def mark_reported(self, by):
        pass

    @transition(
        field=state,
        source=RoundState.REPORTED,
        target=RoundState.CLOSED,
        permission=CASE_ADVISER,
        custom={"label": _("Close the round")},
    )
    def close(self, by):
        pass

    @transition(
        field=state,
        source=list(CANCELLABLE_STATES),
        target=RoundState.CANCELLED,
        conditions=[case_ended],
        permission=CASE_ADVISER,
        custom={"label": _("Cancel the round")},
    )
    def cancel(self, by):
        """Taken for the adviser who ends the partnership (exchanges.receivers), in the same transaction."""
