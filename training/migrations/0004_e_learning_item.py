from django.db import migrations

# The participant's e-learning (seed 003): an item of the programme's checklist, found by its key.
# A database made before the item was in the programme's list gets it in its active programme
# template; one made after has it (migration exchanges 0005) and gets only its key.
TITLE, KEY = "E-learning completed", "e_learning_completed"


def add_e_learning(apps, schema_editor):
    Template = apps.get_model("exchanges", "ChecklistTemplate")
    TemplateItem = apps.get_model("exchanges", "ChecklistTemplateItem")
    for template in Template.objects.filter(name="Norec programme checklist"):
        if TemplateItem.objects.filter(template=template, key=KEY).exists():
            continue
        item = TemplateItem.objects.filter(template=template, title=TITLE, key="").first()
        if item is not None:
            TemplateItem.objects.filter(pk=item.pk).update(key=KEY)
            continue
        last = TemplateItem.objects.filter(template=template).order_by("-position").first()
        TemplateItem.objects.create(
            template=template,
            title=TITLE,
            phase="during",
            responsible="participant",
            due_from="return",
            offset_days=-30,
            requires_document=True,
            applies_to="all",
            position=(last.position + 1) if last else 0,
            key=KEY,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0003_enrolments_and_calendar_feeds"),
        ("exchanges", "0016_checklist_item_keys"),
    ]

    operations = [migrations.RunPython(add_e_learning, migrations.RunPython.noop)]
