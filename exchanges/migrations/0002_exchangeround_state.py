import django_fsm
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('exchanges', '0001_adopt_agreement_rounds'),
    ]

    operations = [
        migrations.AddField(
            model_name='exchangeround',
            name='state',
            field=django_fsm.FSMField(choices=[('planned', 'Planned'), ('follow_up', 'Follow-up')], default='planned', max_length=20, protected=True, verbose_name='state'),
        ),
    ]
