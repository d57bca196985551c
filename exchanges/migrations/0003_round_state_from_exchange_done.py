# Rounds adopted from partnerships had no state: a round whose exchange was marked done is in the
# follow-up, every other one is still planned (the default the state column was added with).

from django.db import migrations

PLANNED, FOLLOW_UP = 'planned', 'follow_up'


def state_from_exchange_done(apps, schema_editor):
    ExchangeRound = apps.get_model('exchanges', 'ExchangeRound')
    # update(), not save(): the state field is protected, and no transition runs for history.
    ExchangeRound.objects.filter(exchange_done_at__isnull=False).update(state=FOLLOW_UP)
    ExchangeRound.objects.filter(exchange_done_at__isnull=True).update(state=PLANNED)


class Migration(migrations.Migration):

    dependencies = [
        ('exchanges', '0002_exchangeround_state'),
    ]

    operations = [
        migrations.RunPython(state_from_exchange_done, migrations.RunPython.noop),
    ]
