"""The exchange rounds of a collaboration agreement, each with its own state machine.

A round is made from the application's planned round when the agreement is made (see
exchanges.receivers). Its @transition methods only change state and fields and declare who may
take them (`permission=`) and when (`conditions=`); exchanges.services takes them."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from norec.core.fsm import Condition
from norec.core.limits import LONG_TEXT_MAX_LENGTH, limited_text, max_length_check, not_negative_check
from norec.core.states import coloured
from partnerships.models import CASE_ADVISER, CASE_ADVISER_OR_CONTACT, ParticipantsByDirection, Phase


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


# A round is unfinished until its exchange is over; only then may the case leave the exchange phase.
UNFINISHED_STATES = (RoundState.PLANNED, RoundState.RECRUITING, RoundState.PREPARING, RoundState.IN_EXCHANGE)
FINISHED_STATES = (RoundState.FOLLOW_UP, RoundState.REPORTED, RoundState.CLOSED)
# Once reported, a round no longer holds up the case's follow-up.
REPORTED_STATES = (RoundState.REPORTED, RoundState.CLOSED)


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
def every_leg_recruited(exchange_round) -> list:
    """Each leg has as many participants taking part as it plans (and the round has legs)."""
    legs = list(exchange_round.legs.select_related("home_organisation", "host_organisation"))
    if not legs:
        return [_("The round has no exchange legs yet.")]
    reasons = []
    for leg in legs:
        recruited = leg.participant_set.filter(status="active").count()
        if recruited < leg.participants:
            reasons.append(
                _("%(leg)s: %(recruited)s of %(planned)s participants recruited.")
                % {"leg": str(leg), "recruited": recruited, "planned": leg.participants}
            )
    return reasons


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
    budget = models.DecimalField(_("budget"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    # The round agreement (C01): what the participants will do, and how it serves the expected results.
    activities = limited_text(_("what the participants will do"), max_length=LONG_TEXT_MAX_LENGTH, blank=True)
    contribution = limited_text(
        _("how the round serves the expected results"), max_length=LONG_TEXT_MAX_LENGTH, blank=True
    )
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
        conditions=[case_in_exchange_phase, every_leg_recruited],
        permission=CASE_ADVISER_OR_CONTACT,
        custom={"label": _("Start preparing the participants")},
    )
    def start_preparing(self, by):
        pass

    @transition(
        field=state,
        source=RoundState.PREPARING,
        target=RoundState.IN_EXCHANGE,
        conditions=[case_in_exchange_phase],
        permission=CASE_ADVISER_OR_CONTACT,
        custom={"label": _("Participants have left")},
    )
    def depart(self, by):
        pass

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
