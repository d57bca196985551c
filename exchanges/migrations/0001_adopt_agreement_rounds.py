# The exchange rounds move here from partnerships (AgreementRound) with their rows: first the model
# is declared on the existing table without touching the database, then the table is renamed to
# this app's name, and the unique constraint gets this app's name.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('partnerships', '0004_move_agreementround_to_exchanges'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ExchangeRound',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(verbose_name='round')),
                        ('direction', models.CharField(choices=[('north_south', 'North → south'), ('south_north', 'South → north'), ('south_south', 'South → south')], max_length=20, verbose_name='direction')),
                        ('participants', models.PositiveSmallIntegerField(verbose_name='number of participants')),
                        ('planned_start', models.DateField(verbose_name='planned start')),
                        ('planned_end', models.DateField(verbose_name='planned end')),
                        ('budget', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='budget')),
                        ('exchange_done_at', models.DateTimeField(blank=True, null=True, verbose_name='exchange done')),
                        ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rounds', to='partnerships.agreement')),
                        ('exchange_done_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'exchange round',
                        'verbose_name_plural': 'exchange rounds',
                        'ordering': ['number'],
                        'db_table': 'partnerships_agreementround',
                        'constraints': [models.UniqueConstraint(fields=('agreement', 'number'), name='agreement_round_unique_number')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name='exchangeround', table=None),
        migrations.RemoveConstraint(model_name='exchangeround', name='agreement_round_unique_number'),
        migrations.AddConstraint(
            model_name='exchangeround',
            constraint=models.UniqueConstraint(fields=('agreement', 'number'), name='exchange_round_unique_number'),
        ),
    ]
