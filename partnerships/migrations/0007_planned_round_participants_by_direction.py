"""A planned round gives its participants per direction (a mutual round plans some each way)
instead of one direction and one number. The old direction's number goes to that direction's
field, in the planned rounds and in every saved version of the application (which keeps the
rounds as the form's fields), so old versions compare with the draft field by field.

A draft that had a number but no direction yet keeps no number: it had no way to go, and the
missing-items list asks for it again. Going back, a round's direction is the one most of its
participants take, and its number the total."""

from django.db import migrations, models
from django.db.models import F

DIRECTIONS = ("north_south", "south_north", "south_south")


def _field(direction: str) -> str:
    return f"participants_{direction}"


def _one_way(numbers: dict[str, int]) -> tuple[str, int]:
    """The direction most participants take (the first of equals), and the total."""
    total = sum(numbers.values())
    return (max(DIRECTIONS, key=lambda direction: numbers[direction]) if total else ""), total


def _version_row_by_direction(row: dict) -> dict:
    new = {key: value for key, value in row.items() if key not in ("direction", "participants")}
    for direction in DIRECTIONS:
        new[_field(direction)] = (row.get("participants") or "0") if row.get("direction") == direction else "0"
    return new


def _version_row_one_way(row: dict) -> dict:
    old = {key: value for key, value in row.items() if not key.startswith("participants_")}
    direction, total = _one_way({d: int(row.get(_field(d)) or 0) for d in DIRECTIONS})
    return {**old, "direction": direction, "participants": str(total) if total else ""}


def _convert_versions(apps, convert) -> None:
    ApplicationRevision = apps.get_model("partnerships", "ApplicationRevision")
    for version in ApplicationRevision.objects.all():
        if version.content.get("rounds"):
            version.content["rounds"] = [convert(row) for row in version.content["rounds"]]
            version.save(update_fields=["content"])


def by_direction(apps, schema_editor):
    PlannedRound = apps.get_model("partnerships", "PlannedRound")
    for direction in DIRECTIONS:
        PlannedRound.objects.filter(direction=direction, participants__isnull=False).update(
            **{_field(direction): F("participants")}
        )
    _convert_versions(apps, _version_row_by_direction)


def one_way(apps, schema_editor):
    PlannedRound = apps.get_model("partnerships", "PlannedRound")
    for planned in PlannedRound.objects.all():
        direction, total = _one_way({d: getattr(planned, _field(d)) for d in DIRECTIONS})
        planned.direction, planned.participants = direction, total or None
        planned.save(update_fields=["direction", "participants"])
    _convert_versions(apps, _version_row_one_way)


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0006_application_revision"),
    ]

    operations = [
        migrations.AddField(
            model_name="plannedround",
            name="participants_north_south",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="participants north → south"),
        ),
        migrations.AddField(
            model_name="plannedround",
            name="participants_south_north",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="participants south → north"),
        ),
        migrations.AddField(
            model_name="plannedround",
            name="participants_south_south",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="participants south → south"),
        ),
        migrations.RunPython(by_direction, one_way),
        migrations.RemoveField(model_name="plannedround", name="direction"),
        migrations.RemoveField(model_name="plannedround", name="participants"),
    ]
