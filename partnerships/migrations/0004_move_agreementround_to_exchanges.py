# AgreementRound moves to the exchanges app as ExchangeRound. This side only forgets the model:
# the table and its rows stay, and exchanges.0001_adopt_agreement_rounds takes them over.
# (Django docs: SeparateDatabaseAndState, "changing a ManyToManyField to use a through model" /
# moving a model between apps.)

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('partnerships', '0003_final_report_status_fsm'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='AgreementRound')],
            database_operations=[],
        ),
    ]
