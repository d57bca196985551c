"""The programme's checklist: what Norec asks of every exchange (DOMAIN.md, steps 3 and 4).

It seeds the first checklist template (migration 0005) and the demo; advisers edit templates
afterwards. Each entry: (title, phase, responsible, due from, days offset, document?, applies to)."""

from django.utils.translation import gettext_noop as _

PROGRAMME_ITEMS = [
    # Before the exchange
    (_("Work permit"), "before", "host", "departure", -45, True, "all"),
    (_("Work contract"), "before", "sending", "departure", -45, True, "all"),
    (_("Travel booked"), "before", "sending", "departure", -30, False, "all"),
    (_("Visa"), "before", "participant", "departure", -21, True, "all"),
    (_("Travel and health insurance"), "before", "participant", "departure", -14, True, "all"),
    (_("Housing arranged"), "before", "host", "departure", -14, False, "all"),
    (_("Enrolled in Training 1"), "before", "sending", "departure", -60, False, "all"),
    (_("Colleagues prepared to receive the participant"), "before", "host", "departure", -7, False, "all"),
    (_("Plan for professional and social inclusion"), "before", "host", "departure", -7, False, "all"),
    # During the exchange
    (_("Introduction to the workplace and the home"), "during", "host", "departure", 7, False, "all"),
    (_("Detailed work plan for the year"), "during", "host", "departure", 30, True, "all"),
    (_("Follow-up meetings held"), "during", "host", "departure", 90, False, "all"),
    (_("Progress against the expected results reviewed"), "during", "sending", "departure", 180, False, "all"),
    (_("Changes reported to Norec"), "during", "sending", "return", -30, False, "all"),
    (_("Accounts and administration in order"), "during", "sending", "return", -30, False, "all"),
    (_("Plan for the follow-up work"), "during", "sending", "return", -60, True, "all"),
    (_("Enrolled in Training 2"), "during", "sending", "return", -60, False, "all"),
    # Before returning home (seed 003); its deadline's date is the training app's rule (NOREC_ELEARNING_DUE_BEFORE).
    (_("E-learning completed"), "during", "participant", "return", -30, True, "all"),
    # After the exchange
    (_("Follow-up work carried out"), "after", "sending", "return", 90, False, "all"),
    (_("Knowledge and skills transferred"), "after", "sending", "return", 60, False, "external"),
    (
        _("Organisational development (new routines, colleagues trained)"),
        "after",
        "sending",
        "return",
        90,
        False,
        "internal",
    ),
]


# The stable keys of the items another app ticks (training registers them; migration 0016 set them
# on the installed template): a template installed afresh carries them too.
PROGRAMME_ITEM_KEYS = {
    "Enrolled in Training 1": "enrolled_course_1",
    "Enrolled in Training 2": "enrolled_course_2",
    "E-learning completed": "e_learning_completed",
}


def install_programme_checklist(template_model, item_model):
    """The programme's template with its items, active, unless a template exists already. Takes
    the models as arguments so the data migration can pass its historical ones."""
    if template_model.objects.exists():
        return None
    template = template_model.objects.create(name="Norec programme checklist", is_active=True)
    # Migration 0005 installs it with the historical model, from before items had keys (0016).
    has_keys = any(field.name == "key" for field in item_model._meta.get_fields())
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
            **({"key": PROGRAMME_ITEM_KEYS.get(title, "")} if has_keys else {}),
        )
        for position, (title, phase, responsible, due_from, offset, document, applies_to) in enumerate(PROGRAMME_ITEMS)
    )
    return template
