"""The first checklist template: the programme's items (exchanges/programme_checklist.py)."""

from django.db import migrations


def create_programme_template(apps, schema_editor):
    from exchanges.programme_checklist import PROGRAMME_ITEMS

    template_model = apps.get_model("exchanges", "ChecklistTemplate")
    item_model = apps.get_model("exchanges", "ChecklistTemplateItem")
    if template_model.objects.exists():
        return
    template = template_model.objects.create(name="Norec programme checklist", is_active=True)
    item_model.objects.bulk_create(
        item_model(
            template=template,
            title=title,
            phase=phase,
            responsible=responsible,
            due_from=due_from,
            offset_days=offset,
            requires_document=document,
            applies_to=applies_to,
            position=position,
        )
        for position, (title, phase, responsible, due_from, offset, document, applies_to) in enumerate(PROGRAMME_ITEMS)
    )


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0004_legs_participants_checklists")]

    operations = [migrations.RunPython(create_programme_template, migrations.RunPython.noop)]
