"""An exchange round gives its participants per direction (a mutual round: some each way)
instead of one direction and one number; the old direction's number goes to that direction's
field. Going back, a round's direction is the one most of its participants take, and its number
the total. (`direction` and `participants` are made nullable first, so that going back can add
them to rows that exist before filling them.)"""

from django.db import migrations, models
from django.db.models import F

DIRECTIONS = ("north_south", "south_north", "south_south")


def _field(direction: str) -> str:
    return f"participants_{direction}"


def by_direction(apps, schema_editor):
    ExchangeRound = apps.get_model("exchanges", "ExchangeRound")
    for direction in DIRECTIONS:
        ExchangeRound.objects.filter(direction=direction).update(**{_field(direction): F("participants")})


def one_way(apps, schema_editor):
    ExchangeRound = apps.get_model("exchanges", "ExchangeRound")
    for exchange_round in ExchangeRound.objects.all():
        numbers = {direction: getattr(exchange_round, _field(direction)) for direction in DIRECTIONS}
        exchange_round.direction = max(DIRECTIONS, key=lambda direction: numbers[direction])
        exchange_round.participants = sum(numbers.values())
        exchange_round.save(update_fields=["direction", "participants"])


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0009_round_agreement_approval"),
    ]

    operations = [
        migrations.AddField(
            model_name="exchangeround",
            name="participants_north_south",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="participants north → south"),
        ),
        migrations.AddField(
            model_name="exchangeround",
            name="participants_south_north",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="participants south → north"),
        ),
        migrations.AddField(
            model_name="exchangeround",
            name="participants_south_south",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="participants south → south"),
        ),
        migrations.AlterField(
            model_name="exchangeround",
            name="participants",
            field=models.PositiveSmallIntegerField(null=True, verbose_name="number of participants"),
        ),
        migrations.AlterField(
            model_name="exchangeround",
            name="direction",
            field=models.CharField(
                choices=[
                    ("north_south", "North → south"),
                    ("south_north", "South → north"),
                    ("south_south", "South → south"),
                ],
                max_length=20,
                null=True,
                verbose_name="direction",
            ),
        ),
        migrations.RunPython(by_direction, one_way),
        migrations.RemoveField(model_name="exchangeround", name="direction"),
        migrations.RemoveField(model_name="exchangeround", name="participants"),
    ]
