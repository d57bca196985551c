"""The exchange rounds of a collaboration agreement, each with its own state machine.

A round is made from the application's planned round when the agreement is made (see
exchanges.receivers). Its @transition methods only change state and fields and declare who may
take them (`permission=`) and when (`conditions=`); exchanges.services takes them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from norec.core.fsm import Condition
from norec.core.states import coloured
from partnerships.models import CASE_ADVISER, Phase, RoundDirection


# The core's state registry reads labels by stored value across machines, and "follow_up" is also
# a phase of the case: both must read the same ("Follow-up", warning), or timelines would disagree.
@coloured({"planned": "info", "follow_up": "warning"})
class RoundState(models.TextChoices):
    # Issue [5/10] adds recruiting, preparing and in exchange between these two, and reported and
    # closed after them; add each to UNFINISHED_STATES or FINISHED_STATES below.
    PLANNED = "planned", _("Planned")
    FOLLOW_UP = "follow_up", _("Follow-up")


# A round is unfinished until its exchange is over; only then may the case leave the exchange phase.
UNFINISHED_STATES = (RoundState.PLANNED,)
FINISHED_STATES = (RoundState.FOLLOW_UP,)


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
def round_period_over(exchange_round) -> list:
    """A round's exchange is over at the earliest on its planned end: marking it done before then
    would start the follow-up of a round whose participants are still away."""
    if timezone.localdate() < exchange_round.planned_end:
        return [
            _("Round %(number)s ends on %(date)s; its exchange can be marked done from then.")
            % {"number": exchange_round.number, "date": date_format(exchange_round.planned_end, "DATE_FORMAT")}
        ]
    return []


class ExchangeRound(ConcurrentTransitionMixin, models.Model):
    """An exchange round as agreed. The adviser marks its exchange done; the last one opens the follow-up."""

    agreement = models.ForeignKey("partnerships.Agreement", on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    direction = models.CharField(_("direction"), max_length=20, choices=RoundDirection.choices)
    participants = models.PositiveSmallIntegerField(_("number of participants"))
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    budget = models.DecimalField(_("budget"), max_digits=12, decimal_places=2)
    state = FSMField(_("state"), max_length=20, choices=RoundState.choices, default=RoundState.PLANNED, protected=True)
    exchange_done_at = models.DateTimeField(_("exchange done"), null=True, blank=True)
    exchange_done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("exchange round")
        verbose_name_plural = _("exchange rounds")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="exchange_round_unique_number")]

    def __str__(self):
        return str(_("Round %(number)s") % {"number": self.number})

    @property
    def partnership(self):
        """The case the round belongs to; partnerships' rule objects (CASE_ADVISER) read it."""
        return self.agreement.partnership

    @property
    def is_done(self) -> bool:
        return self.state in FINISHED_STATES

    # --- transitions: state and fields only ---

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
