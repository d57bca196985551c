"""The application draft as a flat set of fields, its saved versions, and the three-way merge that
decides which fields two editors really disagree on.

A draft's content is a dict, key -> value, JSON-safe so that every saved version can be kept as it
was: `common_goals`, `cooperation` and `goals_<organisation id>` hold texts; `rounds` holds the
planned rounds as a list of dicts of strings. The keys are the form's field names, so the conflict
screen, the history and the form speak of the same fields. (A revision table of our own rather
than database triggers: the zero-setup demo runs on SQLite.)"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerships.models.round_participants import DIRECTION_FIELDS, participant_counts
from partnerships.models.states import format_amount

TEXT_FIELDS = ("common_goals", "cooperation")
# The history kept of a draft (prune_versions): every one of the latest versions, and of the older
# ones each person's last save of a sitting (saves less than this apart).
RECENT_VERSIONS = 20
COALESCE_WITHIN = timedelta(minutes=10)
ROUNDS = "rounds"
ROUND_KEYS = (*DIRECTION_FIELDS.values(), "planned_start", "planned_end", "budget")
GOALS_PREFIX = "goals_"


def round_text(value) -> str:
    """A round's value as stored in a version: amounts with two decimals, so 400000 equals 400000.00."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    return str(value)


def draft_content(application) -> dict:
    """The application's content now (its goals and rounds prefetched, or fetched here)."""
    content = {name: getattr(application, name) for name in TEXT_FIELDS}
    for goal in application.organisation_goals.all():
        content[f"{GOALS_PREFIX}{goal.organisation_id}"] = goal.goals
    content[ROUNDS] = [
        {key: round_text(getattr(planned, key)) for key in ROUND_KEYS} for planned in application.rounds.all()
    ]
    return content


def round_values(row: dict) -> dict:
    """A stored round (strings) back as the model's values."""
    return {
        **{field: int(row.get(field) or 0) for field in DIRECTION_FIELDS.values()},
        "planned_start": date.fromisoformat(row["planned_start"]) if row.get("planned_start") else None,
        "planned_end": date.fromisoformat(row["planned_end"]) if row.get("planned_end") else None,
        "budget": Decimal(row["budget"]) if row.get("budget") else None,
    }


def field_label(key: str, organisation_names: dict[int, str]) -> str:
    if key == "common_goals":
        return _("Shared goals")
    if key == "cooperation":
        return _("How the partners will cooperate")
    if key == ROUNDS:
        return _("Planned exchange rounds")
    organisation_id = int(key.removeprefix(GOALS_PREFIX))
    return _("Goals of %(organisation)s") % {"organisation": organisation_names.get(organisation_id, "?")}


def display_value(key: str, value) -> str:
    """How a field's value reads on the history and conflict screens."""
    if key != ROUNDS:
        return value or ""
    lines = []
    for number, row in enumerate(value or [], start=1):
        values = round_values(row)
        counts = participant_counts({direction: values[field] for direction, field in DIRECTION_FIELDS.items()})
        parts = [counts.planned_text() or _("no participants")]
        dates = [date_format(values[key]) if values[key] else "…" for key in ("planned_start", "planned_end")]
        parts.append(" \u2013 ".join(dates))
        if values["budget"] is not None:
            parts.append(format_amount(values["budget"]))
        lines.append(_("Round %(number)s: %(details)s") % {"number": number, "details": ", ".join(parts)})
    return "\n".join(lines)


def changed_fields(before: dict, after: dict) -> list[str]:
    return [key for key in sorted(set(before) | set(after)) if before.get(key) != after.get(key)]


@dataclass(frozen=True)
class Merge:
    content: dict  # the merged content, with the conflicting fields as the other editor left them
    conflicts: list[str]  # the fields both editors changed, differently: these need a person's choice


def merge_drafts(base: dict | None, mine: dict, theirs: dict) -> Merge:
    """Three-way merge of a draft. A field only one side changed takes that side's value; a field
    both changed to different values is a conflict. Without the base version (unknown), every field
    where the two differ is a conflict: nothing is overwritten on a guess."""
    merged, conflicts = dict(theirs), []
    for key in sorted(set(mine) | set(theirs)):
        if key not in mine or mine[key] == theirs.get(key):
            continue
        if base is not None and key in base and theirs.get(key) == base[key]:
            merged[key] = mine[key]  # only I changed it
        elif base is not None and key in base and mine[key] == base[key]:
            continue  # only they changed it
        else:
            conflicts.append(key)
    return Merge(merged, conflicts)


class ApplicationRevision(models.Model):
    """One saved version of the application draft: who saved it, when, its whole content, and
    which fields changed from the version before."""

    application = models.ForeignKey("partnerships.Application", on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(gettext_lazy("version"))
    created_at = models.DateTimeField(gettext_lazy("saved"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content = models.JSONField(gettext_lazy("content"))
    changed = models.JSONField(gettext_lazy("changed fields"), default=list)
    # The version that was submitted to the adviser: always kept (prune_versions).
    submitted = models.BooleanField(gettext_lazy("submitted"), default=False)

    class Meta:
        verbose_name = gettext_lazy("application version")
        verbose_name_plural = gettext_lazy("application versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="application_revision_unique_number")
        ]

    def __str__(self):
        return str(gettext_lazy("Version %(number)s") % {"number": self.number})


def prune_versions(application) -> int:
    """Keep the history bounded; returns how many versions were dropped.

    Kept: the latest RECENT_VERSIONS (any of them may be the page someone is still editing, the base
    of a merge), the first version, every submitted one, and of the older ones each person's last
    save of a sitting. An older version is dropped when the same person saved again within
    COALESCE_WITHIN (an autosave while they kept typing). A version after a dropped one then lists
    what changed since the version kept before it. A page loaded before a dropped version is merged
    without a base: every field the two differ in is asked about, nothing is overwritten on a guess."""
    rows = list(application.revisions.order_by("number").values_list("pk", "created_by_id", "created_at", "submitted"))
    older = rows[1:-RECENT_VERSIONS]  # the first is kept, and the latest
    dropped = set()
    for index, (pk, author, saved_at, submitted) in enumerate(older, start=1):
        if submitted:
            continue
        later = (row for row in rows[index + 1 :] if row[2] - saved_at <= COALESCE_WITHIN)
        if any(row[1] == author for row in later):
            dropped.add(pk)
    if not dropped:
        return 0
    # Each survivor right after a dropped version, with the survivor before it: its changes are now
    # counted from there.
    pairs = []
    previous = None
    for position, (pk, *_rest) in enumerate(rows):
        if pk in dropped:
            continue
        if position and rows[position - 1][0] in dropped:
            pairs.append((previous, pk))
        previous = pk
    contents = dict(
        ApplicationRevision.objects.filter(pk__in={pk for pair in pairs for pk in pair}).values_list("pk", "content")
    )
    ApplicationRevision.objects.filter(pk__in=dropped).delete()
    for before, after in pairs:
        ApplicationRevision.objects.filter(pk=after).update(changed=changed_fields(contents[before], contents[after]))
    return len(dropped)
