"""Rounds move from one direction and one number to a number per direction (partnerships 0007,
exchanges 0010): the old direction's number goes to that direction, in the application's planned
rounds, in its saved versions and in the agreed exchange rounds; and back again.

As tests/exchanges/test_migration.py: the database is migrated back to just before the change,
rows are written with the models as they were, migrated forward and read back; it always migrates
forward again, even when it fails, for the tests that run after it in this process."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.exchanges.test_migration import _migrate

BEFORE = [("partnerships", "0006_application_revision"), ("exchanges", "0009_round_agreement_approval")]
FIELDS = ("participants_north_south", "participants_south_north", "participants_south_south")
# (direction, participants) of each planned round of the draft, by number
PLANNED = {1: ("north_south", 2), 2: ("south_north", 3), 3: ("", 4), 4: ("south_south", None)}
VERSION_ROUNDS = [
    {"direction": "north_south", "participants": "2", "planned_start": "2027-01-10", "budget": "1000.00"},
    {"direction": "", "participants": "", "planned_start": "", "budget": ""},
]


def _write_old_rows(apps) -> dict:
    User = apps.get_model("norec", "User")
    Partnership = apps.get_model("partnerships", "Partnership")
    Application = apps.get_model("partnerships", "Application")
    ApplicationRevision = apps.get_model("partnerships", "ApplicationRevision")
    PlannedRound = apps.get_model("partnerships", "PlannedRound")
    Agreement = apps.get_model("partnerships", "Agreement")
    ExchangeRound = apps.get_model("exchanges", "ExchangeRound")
    adviser = User.objects.create(email="ada@norec.example", full_name="Ada Adviser", role="adviser")
    case = Partnership.objects.create(name="Young nurses exchange", adviser=adviser, phase="exchange")
    application = Application.objects.create(partnership=case, status="approved")
    for number, (direction, participants) in PLANNED.items():
        PlannedRound.objects.create(
            application=application, number=number, direction=direction, participants=participants
        )
    version = ApplicationRevision.objects.create(
        application=application, number=2, content={"cooperation": "Monthly.", "rounds": VERSION_ROUNDS}
    )
    agreement = Agreement.objects.create(
        partnership=case,
        application=application,
        period_start=date(2027, 1, 10),
        period_end=date(2028, 12, 20),
        budget_total=Decimal("700000.00"),
    )
    for number, direction, participants in ((1, "north_south", 2), (2, "south_north", 3)):
        ExchangeRound.objects.create(
            agreement=agreement,
            number=number,
            direction=direction,
            participants=participants,
            planned_start=date(2027, 1, 10),
            planned_end=date(2027, 12, 20),
            budget=Decimal("350000.00"),
        )
    return {"application": application.pk, "version": version.pk, "agreement": agreement.pk}


def _by_direction(rows) -> dict:
    return {row.number: tuple(getattr(row, field) for field in FIELDS) for row in rows}


@pytest.mark.django_db(transaction=True)
def test_each_number_goes_to_its_direction_and_back():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        written = _write_old_rows(_migrate(executor, BEFORE))

        apps = _migrate(executor, latest)
        PlannedRound = apps.get_model("partnerships", "PlannedRound")
        ExchangeRound = apps.get_model("exchanges", "ExchangeRound")
        ApplicationRevision = apps.get_model("partnerships", "ApplicationRevision")
        # A draft's number without a direction had no way to go: the missing-items list asks again.
        assert _by_direction(PlannedRound.objects.filter(application_id=written["application"])) == {
            1: (2, 0, 0),
            2: (0, 3, 0),
            3: (0, 0, 0),
            4: (0, 0, 0),
        }
        assert _by_direction(ExchangeRound.objects.filter(agreement_id=written["agreement"])) == {
            1: (2, 0, 0),
            2: (0, 3, 0),
        }
        content = ApplicationRevision.objects.get(pk=written["version"]).content
        assert content["cooperation"] == "Monthly."
        assert content["rounds"] == [
            {
                "participants_north_south": "2",
                "participants_south_north": "0",
                "participants_south_south": "0",
                "planned_start": "2027-01-10",
                "budget": "1000.00",
            },
            {
                "participants_north_south": "0",
                "participants_south_north": "0",
                "participants_south_south": "0",
                "planned_start": "",
                "budget": "",
            },
        ]

        # Back: a round goes the way most of its participants go, with them all.
        ExchangeRound.objects.filter(agreement_id=written["agreement"], number=2).update(participants_north_south=1)
        apps = _migrate(executor, BEFORE)
        PlannedRound = apps.get_model("partnerships", "PlannedRound")
        ExchangeRound = apps.get_model("exchanges", "ExchangeRound")
        ApplicationRevision = apps.get_model("partnerships", "ApplicationRevision")
        planned = PlannedRound.objects.filter(application_id=written["application"]).order_by("number")
        assert [(r.direction, r.participants) for r in planned] == [
            ("north_south", 2),
            ("south_north", 3),
            ("", None),
            ("", None),
        ]
        rounds = ExchangeRound.objects.filter(agreement_id=written["agreement"]).order_by("number")
        assert [(r.direction, r.participants) for r in rounds] == [("north_south", 2), ("south_north", 4)]
        assert ApplicationRevision.objects.get(pk=written["version"]).content["rounds"][0] == VERSION_ROUNDS[0]
    finally:
        _migrate(executor, latest)
