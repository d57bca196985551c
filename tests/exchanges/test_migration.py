"""The rounds move from partnerships (AgreementRound) to exchanges (ExchangeRound) with every row.

The test migrates its database back to just before the move, writes a case, an agreement and
rounds with the models as they were then, migrates forward and reads them back. It changes the
schema, so it runs in a transactional test (pytest-django flushes afterwards) and always migrates
forward again, even when it fails, for the tests that run after it in this process."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

MOVE = ("partnerships", "0004_move_agreementround_to_exchanges")
DONE_AT = datetime(2026, 11, 3, 9, 30, tzinfo=UTC)


def _before_the_move(executor) -> list[tuple[str, str]]:
    parents = executor.loader.get_migration(*MOVE).dependencies
    return [parent for parent in parents if parent[0] == "partnerships"]


def _migrate(executor, targets):
    executor.loader.build_graph()  # what is applied changed since the executor read it
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def _write_old_rounds(apps) -> dict:
    User = apps.get_model("norec", "User")
    Partnership = apps.get_model("partnerships", "Partnership")
    Application = apps.get_model("partnerships", "Application")
    Agreement = apps.get_model("partnerships", "Agreement")
    AgreementRound = apps.get_model("partnerships", "AgreementRound")
    adviser = User.objects.create(email="ada@norec.example", full_name="Ada Adviser", role="adviser")
    case = Partnership.objects.create(name="Young nurses exchange", adviser=adviser, phase="exchange")
    application = Application.objects.create(partnership=case, status="approved", budget_total=Decimal("850000.00"))
    agreement = Agreement.objects.create(
        partnership=case,
        application=application,
        period_start=date(2027, 1, 10),
        period_end=date(2029, 12, 20),
        budget_total=Decimal("850000.00"),
    )
    rounds = {
        1: ("north_south", 2, date(2027, 1, 10), date(2027, 12, 20), Decimal("400000.00"), DONE_AT, adviser),
        2: ("south_north", 3, date(2028, 1, 10), date(2028, 12, 20), Decimal("300000.00"), None, None),
        3: ("north_south", 1, date(2029, 1, 10), date(2029, 12, 20), Decimal("150000.00"), None, None),
    }
    for number, (direction, participants, start, end, budget, done_at, done_by) in rounds.items():
        AgreementRound.objects.create(
            agreement=agreement,
            number=number,
            direction=direction,
            participants=participants,
            planned_start=start,
            planned_end=end,
            budget=budget,
            exchange_done_at=done_at,
            exchange_done_by=done_by,
        )
    return {"agreement_id": agreement.pk, "adviser_id": adviser.pk, "rounds": rounds}


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_every_round_and_sets_its_state():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        old_apps = _migrate(executor, _before_the_move(executor))
        written = _write_old_rounds(old_apps)

        new_apps = _migrate(executor, latest)
        ExchangeRound = new_apps.get_model("exchanges", "ExchangeRound")
        kept = {
            r.number: (
                (r.participants_north_south, r.participants_south_north),  # by direction since exchanges 0010
                r.planned_start,
                r.planned_end,
                r.budget,
                r.exchange_done_at,
                r.exchange_done_by_id,
                r.state,
            )
            for r in ExchangeRound.objects.filter(agreement_id=written["agreement_id"])
        }
        adviser_id = written["adviser_id"]
        assert kept == {
            1: (
                (2, 0),
                date(2027, 1, 10),
                date(2027, 12, 20),
                Decimal("400000.00"),
                DONE_AT,
                adviser_id,
                "follow_up",
            ),
            2: ((0, 3), date(2028, 1, 10), date(2028, 12, 20), Decimal("300000.00"), None, None, "planned"),
            3: ((1, 0), date(2029, 1, 10), date(2029, 12, 20), Decimal("150000.00"), None, None, "planned"),
        }
        tables = connection.introspection.table_names()
        assert "exchanges_exchangeround" in tables
        assert "partnerships_agreementround" not in tables
        # The agreement still reaches its rounds by the same name.
        Agreement = new_apps.get_model("partnerships", "Agreement")
        assert Agreement.objects.get(pk=written["agreement_id"]).rounds.count() == 3
    finally:
        _migrate(executor, latest)
