"""The first checklist template: the programme's items (exchanges/programme_checklist.py)."""

from django.db import migrations


def create_programme_template(apps, schema_editor):
    from exchanges.programme_checklist import install_programme_checklist

    install_programme_checklist(apps.get_model("exchanges", "ChecklistTemplate"), apps.get_model("exchanges", "ChecklistTemplateItem"))


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0004_legs_participants_checklists")]

    operations = [migrations.RunPython(create_programme_template, migrations.RunPython.noop)]
