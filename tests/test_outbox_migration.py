"""Moving to the outbox keeps what was emailed: each sent notification and invitation becomes a
sent outbox row with the key the outbox uses, so it is never sent again.

Like tests/exchanges/test_migration.py: migrates back to before the outbox, writes rows with the
models as they were, migrates forward, and always migrates forward again, even when it fails."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("norec", "0002_event_notification")]
SENT_AT = datetime(2026, 11, 3, 9, 30, tzinfo=UTC)


def _migrate(executor, targets):
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_what_was_sent_before_the_outbox_is_kept_as_sent():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        old = _migrate(executor, BEFORE)
        User = old.get_model("norec", "User")
        adviser = User.objects.create(email="ada@norec.example", full_name="Ada Adviser", role="adviser")
        invitee = User.objects.create(email="nora@example.org", full_name="Nora New", role="partner_contact")
        ContentType = old.get_model("contenttypes", "ContentType")
        event = old.get_model("norec", "AuditEvent").objects.create(
            action="user.invited", subject_type=ContentType.objects.get(app_label="norec", model="user"), subject_id=1
        )
        old.get_model("norec", "EventNotification").objects.create(event=event, recipient=adviser, sent_at=SENT_AT)
        Invitation = old.get_model("norec", "Invitation")
        sent = Invitation.objects.create(user=invitee, invited_by=adviser, sent_at=SENT_AT)
        Invitation.objects.create(user=invitee, invited_by=adviser)  # never sent: nothing to keep

        new = _migrate(executor, latest)
        rows = new.get_model("norec", "OutboxMessage").objects.order_by("key")
        assert [(row.key, row.to_email, row.state, row.sent_at) for row in rows] == [
            (f"emails/case_event:{event.pk}:{adviser.pk}", "ada@norec.example", "sent", SENT_AT),
            (f"invitation:{sent.pk}", "nora@example.org", "sent", SENT_AT),
        ]
        assert "norec_eventnotification" not in connection.introspection.table_names()
    finally:
        _migrate(executor, latest)
