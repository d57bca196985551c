"""How many participants a round has in each direction, and the one way every page, list and PDF
says it: "1 north → south and 1 south → north".

Exchange is mutual (DOMAIN.md): the seeds' nurse swap sends one nurse each way at the same time, so
a round plans a number of participants per direction, not one direction and one number. Both the
application's planned round and the agreed exchange round (exchanges) keep the numbers in the
fields of `ParticipantsByDirection`. `count_participants(round)` is the one selector of the counts:
planned from those fields and, for an exchange round, recruited from the active participants of
its legs, which the exchanges app counts in the query that loads the round (annotations named by
`RECRUITED_ANNOTATIONS`, see exchanges.selectors.with_recruited_counts)."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import models
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerships.models.states import RoundDirection

DIRECTION_FIELDS = {direction: f"participants_{direction.value}" for direction in RoundDirection}
RECRUITED_ANNOTATIONS = {direction: f"recruited_{direction.value}" for direction in RoundDirection}
# A direction inside a sentence ("1 north → south"), where RoundDirection's label starts a line.
DIRECTION_NAMES = {
    RoundDirection.NORTH_SOUTH: gettext_lazy("north → south"),
    RoundDirection.SOUTH_NORTH: gettext_lazy("south → north"),
    RoundDirection.SOUTH_SOUTH: gettext_lazy("south → south"),
}


class ParticipantsByDirection(models.Model):
    """The participants a round plans in each direction; 0 where nobody goes that way."""

    participants_north_south = models.PositiveSmallIntegerField(gettext_lazy("participants north → south"), default=0)
    participants_south_north = models.PositiveSmallIntegerField(gettext_lazy("participants south → north"), default=0)
    participants_south_south = models.PositiveSmallIntegerField(gettext_lazy("participants south → south"), default=0)

    class Meta:
        abstract = True

    def planned_participants(self) -> dict[RoundDirection, int]:
        return {direction: getattr(self, field) or 0 for direction, field in DIRECTION_FIELDS.items()}


@dataclass(frozen=True)
class DirectionCount:
    direction: RoundDirection
    planned: int
    recruited: int | None  # None: not counted (a planned round has no legs)

    @property
    def name(self) -> str:
        return str(DIRECTION_NAMES[self.direction])


@dataclass(frozen=True)
class ParticipantCounts:
    """A round's participants by direction: each direction planned or recruited, in the order of
    RoundDirection."""

    directions: tuple[DirectionCount, ...]

    @property
    def planned(self) -> int:
        return sum(count.planned for count in self.directions)

    @property
    def is_counting_recruited(self) -> bool:
        return all(count.recruited is not None for count in self.directions)

    def planned_text(self) -> str:
        """Reads "1 north → south and 1 south → north"; empty when none are planned."""
        # Translators: a number of participants and the way they go, e.g. "2 north → south".
        parts = [
            _("%(count)s %(direction)s") % {"count": c.planned, "direction": c.name}
            for c in self.directions
            if c.planned
        ]
        return get_text_list(parts, _("and"))

    def recruited_text(self) -> str:
        """Reads "1 of 1 north → south and 0 of 1 south → north recruited", with any direction
        someone was recruited in though none were planned; empty when not counted."""
        if not self.directions or not self.is_counting_recruited:
            return ""
        parts = [
            _("%(recruited)s of %(planned)s %(direction)s")
            % {"recruited": c.recruited, "planned": c.planned, "direction": c.name}
            for c in self.directions
        ]
        return _("%(counts)s recruited") % {"counts": get_text_list(parts, _("and"))}

    def __str__(self) -> str:
        return self.planned_text()


def participant_counts(
    planned: Mapping[RoundDirection, int], recruited: Mapping[RoundDirection, int] | None = None
) -> ParticipantCounts:
    """The counts of the directions in which someone is planned or recruited."""
    return ParticipantCounts(
        tuple(
            DirectionCount(direction, planned.get(direction, 0), None if recruited is None else recruited[direction])
            for direction in RoundDirection
            if planned.get(direction, 0) or (recruited or {}).get(direction, 0)
        )
    )


def count_participants(round_: ParticipantsByDirection) -> ParticipantCounts:
    """A planned or exchange round's participants by direction: planned, and recruited where the
    round was loaded with its recruited counts (exchanges.selectors.with_recruited_counts)."""
    recruited = None
    if hasattr(round_, RECRUITED_ANNOTATIONS[RoundDirection.NORTH_SOUTH]):
        recruited = {direction: getattr(round_, name) for direction, name in RECRUITED_ANNOTATIONS.items()}
    return participant_counts(round_.planned_participants(), recruited)
