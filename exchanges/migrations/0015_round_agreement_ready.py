from django.db import migrations, models
from django.db.models import Q
from django.utils import timezone


def mark_complete_agreements_ready(apps, schema_editor):
    """A round agreement saved complete before this field existed waits for the adviser from now:
    both C01 texts written and a budget line planned, not approved, its round still planned or
    recruiting (the rounds an adviser can still approve)."""
    ExchangeRound = apps.get_model("exchanges", "ExchangeRound")
    ExchangeRound.objects.filter(
        state__in=("planned", "recruiting"),
        agreement_approved_at__isnull=True,
        budget_lines__planned__gt=0,
    ).exclude(Q(activities="") | Q(contribution="")).update(agreement_ready_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0014_round_cancelled_participant_completed"),
    ]

    operations = [
        migrations.AddField(
            model_name="exchangeround",
            name="agreement_ready_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="round agreement ready for approval"),
        ),
        migrations.RunPython(mark_complete_agreements_ready, migrations.RunPython.noop),
    ]
